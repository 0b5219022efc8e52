"""Does the linker depend on the CRM's layout? The same customers in another layout.

    .venv/bin/python bench/layout_holdout.py                   # dev-large
    .venv/bin/python bench/layout_holdout.py --data dev-small  # quick

The dev CRM has separate first and last names and ISO dates. Real CRMs differ, so
this rewrites it in the holdout layout of issue 3 (``id``, one ``full_name`` column,
``email_address``, ``mobile``, ``zip``, ``town``, ``country_code``, ``dob`` as
DD.MM.YYYY, plus a column no field claims). The full name is written the ways CRMs
write it: "Given Family" (60 %), "Family, Given" (20 %), "FAMILY Given" (20 %),
chosen with a fixed seed. Then it runs ``identitylink link`` on both CRMs, the
second through a mapping file, with the same profiles, and prints precision,
recall and F1 of each against ``truth.csv``. A full name loses what a first-name
column knew: where a compound given name ends ("Marie Hélène Tracque"), so the
figures need not be equal; a large drop would mean the linker leans on the layout.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from pathlib import Path

from _measure import resolve_data
from link_dev import run_ours

COLUMNS = {
    "customer_id": "id",
    "full_name": "full_name",
    "email": "email_address",
    "phone": "mobile",
    "postcode": "zip",
    "city": "town",
    "country": "country_code",
    "birth_date": "dob",
}
MAPPING = {"columns": COLUMNS, "date_format": "%d.%m.%Y"}


def _full_name(given: str, family: str, rnd: random.Random) -> str:
    style = rnd.random()
    if not given or not family:
        return given or family
    if style < 0.6:
        return f"{given} {family}"
    if style < 0.8:
        return f"{family}, {given}"
    return f"{family.upper()} {given}"


def _dob(iso: str) -> str:
    """1992-01-19 -> 19.01.1992; anything else as it is (partial or empty)."""
    if len(iso) == 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}"
    return iso


def rewrite(crm: Path, out_dir: Path, seed: int = 7) -> tuple[Path, Path]:
    """The holdout-layout CRM and its mapping file, written into ``out_dir``."""
    rnd = random.Random(seed)
    target = out_dir / "crm_holdout.csv"
    with (
        crm.open(encoding="utf-8-sig", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        writer = csv.writer(dst)
        writer.writerow([*COLUMNS.values(), "segment"])
        for row in csv.DictReader(src):
            writer.writerow(
                [
                    row["customer_id"],
                    _full_name(row["first_name"], row["last_name"], rnd),
                    row["email"],
                    row["phone"],
                    row["postcode"],
                    row["city"],
                    row["country"],
                    _dob(row["birth_date"]),
                    rnd.choice(["gold", "silver", ""]),
                ]
            )
    mapping = out_dir / "crm_holdout_mapping.json"
    mapping.write_text(json.dumps(MAPPING, indent=2), encoding="utf-8")
    return target, mapping


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory or name under ../shared/data")
    args = parser.parse_args(argv)
    data = resolve_data(args.data)
    with tempfile.TemporaryDirectory(prefix="identitylink-layout-") as tmp:
        work = Path(tmp)
        crm, mapping = rewrite(data / "crm.csv", work)
        runs = {
            "dev layout": None,
            "holdout layout": ["--crm", str(crm), "--crm-mapping", str(mapping)],
        }
        print(f"data: {data}")
        print(
            f"{'CRM':<16}{'F1':>8}{'P':>8}{'R':>8}{'F1 X':>8}{'F1 FB':>8}{'wall s':>8}"
        )
        for label, crm_args in runs.items():
            out = work / f"{label.replace(' ', '_')}.csv"
            run = run_ours(data, out, crm_args)
            if run.report is None or run.measured is None:
                print(f"{label}: identitylink {run.note}")
                return 1
            o = run.report.overall
            x = run.report.by_platform.get("twitter")
            fb = run.report.by_platform.get("facebook")
            print(
                f"{label:<16}{o.f1:>8.4f}{o.precision:>8.3f}{o.recall:>8.3f}"
                f"{x.f1 if x else 0.0:>8.4f}{fb.f1 if fb else 0.0:>8.4f}"
                f"{run.measured.wall_s:>8.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

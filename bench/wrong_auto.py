"""Which evidence makes the wrong ``auto`` links of a data set?

    .venv/bin/python bench/wrong_auto.py                       # world large
    .venv/bin/python bench/wrong_auto.py --data bench/.world/small-seed11
    .venv/bin/python bench/wrong_auto.py --data ../shared/data/dev-large

Links the set in process with the default spec (column readers, a CRM mapping
``crm_mapping.json`` when the folder has one), keeps the ``auto`` links whose
customer is not the truth file's, and counts them by the set of comparison levels
that brought more than ``--bits`` bits; ``--examples N`` prints N of them with
their terms. Run ``bench/gen_world.py --size large`` first for the default folder.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

import identitylink as il


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).parent / ".world" / "large-seed11"
    )
    parser.add_argument("--bits", type=float, default=2.0)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    folder = args.data
    mapping_file = folder / "crm_mapping.json"
    mapping = json.loads(mapping_file.read_text()) if mapping_file.exists() else None
    crm = il.read_crm_columns(folder / "crm.csv", mapping=mapping, errors="collect")
    profiles = il.ColumnRead.concat(
        [
            il.read_twitter_columns(folder / "twitter.jsonl", errors="collect"),
            il.read_facebook_columns(folder / "facebook.jsonl", errors="collect"),
        ]
    )
    result = il.Linker().link(crm, profiles)
    with (folder / "truth.csv").open(newline="", encoding="utf-8") as fh:
        truth = {
            (r["profile_platform"], r["profile_id"]): r["customer_id"]
            for r in csv.DictReader(fh)
        }
    auto = [d for d in result.links if d.band == "auto"]
    wrong = [
        d
        for d in auto
        if truth.get((d.profile_platform, d.profile_id)) != d.customer_id
    ]
    shapes: Counter[tuple[str, ...]] = Counter()
    for k, d in enumerate(wrong):
        terms = d.explanation.terms
        strong = sorted(
            f"{t.comparison}:{t.level}" for t in terms if t.weight > args.bits
        )
        shapes[tuple(strong)] += 1
        if k < args.examples:
            shown = [
                (t.comparison, t.level, round(t.weight, 1), t.left, t.right)
                for t in terms
                if abs(t.weight) > 0.5
            ]
            print(d.profile_platform, d.profile_id, "->", d.customer_id, shown)
    print(f"{len(auto)} auto links, {len(wrong)} wrong; by levels > {args.bits} bits:")
    for shape, count in shapes.most_common(args.top):
        print(f"{count:6d}  {' + '.join(shape) or '(none)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

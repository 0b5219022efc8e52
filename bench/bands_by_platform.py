"""Precision per band and per probability bucket, per platform (issue 17 items 3, 6).

Links ``crm.csv`` with ``twitter.jsonl`` and ``facebook.jsonl`` (an untrained
``Linker()``, as ``identitylink link`` does) and scores every link against
``truth.csv``: for each platform, how many links fall in each band (``auto``,
``review``) and in each probability bucket, and what share of them is right. This
is what the review threshold and the auto band are judged by.

    .venv/bin/python bench/bands_by_platform.py --data dev-small
    .venv/bin/python bench/bands_by_platform.py --data dev-large
    .venv/bin/python bench/bands_by_platform.py --data dev-small --json
    .venv/bin/python bench/bands_by_platform.py --review 0.1   # below the default

``--review`` lowers (or raises) the review threshold of the default spec, to see
the precision of the links a lower threshold would add.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import resolve_data

from identitylink import (
    Linker,
    LinkSpec,
    read_crm,
    read_facebook,
    read_truth,
    read_twitter,
)

BUCKETS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 1.0)
PLATFORMS = ("twitter", "facebook", "all")


def _bucket(p: float) -> str:
    for lo, hi in itertools.pairwise(BUCKETS):
        if p < hi or hi == 1.0:
            return f"[{lo:g}, {hi:g})" if hi < 1.0 else f"[{lo:g}, 1]"
    return "?"  # pragma: no cover - p <= 1


def measure(data: Path, review: float | None = None) -> dict[str, object]:
    crm = read_crm(data / "crm.csv")
    profiles = [
        *read_twitter(data / "twitter.jsonl").records,
        *read_facebook(data / "facebook.jsonl").records,
    ]
    truth_frame = read_truth(data / "truth.csv")
    truth = set(
        zip(
            truth_frame["profile_platform"],
            truth_frame["profile_id"],
            truth_frame["customer_id"],
            strict=True,
        )
    )
    true_by_platform: dict[str, int] = {}
    for platform, _, _ in truth:
        true_by_platform[platform] = true_by_platform.get(platform, 0) + 1
    true_by_platform["all"] = len(truth)
    spec = LinkSpec.default()
    if review is not None:
        thresholds = spec.thresholds.model_copy(update={"review": review})
        spec = spec.model_copy(update={"thresholds": thresholds})
    result = Linker(spec).link(crm, profiles)
    table: dict[str, dict[str, dict[str, list[int]]]] = {
        p: {"band": {}, "bucket": {}} for p in PLATFORMS
    }
    for d in result.links:
        right = (d.profile_platform, d.profile_id, d.customer_id) in truth
        for platform in (d.profile_platform, "all"):
            for kind, key in (("band", d.band), ("bucket", _bucket(d.probability))):
                cell = table[platform][kind].setdefault(key, [0, 0])
                cell[0] += 1
                cell[1] += int(right)
    out: dict[str, object] = {
        "data": str(data),
        "review threshold": spec.thresholds.review,
        "auto threshold": spec.thresholds.auto,
        "platforms": {},
    }
    for platform in PLATFORMS:
        rows: dict[str, object] = {"true links": true_by_platform.get(platform, 0)}
        for kind in ("band", "bucket"):
            cells = table[platform][kind]
            rows[kind] = {
                key: {
                    "links": n,
                    "right": ok,
                    "precision": round(ok / n, 4) if n else None,
                }
                for key, (n, ok) in sorted(cells.items())
            }
        out["platforms"][platform] = rows  # type: ignore[index]  # dict built above
    return out


def print_report(report: dict[str, object]) -> None:
    print(f"data: {report['data']}")
    print(
        f"thresholds: review {report['review threshold']}, "
        f"auto {report['auto threshold']}"
    )
    platforms = report["platforms"]
    assert isinstance(platforms, dict)
    for platform, rows in platforms.items():
        print(f"\n{platform} (true links: {rows['true links']})")
        for kind in ("band", "bucket"):
            print(f"  {kind:<16}{'links':>8}{'right':>8}{'precision':>11}{'recall':>8}")
            for key, cell in rows[kind].items():
                prec = "-" if cell["precision"] is None else f"{cell['precision']:.4f}"
                share = cell["right"] / max(rows["true links"], 1)
                print(
                    f"  {key:<16}{cell['links']:>8}{cell['right']:>8}"
                    f"{prec:>11}{share:>8.3f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="dev-small", help="path or shared name")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--review", type=float, help="review threshold to use")
    args = parser.parse_args()
    report = measure(resolve_data(args.data), args.review)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)


if __name__ == "__main__":
    main()

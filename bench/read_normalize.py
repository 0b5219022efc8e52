"""Read and normalise dev-large (200k CRM rows, ~100k profiles): wall time and peak RSS.

    .venv/bin/python bench/read_normalize.py                   # dev-large
    .venv/bin/python bench/read_normalize.py --data dev-small  # quick

Stages: import, ``read_crm``, ``read_twitter``, ``read_facebook``, then
normalisation. Normalisation is the linker's feature builder
(``identitylink._engine.features.build_side``: every record's names, e-mail, phone,
place and birthday turned into columns of normalised keys), which is what "normalise"
means for linking. With ``--breakdown`` the script instead times each
``identitylink.normalize`` function over the distinct values of its field, to show
where normalisation time goes.
Issue 3 target: <= 10 s wall and <= 1 GB peak RSS for the whole run.
"""

from __future__ import annotations

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402  (imports are timed as a stage of the run)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _measure import resolve_data  # noqa: E402

from identitylink import Customer, SocialProfile  # noqa: E402
from identitylink.sources import read_crm, read_facebook, read_twitter  # noqa: E402

_T_IMPORTED = time.perf_counter()

WALL_TARGET_S = 10.0
RSS_TARGET_MB = 1024.0


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc; the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except OSError:
        return peak_rss_mb()
    return pages * resource.getpagesize() / (1024 * 1024)


def normalise_fields(
    customers: Sequence[Customer], profiles: Sequence[SocialProfile]
) -> list[tuple[str, int, float]]:
    """Time each normalize function over the distinct values of its field.

    Returns (what, distinct values, seconds) rows; the first place lookup, which
    loads the gazetteer, is timed on its own.
    """
    from identitylink import normalize as nz

    def distinct(values: Any) -> list[Any]:
        return list(dict.fromkeys(v for v in values if v))

    given = distinct(g for c in customers for g in c.given_names)
    given += distinct(p.given_name for p in profiles)
    family = distinct(f for c in customers for f in c.family_names)
    family += distinct(p.family_name for p in profiles)
    jobs: list[tuple[str, Callable[[Any], object], list[Any]]] = [
        ("gazetteer load", lambda t: nz.normalize_place(t), ["Lyon"]),
        ("given names", lambda g: (nz.given_name_keys(g), nz.nickname_group(g)), given),
        ("family names", lambda f: (nz.name_keys(f), nz.phonetic_key(f)), family),
        (
            "display names",
            lambda d: nz.fold(nz.clean_display_name(d)),
            distinct(p.display_name for p in profiles),
        ),
        (
            "e-mails",
            nz.canonical_email,
            distinct([*(c.email for c in customers), *(p.email for p in profiles)]),
        ),
        (
            "phones",
            lambda pc: nz.normalize_phone(pc[0], pc[1]),
            distinct((c.phone, c.country) if c.phone else None for c in customers),
        ),
        (
            "CRM cities",
            lambda cc: nz.normalize_place(cc[0], cc[1]),
            distinct((c.city, c.country) if c.city else None for c in customers),
        ),
        (
            "profile places",
            nz.normalize_place,
            distinct(
                (p.location.name if p.location else p.location_text) for p in profiles
            )
            + distinct(p.hometown.name if p.hometown else None for p in profiles),
        ),
    ]
    rows = []
    for what, func, values in jobs:
        start = time.perf_counter()
        for v in values:
            func(v)
        rows.append((what, len(values), time.perf_counter() - start))
    return rows


class Stages:
    """Wall time, RSS after, and peak RSS so far, of each named stage."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, name: str, seconds: float, detail: str = "") -> None:
        self.rows.append(
            {
                "stage": name,
                "seconds": round(seconds, 3),
                "rss_mb": round(current_rss_mb()),
                "peak_rss_mb": round(peak_rss_mb()),
                "detail": detail,
            }
        )

    def run(
        self, name: str, func: Callable[[], Any], detail: Callable[[Any], str]
    ) -> Any:
        start = time.perf_counter()
        value = func()
        self.add(name, time.perf_counter() - start, detail(value))
        return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory or name under ../shared/data")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="instead of the feature builder, time each normalize function over "
        "the distinct values of its field (where does normalisation time go?)",
    )
    args = parser.parse_args(argv)
    data = resolve_data(args.data)

    stages = Stages()
    stages.add("import identitylink", _T_IMPORTED - _T_START)

    def read_result(r: Any) -> str:
        return f"{len(r.records)} records, {len(r.errors)} errors"

    crm = stages.run(
        "read_crm",
        lambda: read_crm(data / "crm.csv", errors="collect"),
        read_result,
    )
    twitter = stages.run(
        "read_twitter",
        lambda: read_twitter(data / "twitter.jsonl", errors="collect"),
        read_result,
    )
    facebook = stages.run(
        "read_facebook",
        lambda: read_facebook(data / "facebook.jsonl", errors="collect"),
        read_result,
    )
    customers = list(crm.records)
    profiles = [*twitter.records, *facebook.records]

    if args.breakdown:
        rows = normalise_fields(customers, profiles)
        for what, n, seconds in rows:
            stages.add(f"normalize: {what}", seconds, f"{n} distinct values")
    else:
        from identitylink._engine.features import build_side

        stages.run(
            "features: customers",
            lambda: build_side(customers),
            lambda side: f"{side.n} rows",
        )
        stages.run(
            "features: profiles",
            lambda: build_side(profiles),
            lambda side: f"{side.n} rows",
        )

    total = time.perf_counter() - _T_START
    peak = peak_rss_mb()
    print(f"data: {data}")
    print(f"{'stage':<28}{'seconds':>9}{'RSS MB':>9}{'peak MB':>9}  detail")
    for row in stages.rows:
        print(
            f"{row['stage']:<28}{row['seconds']:>9.2f}{row['rss_mb']:>9}"
            f"{row['peak_rss_mb']:>9}  {row['detail']}"
        )
    print(f"{'total (process)':<28}{total:>9.2f}{'':>9}{peak:>9.0f}")
    wall_ok = "ok" if total <= WALL_TARGET_S else "MISSED"
    rss_ok = "ok" if peak <= RSS_TARGET_MB else "MISSED"
    print(f"targets (issue 3): wall {total:.1f} s <= {WALL_TARGET_S:g} s: {wall_ok}")
    print(
        f"                   peak RSS {peak:.0f} MB <= {RSS_TARGET_MB:g} MB: {rss_ok}"
    )
    if args.json:
        payload = {
            "data": str(data),
            "stages": stages.rows,
            "total_s": total,
            "peak_rss_mb": peak,
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

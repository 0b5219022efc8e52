"""Read and normalise dev-large (200k CRM rows, ~100k profiles): wall time and peak RSS.

    .venv/bin/python bench/read_normalize.py                   # dev-large
    .venv/bin/python bench/read_normalize.py --data dev-small  # quick

Stages: import, ``read_crm``, ``read_twitter``, ``read_facebook``, then
normalisation. Normalisation is the linker's feature builder
(``identitylink._features.build_side``: every record's names, e-mail, phone, place
and birthday turned into columns of normalised keys), which is what "normalise"
means for linking; where it is not available the script calls the
``identitylink.normalize`` functions on every record's fields instead and says so.
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
) -> dict[str, int]:
    """Fallback: call the normalize functions on every record's fields."""
    from identitylink import normalize as nz

    counts = {"names": 0, "emails": 0, "phones": 0, "places": 0}
    for c in customers:
        for g in c.given_names:
            nz.given_name_keys(g)
            nz.nickname_group(g)
        for f in c.family_names:
            nz.name_keys(f)
            nz.phonetic_key(f)
        counts["names"] += 1
        if c.email:
            nz.canonical_email(c.email)
            counts["emails"] += 1
        if c.phone:
            nz.normalize_phone(c.phone, c.country)
            counts["phones"] += 1
        if c.city:
            nz.normalize_place(c.city, c.country)
            counts["places"] += 1
    for p in profiles:
        if p.display_name:
            nz.fold(nz.clean_display_name(p.display_name))
        for name in (p.given_name, p.middle_name):
            if name:
                nz.given_name_keys(name)
        if p.family_name:
            nz.name_keys(p.family_name)
        counts["names"] += 1
        if p.email:
            nz.canonical_email(p.email)
            counts["emails"] += 1
        place = p.location.name if p.location else p.location_text
        if place:
            nz.normalize_place(place)
            counts["places"] += 1
    return counts


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

    try:
        from identitylink._features import build_side
    except ImportError as exc:
        print(f"note: no feature builder ({exc}); normalising fields one by one")
        stages.run(
            "normalize (fields)",
            lambda: normalise_fields(customers, profiles),
            lambda counts: ", ".join(f"{v} {k}" for k, v in counts.items()),
        )
    else:
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
    print(f"{'stage':<24}{'seconds':>9}{'RSS MB':>9}{'peak MB':>9}  detail")
    for row in stages.rows:
        print(
            f"{row['stage']:<24}{row['seconds']:>9.2f}{row['rss_mb']:>9}"
            f"{row['peak_rss_mb']:>9}  {row['detail']}"
        )
    print(f"{'total (process)':<24}{total:>9.2f}{'':>9}{peak:>9.0f}")
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

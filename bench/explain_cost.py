"""What explaining the rejected candidates costs (``link --explain``, issue 17 item 13).

    .venv/bin/python bench/explain_cost.py                  # dev-small
    .venv/bin/python bench/explain_cost.py --data dev-large

Reads the data once, trains once, then times ``Linker.link`` with and without
``rejected=True`` (best of ``--repeat`` runs each) and prints the decisions each
writes.
"""

from __future__ import annotations

import argparse
import time

from _measure import resolve_data

from identitylink import Linker, ReadResult, read_crm, read_facebook, read_twitter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="dev-small (default), dev-large")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = resolve_data(args.data, default="dev-small")
    customers = read_crm(data / "crm.csv", errors="collect")
    twitter = read_twitter(data / "twitter.jsonl", errors="collect")
    facebook = read_facebook(data / "facebook.jsonl", errors="collect")
    profiles = ReadResult(
        records=[*twitter.records, *facebook.records], errors=[], source="both"
    )
    spec = Linker().train(customers, profiles)
    for rejected in (False, True):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = Linker(spec).link(customers, profiles, rejected=rejected)
            best = min(best, time.perf_counter() - start)
        print(
            f"{data.name} rejected={rejected!s:<5}  link {best:6.2f} s  "
            f"decide {result.timings.get('decide', 0.0):5.2f} s  "
            f"links {len(result.links)}  rejected pairs {len(result.rejected)}"
        )


if __name__ == "__main__":
    main()

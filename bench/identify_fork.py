"""Does a forked service worker pay for sharing the index copy-on-write?

    .venv/bin/python bench/identify_fork.py                    # dev-large
    .venv/bin/python bench/identify_fork.py --data dev-small   # quick

Builds an ``identitylink.Index`` on the data set as shipped (its profiles known),
identifies ``--calls`` profiles in this process, then freezes the garbage
collector and forks as ``identitylink serve --workers`` does. The child
identifies ``--calls`` other profiles, then the same ones again; the parent then
identifies those too. Each line prints the CPU time per call (user + system) and
the minor page faults per call: a page fault is a page copied from the shared
memory, so the first pass of the child shows what copy-on-write costs.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource

from _measure import resolve_data
from identify import _read

import identitylink as il


def _usage() -> tuple[float, int]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime, used.ru_minflt


def _run(index: il.Index, label: str, profiles: list[il.SocialProfile]) -> None:
    cpu, faults = _usage()
    for p in profiles:
        index.identify(p)
    cpu2, faults2 = _usage()
    n = max(1, len(profiles))
    print(
        f"{label}: {1000 * (cpu2 - cpu) / n:.2f} ms CPU a call, "
        f"{(faults2 - faults) / n:.0f} minor page faults a call",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="dev-large")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    crm, profiles = _read(resolve_data(args.data))
    index = il.Index(il.Linker().train(crm, profiles), list(crm.records), profiles)
    index.identify(profiles[0])
    rng = random.Random(args.seed)
    asks = [rng.choice(profiles) for _ in range(2 * args.calls)]
    first, second = asks[: args.calls], asks[args.calls :]
    _run(index, "parent, before the fork", first)
    gc.collect()
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        _run(index, "child, first pass", second)
        _run(index, "child, the same profiles again", second)
        os._exit(0)
    os.waitpid(pid, 0)
    _run(index, "parent, after the fork", second)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Real-time identification: build an Index on a data set, then time identify().

    .venv/bin/python bench/identify_latency.py                    # dev-large
    .venv/bin/python bench/identify_latency.py --data dev-small --sample 300

Trains the default spec on the data set (as a batch run would), builds an
``identitylink.Index`` over every customer and every known profile, then identifies
``--sample`` profiles drawn with a fixed seed, one call each, and prints the build
time, p50 / p95 / max latency per call, the share of answers equal to the batch
run's decision for the same profile, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

import identitylink as il

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="dev-large")
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    data = Path(args.data) if Path(args.data).is_dir() else SHARED / args.data
    crm = il.read_crm(data / "crm.csv", errors="collect")
    tw = il.read_twitter(data / "twitter.jsonl", errors="collect")
    fb = il.read_facebook(data / "facebook.jsonl", errors="collect")
    profiles = list(tw.records) + list(fb.records)
    t = time.perf_counter()
    linker = il.Linker()
    batch = linker.link(crm, profiles)
    t_batch = time.perf_counter() - t
    decided = {(d.profile_platform, d.profile_id): d for d in batch.links}
    t = time.perf_counter()
    index = il.Index(linker.spec, crm, profiles)
    index.identify(profiles[0])  # builds the columns, blocking codes, neighbours
    t_build = time.perf_counter() - t
    rng = random.Random(args.seed)
    sample = rng.sample(profiles, min(args.sample, len(profiles)))
    ms: list[float] = []
    same = 0
    for p in sample:
        start = time.perf_counter()
        answer = index.identify(p)
        ms.append((time.perf_counter() - start) * 1000)
        b = decided.get((p.platform, p.profile_id))
        a = answer.decision
        same += (a is None and b is None) or (
            a is not None and b is not None and a.customer_id == b.customer_id
        )
    arr = np.array(ms)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"data {data.name}: {len(crm)} customers, {len(profiles)} profiles")
    print(f"batch link (train + link): {t_batch:.1f} s")
    print(f"index build (columns, blocking codes, known profiles): {t_build:.1f} s")
    print(
        f"identify x{len(sample)}: p50 {np.percentile(arr, 50):.1f} ms, "
        f"p95 {np.percentile(arr, 95):.1f} ms, max {arr.max():.1f} ms"
    )
    print(f"same customer as the batch decision: {same}/{len(sample)}")
    print(f"peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

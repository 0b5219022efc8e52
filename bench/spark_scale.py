"""Link dev-large on Spark ``local[2]`` and with the local engine: time per stage.

Both engines run in this one process on the same records, one after the other
(the local engine first), so the comparison shows where Spark's time goes: the
session start, blocking (the key frames are built on the driver, the join runs on
Spark), the kernel (``mapInArrow`` by hash bucket) and the driver-side stages that
both engines share (normalise, train, decide). The two link sets are compared link
by link.

    .venv/bin/python bench/spark_scale.py                   # dev-large
    .venv/bin/python bench/spark_scale.py --data dev-small  # quick
    .venv/bin/python bench/spark_scale.py --buckets 16 --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import resolve_data  # bench-local helper after the path fix

from identitylink import Linker, read_crm, read_facebook, read_twitter


def _key(result: Any) -> list[tuple[Any, ...]]:
    return [
        (
            x.profile_platform,
            x.profile_id,
            x.customer_id,
            x.band,
            x.match_weight,
            x.probability,
        )
        for x in result.links
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="directory or ../shared/data name")
    parser.add_argument("--buckets", type=int, default=8, help="kernel hash buckets")
    parser.add_argument("--cores", type=int, default=2, help="local[N] for Spark")
    parser.add_argument("--json", type=Path, default=None, help="write figures here")
    args = parser.parse_args()
    data = resolve_data(args.data)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    t = time.perf_counter()
    customers = read_crm(data / "crm.csv", errors="collect")
    profiles = [*read_twitter(data / "twitter.jsonl", errors="collect")]
    profiles += read_facebook(data / "facebook.jsonl", errors="collect")
    read_s = time.perf_counter() - t
    print(f"data: {data} ({len(customers)} customers, {len(profiles)} profiles)")
    print(f"read: {read_s:.1f} s (shared by both engines, not counted below)")

    local = Linker()
    t = time.perf_counter()
    local_result = local.link(customers, profiles)
    local_s = time.perf_counter() - t

    from pyspark.sql import SparkSession

    t = time.perf_counter()
    session = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("identitylink-bench")
        .config("spark.sql.shuffle.partitions", str(args.cores * 2))
        .config("spark.driver.memory", "8g")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    start_s = time.perf_counter() - t
    spark = Linker(engine="spark", spark=session, spark_buckets=args.buckets)
    t = time.perf_counter()
    spark_result = spark.link(customers, profiles)
    spark_s = time.perf_counter() - t
    session.stop()

    same = _key(local_result) == _key(spark_result)
    rss_mb = psutil.Process().memory_info().rss / 2**20
    print(f"\n{'stage':<12}{'local s':>10}{'spark s':>10}")
    for stage in Linker.STAGES:
        a, b = local.timings.get(stage, 0.0), spark.timings.get(stage, 0.0)
        print(f"{stage:<12}{a:>10.2f}{b:>10.2f}")
    print(f"{'total':<12}{local_s:>10.2f}{spark_s:>10.2f}")
    print(f"spark session start: {start_s:.1f} s (not in the total)")
    print(f"links: local {len(local_result.links)}, spark {len(spark_result.links)}")
    print(f"same links, bands, weights and probabilities: {same}")
    print(f"driver RSS at the end: {rss_mb:.0f} MB (the JVM is a separate process)")
    if args.json is not None:
        figures = {
            "data": str(data),
            "local_s": round(local_s, 2),
            "spark_s": round(spark_s, 2),
            "spark_start_s": round(start_s, 2),
            "local_timings": local.timings,
            "spark_timings": spark.timings,
            "links": len(local_result.links),
            "same_links": same,
        }
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

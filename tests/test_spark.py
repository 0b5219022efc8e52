"""The Spark engine gives the local engine's links, to the last link.

Runs Spark in ``local[2]``; skipped with a reason when Java or pyspark is missing
(CI has both: Java 17 and the ``spark`` extra in ``dev``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from identitylink import (
    ConfigurationError,
    Linker,
    LinkResult,
    read_crm,
    read_facebook,
    read_twitter,
)

pytest.importorskip("pyspark", reason="the spark extra is not installed")
if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
    pytest.skip("Spark needs Java (none on PATH)", allow_module_level=True)

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parents[1] / "examples" / "data"
DEV_SMALL = Path(
    os.environ.get(
        "IDENTITYLINK_DEV_SMALL",
        Path(__file__).parents[2] / "shared" / "data" / "dev-small",
    )
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The executors' Python must be this one (with identitylink installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("identitylink-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def _inputs(folder: Path, mapping: Path | None) -> tuple[Any, list[Any]]:
    customers = read_crm(folder / "crm.csv", mapping, errors="collect")
    profiles = [*read_twitter(folder / "twitter.jsonl", errors="collect")]
    profiles += read_facebook(folder / "facebook.jsonl", errors="collect")
    return customers, profiles


def _decisions(result: LinkResult) -> list[tuple[Any, ...]]:
    return [
        (
            link.profile_platform,
            link.profile_id,
            link.customer_id,
            link.band,
            link.match_weight,
            link.probability,
            link.explanation.model_dump_json(),
        )
        for link in result.links
    ]


def _same_on(folder: Path, mapping: Path | None, spark: Any) -> None:
    customers, profiles = _inputs(folder, mapping)
    local = Linker().link(customers, profiles)
    on_spark = Linker(engine="spark", spark=spark, spark_buckets=4)
    distributed = on_spark.link(customers, profiles)
    assert distributed.spec_hash == local.spec_hash
    assert len(local.links) > 0
    assert _decisions(distributed) == _decisions(local)
    assert len(distributed.review) == len(local.review)


def test_spark_links_equal_local_links_on_the_sample(spark: Any) -> None:
    _same_on(SAMPLE, SAMPLE / "crm_mapping.json", spark)


@pytest.mark.skipif(not DEV_SMALL.is_dir(), reason=f"dev-small not at {DEV_SMALL}")
def test_spark_links_equal_local_links_on_dev_small(spark: Any) -> None:
    _same_on(DEV_SMALL, None, spark)


def test_spark_blocking_report_equals_local(spark: Any) -> None:
    customers, profiles = _inputs(SAMPLE, SAMPLE / "crm_mapping.json")
    local = Linker().blocking_report(customers, profiles)
    distributed = Linker(engine="spark", spark=spark).blocking_report(
        customers, profiles
    )
    assert distributed == local
    assert local.total_pairs > 0


def test_unknown_engine_and_stray_session_are_refused(spark: Any) -> None:
    with pytest.raises(ConfigurationError, match="engine must be one of"):
        Linker(engine="dask")  # type: ignore[arg-type]  # the wrong value on purpose
    with pytest.raises(ConfigurationError, match="only used with engine='spark'"):
        Linker(spark=spark)

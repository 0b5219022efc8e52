"""The Spark executor: blocking joins and the scoring kernel on Spark DataFrames.

``Linker(engine="spark")`` sends the two heavy stages here and keeps the rest on
the driver, where it is the same code as the local engine:

- **Blocking.** Each rule's key frames (row, integer code) are derived on the
  driver by the same functions as locally (:func:`rule_frames`), then become
  DataFrames; capping of large blocks, refinement, the join on the code, the
  union of all rules and its deduplication (first rule that found a pair) are
  Spark operations. Only the deduplicated pairs come back, sorted as the local
  engine sorts them.
- **The kernel.** The pairs are bucketed by a hash of the left row and each
  bucket runs :func:`compute_levels`, the local kernel itself, inside
  ``mapInArrow``; the two tables' columns reach the executors as a broadcast.
- **Training and decisions** run on the driver on the collected level vectors
  (EM already works on the distinct level vectors and their counts), so the same
  inputs give the same links on both engines.

pyspark is an optional dependency (the ``spark`` extra), imported only here and
only when this engine is used.
"""

from __future__ import annotations

import os
import sys
import uuid
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.features import Side
from identitylink._engine.kernel import ScoredLevels, compute_levels
from identitylink._engine.pairs import BlockingOutcome, RuleReport, rule_plan
from identitylink.blocking import BlockingRule
from identitylink.comparisons import Comparison
from identitylink.exceptions import MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pyspark.sql import SparkSession

__all__ = ["SparkExecutor", "require_pyspark"]

Int = npt.NDArray[np.int64]

DEFAULT_BUCKETS = 8
"""Kernel buckets when the caller sets none: a few per core of a small cluster,
so that one slow bucket does not hold up the stage."""

_KERNEL_STATE: dict[str, tuple[Sequence[Comparison], Side, Side, dict[str, Any]]] = {}
"""Per executor process: the broadcast tables and the kernel's memo, by a token
per stage, so that the batches of one stage share the per-record work."""


@contextmanager
def _quiet() -> Iterator[None]:
    """pyspark 4 warns on every pandas conversion that it does not yet certify
    pandas 3; our conversions are plain int64/float64/int8 columns."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="PySpark does not yet fully support pandas"
        )
        yield


def require_pyspark() -> Any:
    """The ``pyspark.sql`` module, or a clear error naming the extra."""
    try:
        import pyspark.sql as sql
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise MissingDependencyError(
            "engine='spark' needs pyspark: pip install 'identitylink[spark]'"
        ) from exc
    return sql


def local_session(cores: int = 2) -> SparkSession:
    """A local Spark session (``local[cores]``) set up for the kernel."""
    sql = require_pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session: SparkSession = (
        sql.SparkSession.builder.master(f"local[{cores}]")
        .appName("identitylink")
        .config("spark.sql.shuffle.partitions", str(max(cores * 2, 2)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    return session


class SparkExecutor:
    """Blocking and the kernel on a Spark session (one per linker run)."""

    def __init__(self, session: SparkSession | None, buckets: int | None) -> None:
        self.session = session if session is not None else local_session()
        self.buckets = buckets or DEFAULT_BUCKETS

    def _table(self, frame: pd.DataFrame) -> Any:
        """A Spark DataFrame of a pandas frame of plain numeric columns, through
        Arrow (no pandas conversion on the Spark side)."""
        import pyarrow as pa

        table = pa.Table.from_pandas(frame, preserve_index=False)
        return self.session.createDataFrame(table)

    # -- blocking -----------------------------------------------------------------
    def generate_pairs(
        self,
        rules: tuple[BlockingRule, ...],
        left: Side,
        right: Side,
        right_mask: npt.NDArray[np.bool_] | None = None,
    ) -> BlockingOutcome:
        """Candidate pairs of all rules, deduplicated, in (left, right) order.

        The key frames of every rule (the local engine's plan, capping and
        refinement included) go to Spark as two tables tagged with their rule and
        part; one join on (rule, part, code) gives every rule's pairs."""
        with _quiet():
            return self._generate_pairs(rules, left, right, right_mask)

    def _generate_pairs(
        self,
        rules: tuple[BlockingRule, ...],
        left: Side,
        right: Side,
        right_mask: npt.NDArray[np.bool_] | None,
    ) -> BlockingOutcome:
        from pyspark.sql import functions as F

        reports = [RuleReport(rule=rule.name) for rule in rules]
        lparts: list[pd.DataFrame] = []
        rparts: list[pd.DataFrame] = []
        for i, (rule, report) in enumerate(zip(rules, reports, strict=True)):
            for j, (lf, rf) in enumerate(rule_plan(rule, left, right, report)):
                lparts.append(_tagged(lf, "l", i, j))
                rparts.append(_tagged(rf, "r", i, j))
        if not lparts:
            empty = np.empty(0, np.int64)
            return BlockingOutcome(empty, empty.copy(), reports)
        lsp = self._table(pd.concat(lparts, ignore_index=True))
        rsp = self._table(pd.concat(rparts, ignore_index=True))
        if right_mask is not None:
            ok = pd.DataFrame({"r": np.flatnonzero(right_mask).astype(np.int64)})
            rsp = rsp.join(self._table(ok), "r", "left_semi")
        pairs = lsp.join(rsp, ["rid", "part", "value"]).select("l", "r", "rid")
        distinct = pairs.distinct().cache()
        per_rule: dict[int, int] = dict(distinct.groupBy("rid").count().collect())
        first = distinct.groupBy("l", "r").agg(F.min("rid").alias("rid")).cache()
        fresh: dict[int, int] = dict(first.groupBy("rid").count().collect())
        for i, report in enumerate(reports):
            report.pairs = int(per_rule.get(i, 0))
            report.new_pairs = int(fresh.get(i, 0))
        got = first.toArrow()
        distinct.unpersist()
        first.unpersist()
        lcol = got.column("l").to_numpy()
        rcol = got.column("r").to_numpy()
        order = np.lexsort((rcol, lcol))
        return BlockingOutcome(
            left=lcol[order].astype(np.int64),
            right=rcol[order].astype(np.int64),
            reports=reports,
            rule_of_pair=got.column("rid").to_numpy()[order].astype(np.int16),
        )

    # -- the kernel ----------------------------------------------------------------
    def compute_levels(
        self,
        comparisons: Sequence[Comparison],
        left: Side,
        right: Side,
        li: Int,
        ri: Int,
        cache: dict[str, list[Int]] | None = None,
    ) -> ScoredLevels:
        """:func:`compute_levels` of every pair, bucket by bucket on Spark
        (``cache`` is the driver's; each executor keeps its own)."""
        with _quiet():
            return self._compute_levels(comparisons, left, right, li, ri)

    def _compute_levels(
        self,
        comparisons: Sequence[Comparison],
        left: Side,
        right: Side,
        li: Int,
        ri: Int,
    ) -> ScoredLevels:
        from pyspark.sql import functions as F

        n_comp = len(comparisons)
        if len(li) == 0:
            return compute_levels(comparisons, left, right, li, ri)
        tables = self.session.sparkContext.broadcast((tuple(comparisons), left, right))
        pairs = self._table(
            pd.DataFrame({"k": np.arange(len(li), dtype=np.int64), "l": li, "r": ri})
        )
        bucketed = pairs.repartition(self.buckets, F.col("l") % self.buckets)
        schema = ", ".join(
            ["k long", "reading byte"]
            + [f"v{j} byte" for j in range(n_comp)]
            + [f"t{j} double" for j in range(n_comp)]
        )
        run = _kernel(tables, uuid.uuid4().hex)
        out = bucketed.mapInArrow(run, schema).toArrow()
        tables.destroy()
        order = np.argsort(out.column("k").to_numpy(), kind="stable")

        def col(name: str, dtype: type[np.generic]) -> npt.NDArray[Any]:
            return np.asarray(out.column(name).to_numpy().astype(dtype)[order])

        n = len(order)
        levels = np.empty((n, n_comp), dtype=np.int8)
        tf = np.empty((n, n_comp), dtype=np.float32)
        for j in range(n_comp):
            levels[:, j] = col(f"v{j}", np.int8)
            tf[:, j] = col(f"t{j}", np.float32)
        return ScoredLevels(
            levels=levels, reading=col("reading", np.int8), tf_adjust=tf
        )


def _tagged(frame: pd.DataFrame, side: str, rule: int, part: int) -> pd.DataFrame:
    """A key frame as (side row, rule, part, code), for the one join."""
    n = len(frame)
    return pd.DataFrame(
        {
            side: frame["row"].to_numpy(np.int64),
            "rid": np.full(n, rule, dtype=np.int16),
            "part": np.full(n, part, dtype=np.int8),
            "value": frame["value"].to_numpy(np.int64),
        }
    )


def _kernel(tables: Any, token: str) -> Any:
    """The function ``mapInArrow`` runs on each executor."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        state = _KERNEL_STATE.get(token)
        if state is None:
            comparisons, left, right = tables.value
            state = (comparisons, left, right, {})
            _KERNEL_STATE.clear()  # one stage's tables at a time per process
            _KERNEL_STATE[token] = state
        comparisons, left, right, cache = state
        for batch in batches:
            k = batch.column("k").to_numpy()
            li = batch.column("l").to_numpy().astype(np.int64)
            ri = batch.column("r").to_numpy().astype(np.int64)
            got = compute_levels(comparisons, left, right, li, ri, None, cache)
            cols = {"k": pa.array(k, pa.int64())}
            cols["reading"] = pa.array(got.reading.astype(np.int8), pa.int8())
            for j in range(got.levels.shape[1]):
                cols[f"v{j}"] = pa.array(got.levels[:, j].astype(np.int8), pa.int8())
            for j in range(got.tf_adjust.shape[1]):
                cols[f"t{j}"] = pa.array(got.tf_adjust[:, j], pa.float64())
            yield pa.RecordBatch.from_pydict(cols)

    return run

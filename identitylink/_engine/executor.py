"""The executor seam: where blocking and the scoring kernel run.

The local executor calls the in-process functions; the Spark executor
(:mod:`identitylink._engine.spark`, the ``spark`` extra) runs the same two stages on
Spark DataFrames. Everything else in :class:`~identitylink.Linker` is the same
code for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from identitylink._engine.features import Side
from identitylink._engine.forked import can_fork, split_in_two
from identitylink._engine.kernel import ScoredLevels, compute_levels
from identitylink._engine.pairs import BlockingOutcome, generate_pairs
from identitylink.blocking import BlockingRule
from identitylink.comparisons import Comparison
from identitylink.exceptions import ConfigurationError

__all__ = [
    "ENGINES",
    "FORK_PAIRS",
    "Engine",
    "Executor",
    "LocalExecutor",
    "make_executor",
]

Int = npt.NDArray[np.int64]
Engine = Literal["local", "spark"]
ENGINES: tuple[str, ...] = ("local", "spark")


class Executor(Protocol):
    """What an engine runs: candidate pairs and the kernel's levels."""

    def generate_pairs(
        self,
        rules: tuple[BlockingRule, ...],
        left: Side,
        right: Side,
        right_mask: npt.NDArray[np.bool_] | None = None,
    ) -> BlockingOutcome: ...

    def compute_levels(
        self,
        comparisons: Sequence[Comparison],
        left: Side,
        right: Side,
        li: Int,
        ri: Int,
        cache: dict[str, list[Int]] | None = None,
    ) -> ScoredLevels: ...


class LocalExecutor:
    """In-process numpy/rapidfuzz (the default)."""

    def generate_pairs(
        self,
        rules: tuple[BlockingRule, ...],
        left: Side,
        right: Side,
        right_mask: npt.NDArray[np.bool_] | None = None,
    ) -> BlockingOutcome:
        return generate_pairs(rules, left, right, right_mask)

    def compute_levels(
        self,
        comparisons: Sequence[Comparison],
        left: Side,
        right: Side,
        li: Int,
        ri: Int,
        cache: dict[str, list[Int]] | None = None,
    ) -> ScoredLevels:
        if len(li) < FORK_PAIRS or not can_fork():
            return compute_levels(comparisons, left, right, li, ri, None, cache)
        return _levels_on_two_cores(comparisons, left, right, li, ri, cache)


FORK_PAIRS = 200_000
"""Candidate pairs from which the local executor scores half of them in a forked
child: below, the fork and the copy back cost more than the second core saves."""


def _levels_on_two_cores(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    cache: dict[str, list[Int]] | None,
) -> ScoredLevels:
    """:func:`compute_levels` with the second half of the pairs scored in a child
    (the same levels: every pair is scored on its own)."""
    k = len(comparisons)

    def compute(part: slice) -> list[npt.NDArray[Any]]:
        got = compute_levels(comparisons, left, right, li[part], ri[part], None, cache)
        return [got.levels, got.reading, got.tf_adjust]

    def shapes(m: int) -> list[npt.NDArray[Any]]:
        return [
            np.empty((m, k), dtype=np.int8),
            np.empty(m, dtype=np.int8),
            np.empty((m, k), dtype=np.float32),
        ]

    levels, reading, tf_adjust = split_in_two(len(li), compute, shapes)
    return ScoredLevels(levels=levels, reading=reading, tf_adjust=tf_adjust)


def make_executor(
    engine: str, *, spark: Any = None, buckets: int | None = None
) -> Executor:
    """The executor of ``engine`` ("local" or "spark")."""
    if engine == "local":
        if spark is not None:
            raise ConfigurationError("a Spark session is only used with engine='spark'")
        return LocalExecutor()
    if engine == "spark":
        from identitylink._engine.spark import SparkExecutor

        return SparkExecutor(spark, buckets)
    raise ConfigurationError(
        f"engine must be one of {', '.join(ENGINES)}, not {engine!r}"
    )

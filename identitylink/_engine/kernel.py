"""The scoring kernel: candidate pairs + columns in, comparison levels and weights out.

A pure function of its inputs (no I/O, no globals): the same pairs and columns give
the same levels on every executor. Each comparison kind's level function lives with
its evaluator (:mod:`identitylink._engine.builtin` lists the built-in kinds); this
module runs them over chunks of pairs, picks each profile's best name reading, and
turns levels into weights, term frequency included.

Levels are small integers per (pair, comparison): 0 is ``null``, 1.. follow the
comparison's :meth:`levels` order (``else`` last).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import Memo
from identitylink._engine.features import Side
from identitylink._engine.kinds import evaluator_for
from identitylink.comparisons import Comparison
from identitylink.exceptions import ConfigurationError

__all__ = [
    "ScoredLevels",
    "check_columns",
    "column_of",
    "comparable_columns",
    "compute_levels",
    "match_weights",
    "tf_on_levels",
    "tf_row_bits",
]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Bool = npt.NDArray[np.bool_]
F64 = npt.NDArray[np.float64]

_NULL_READING_SCORE = 0.5
"""Reading-choice score of a null level: below any known agreement (>= 1), above
the worst known level (0), so a reading with data beats one without."""


@dataclass
class ScoredLevels:
    """Levels (pairs x comparisons), the name reading used, and the values for
    term-frequency adjustment in bits of exact-level pairs (NaN elsewhere).

    The term-frequency bits are float32 (bounded to a few bits, they need no
    more digits): a 6.5-million-pair run keeps 200 MB less."""

    levels: npt.NDArray[np.int8]
    reading: npt.NDArray[np.int8]
    tf_adjust: npt.NDArray[np.floating[Any]]


def column_of(side: Side, name: str) -> Obj | None:
    """The feature column a generic comparison reads, None when absent."""
    return side.column(name)


def check_columns(comparisons: Sequence[Comparison], left: Side, right: Side) -> None:
    """Fail before any work when a comparison names a column a table lacks."""
    for comp in comparisons:
        if not evaluator_for(comp).reads_columns:
            continue
        for name in comp.columns():
            for side, label in ((left, "left"), (right, "right")):
                if side.column(name) is None:
                    raise ConfigurationError(
                        f"comparison {comp.name!r}: column {name!r} is missing "
                        f"from the {label} table"
                    )


def comparable_columns(comparisons: Sequence[Comparison]) -> frozenset[str]:
    """The columns whose value makes a record comparable besides its names,
    e-mail and username: those the column comparisons read."""
    return frozenset(
        name
        for comp in comparisons
        if evaluator_for(comp).reads_columns
        for name in comp.columns()
    )


def _name_score(levels: npt.NDArray[np.int8], n_levels: int) -> F64:
    """A reading-choice score when no weights are known: better levels score more."""
    score = (n_levels - 1 - levels).astype(np.float64)
    score[levels == 0] = _NULL_READING_SCORE
    return score


def compute_levels(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    weights: Sequence[F64] | None = None,
    cache: dict[str, list[Int]] | None = None,
) -> ScoredLevels:
    """Levels of every comparison for every pair (li[k], ri[k]).

    ``cache`` (a dict kept by the caller) saves per-record work between calls on
    the same two tables. The pairs are scored :data:`CHUNK_PAIRS` at a time, so
    the intermediate arrays of a comparison (strings, similarities, masks) stay
    bounded however many pairs blocking makes; the levels are the same."""
    memo = Memo(cache)
    n = len(li)
    out = np.zeros((n, len(comparisons)), dtype=np.int8)
    tf_adjust = np.full((n, len(comparisons)), np.nan, dtype=np.float32)
    readings = np.zeros(n, dtype=np.int8)
    for start in range(0, n, CHUNK_PAIRS):
        part = slice(start, start + CHUNK_PAIRS)
        got = _chunk_levels(comparisons, left, right, li[part], ri[part], weights, memo)
        out[part], readings[part], tf_adjust[part] = got
    return ScoredLevels(levels=out, reading=readings, tf_adjust=tf_adjust)


CHUNK_PAIRS = 1 << 19
"""Pairs the kernel scores at once (524,288): each comparison's intermediate
arrays then take some tens of MB, whatever the number of candidate pairs."""


def _chunk_levels(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    weights: Sequence[F64] | None,
    memo: Memo,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Levels, readings and term-frequency bits of one chunk of pairs."""
    n = len(li)
    out = np.zeros((n, len(comparisons)), dtype=np.int8)
    tf_adjust = np.full((n, len(comparisons)), np.nan, dtype=np.float32)
    evaluators = [evaluator_for(c) for c in comparisons]
    name_idx = [i for i, ev in enumerate(evaluators) if ev.names]
    readings = np.zeros(n, dtype=np.int8)
    if name_idx:
        best: F64 | None = None
        per_v: list[dict[int, npt.NDArray[np.int8]]] = []
        for v in range(right.readings):
            lv: dict[int, npt.NDArray[np.int8]] = {}
            score = np.zeros(n)
            for i in name_idx:
                comp = comparisons[i]
                lev = evaluators[i].levels(memo, comp, left, right, li, ri, v)
                lv[i] = lev
                score += (
                    weights[i][lev]
                    if weights is not None
                    else _name_score(lev, len(comp.levels()))
                )
            per_v.append(lv)
            if v > 0:
                # A reading the profile does not have (a two-word name has no
                # third reading) is never chosen: its null levels would hide a
                # disagreement of the readings that exist.
                absent = (right.given[ri, v] == "") & (right.family[ri, v] == "")
                score[absent] = -np.inf
            if best is None:
                best = score
            else:
                better = score > best
                readings[better] = v
                best = np.maximum(best, score)
        for i in name_idx:
            stacked = np.stack([lv[i] for lv in per_v], axis=1)
            out[:, i] = stacked[np.arange(n), readings]
    for i, comp in enumerate(comparisons):
        ev = evaluators[i]
        if not ev.names:
            out[:, i] = ev.levels(memo, comp, left, right, li, ri, 0)
        if comp.term_frequency:
            tf_adjust[:, i] = _tf_adjust(memo, comp, left, li, out[:, i])
    return out, readings, tf_adjust


TF_BOUNDS = (-4.0, 1.0)
"""Bounds of the term-frequency adjustment, in bits. A value common in the CRM
("Martin", "Paris") is reliably weak evidence; a value rare in the CRM is not
necessarily rare among the people behind the profiles (namesakes outside the CRM),
so the upward adjustment is kept small."""


def _tf_adjust(
    memo: Memo, comp: Comparison, left: Side, li: Int, lev: npt.NDArray[np.int8]
) -> F64:
    """Bits to add to the exact level (and a birthday's day_month level):
    log2(average frequency / this value's frequency) among left records, bounded;
    NaN for pairs at other levels."""
    row_bits = tf_row_bits(comp, left, memo)
    if row_bits is None:
        return np.full(len(li), np.nan)
    return tf_on_levels(comp, row_bits[li], lev)


def tf_row_bits(comp: Comparison, left: Side, memo: Memo | None = None) -> F64 | None:
    """Per left record, the term-frequency bits its value brings to an agreement
    (0 where it has none); None when the comparison has no such column or no
    value. The frequencies are those of the whole left table, so a caller that
    scores a few rows of it (the index) takes them from here."""
    found = evaluator_for(comp).tf_column(comp, left)
    if found is None:
        return None
    codes = (memo or Memo(None)).codes("tf:" + comp.name, found)[0]
    known = codes[codes >= 0]
    if len(known) == 0:
        return None
    counts = np.bincount(known).astype(np.float64)
    freq = counts / len(known)
    average = float((freq**2).sum())
    with np.errstate(divide="ignore"):
        bits = np.clip(np.log2(average / freq), *TF_BOUNDS)
    return np.asarray(np.where(codes >= 0, bits[np.maximum(codes, 0)], 0.0))


def tf_on_levels(comp: Comparison, bits: F64, lev: npt.NDArray[np.int8]) -> F64:
    """``bits`` (one per pair) where the pair's level takes a term frequency,
    else NaN."""
    agreeing = np.isin(lev, evaluator_for(comp).tf_levels)
    return np.asarray(np.where(agreeing, bits, np.nan), dtype=np.float64)


def match_weights(
    levels: ScoredLevels,
    weight_tables: Sequence[F64],
    strata: npt.NDArray[np.int8] | None = None,
    *,
    rows: Int | None = None,
    out: F64 | None = None,
) -> tuple[F64, F64]:
    """Per-pair total weight (without prior) and per-(pair, comparison) weights.

    A 2-D table is indexed by (stratum, level), with each pair's ``strata``.
    With ``rows`` and ``out`` (pairs x comparisons), only those pairs are weighed,
    into ``out`` in place (no copy of the levels of a subset): the total returned
    is then that of ``rows``."""
    n, k = levels.levels.shape
    per = np.zeros((n, k)) if out is None else out
    at: Int | slice = slice(None) if rows is None else rows
    for i in range(k):
        table = weight_tables[i]
        lev = levels.levels[at, i]
        if table.ndim == 2:
            if strata is None:
                raise ValueError("a weight table by stratum needs the pairs' strata")
            w = table[strata[at], lev]
        else:
            w = table[lev]
        tf = levels.tf_adjust[at, i]
        has = ~np.isnan(tf)
        if has.any():
            w[has] += tf[has]
        per[at, i] = w
    return per[at].sum(axis=1), per

"""The column kinds: ``ExactMatch`` and ``JaroWinklerAtThresholds`` on any named
column of both tables, level function and evaluator.

The column is named by the spec (a standard column, a CRM attribute or a derived
column of :mod:`identitylink._engine.derived`) and checked before any work; a
record with a value there is comparable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import Memo, jw, select
from identitylink._engine.features import Side
from identitylink._engine.kinds import Evaluator, one_reading, register, shown_text
from identitylink.comparisons import ExactMatch, JaroWinklerAtThresholds

__all__ = ["generic_levels"]

Int = npt.NDArray[np.int64]


def generic_levels(
    memo: Memo,
    comp: ExactMatch | JaroWinklerAtThresholds,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
) -> npt.NDArray[np.int8]:
    a_col, b_col = left.column(comp.column), right.column(comp.column)
    assert a_col is not None and b_col is not None  # checked by check_columns
    ca, cb = memo.codes("col:" + comp.column, a_col, b_col)
    a, b = ca[li], cb[ri]
    conds = [a == b]
    if isinstance(comp, JaroWinklerAtThresholds):
        sim = jw(a_col[li], b_col[ri])
        conds += [sim >= t for t in comp.thresholds]
    out = select(conds, len(li))
    out[(a < 0) | (b < 0)] = 0
    return out


def _column_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    col = side.column(comp.columns()[0])
    return [None] * len(rows) if col is None else shown_text(col[rows])


_COLUMN = Evaluator(
    levels=one_reading(generic_levels),
    tf_column=lambda comp, side: side.column(comp.columns()[0]),
    shown=_column_shown,
    reads_columns=True,
)
register(ExactMatch, _COLUMN)
register(JaroWinklerAtThresholds, _COLUMN)

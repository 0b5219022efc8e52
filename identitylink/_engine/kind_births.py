"""The birth kinds: dates of birth, and a birth year against the numbers in a
profile's handles, level functions and evaluators.

A date agrees in full, by day and month (a profile that shows no year), or by
year alone; a birth year agrees with a four-digit year in a handle or with its
last two digits (:mod:`identitylink._engine.handle_years`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import select
from identitylink._engine.features import Side
from identitylink._engine.handle_years import handle_year_levels
from identitylink._engine.kinds import Evaluator, register
from identitylink.comparisons import BirthDateComparison, HandleYearComparison

__all__ = ["birth_levels"]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]


def birth_levels(left: Side, right: Side, li: Int, ri: Int) -> npt.NDArray[np.int8]:
    bl, br = left.birth[li], right.birth[ri]
    known_l, known_r = bl.any(axis=1), br.any(axis=1)
    full = (bl > 0).all(axis=1) & (br > 0).all(axis=1)
    md_known = (bl[:, 1:] > 0).all(axis=1) & (br[:, 1:] > 0).all(axis=1)
    md_equal = md_known & (bl[:, 1:] == br[:, 1:]).all(axis=1)
    y_known = (bl[:, 0] > 0) & (br[:, 0] > 0)
    y_equal = y_known & (bl[:, 0] == br[:, 0])
    exact = full & md_equal & y_equal
    day_month = md_equal & ~y_known
    year = y_equal & ~md_known
    out = select([exact, day_month, year], len(li))
    out[~(known_l & known_r)] = 0
    return out


def _date(row: npt.NDArray[np.int64]) -> str | None:
    y, m, d = (int(x) for x in row)
    if not (y or m):
        return None
    return (
        (f"{y:04d}" if y else "-")
        + (f"-{m:02d}" if m else "")
        + (f"-{d:02d}" if d else "")
    )


def _birth_day_month(comp: Any, side: Side) -> Obj:
    # Day and month: 1 January is everybody's default birthday.
    md = side.birth[:, 1] * 100 + side.birth[:, 2]
    return np.asarray(np.where(side.birth[:, 2] > 0, md.astype(str), ""), dtype=object)


register(
    BirthDateComparison,
    Evaluator(
        levels=lambda memo, comp, left, right, li, ri, v: birth_levels(
            left, right, li, ri
        ),
        tf_column=_birth_day_month,
        shown=lambda comp, side, rows, reading, left: [
            _date(b) for b in side.birth[rows]
        ],
        tf_levels=(1, 2),  # exact and day_month
        reads=("birth",),
    ),
)


def _handle_year_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    """The birth year, and the numbers read from the handles ("1963; 63 77")."""
    out: list[str | None] = []
    for year, numbers in zip(side.birth[rows, 0], side.handle_years[rows], strict=True):
        parts = [f"born {int(year)}"] if year > 0 else []
        found = [f"{int(x):02d}" for x in numbers if x >= 0]
        if found:
            parts.append("in handle " + " ".join(found))
        out.append("; ".join(parts) or None)
    return out


register(
    HandleYearComparison,
    Evaluator(
        levels=lambda memo, comp, left, right, li, ri, v: handle_year_levels(
            left, right, li, ri
        ),
        tf_column=lambda comp, side: None,
        shown=_handle_year_shown,
        reads=("birth", "handle_years"),
    ),
)

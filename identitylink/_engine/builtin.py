"""The comparison kinds identitylink ships, registered with their evaluators.

Each entry gathers, for one kind, the level function of the kernel
(:mod:`identitylink._engine.kernel`), the left column whose frequency adjusts an
agreement, and the values an explanation shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.features import Side
from identitylink._engine.handle_years import handle_year_levels
from identitylink._engine.kernel import (
    birth_levels,
    email_levels,
    family_levels,
    generic_levels,
    given_levels,
    place_levels,
    username_levels,
)
from identitylink._engine.kinds import Evaluator, Levels, LevelsFn, register
from identitylink.comparisons import (
    BirthDateComparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    HandleYearComparison,
    JaroWinklerAtThresholds,
    PlaceComparison,
    UsernameComparison,
)

__all__: list[str] = []

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]


def _one_reading(levels: Callable[..., Levels]) -> LevelsFn:
    """A level function that does not depend on the name reading."""
    return lambda memo, comp, left, right, li, ri, v: levels(
        memo, comp, left, right, li, ri
    )


def _text(values: npt.NDArray[Any]) -> list[str | None]:
    return [str(x) if x else None for x in values]


def _date(row: npt.NDArray[np.int64]) -> str | None:
    y, m, d = (int(x) for x in row)
    if not (y or m):
        return None
    return (
        (f"{y:04d}" if y else "-")
        + (f"-{m:02d}" if m else "")
        + (f"-{d:02d}" if d else "")
    )


def _name_shown(
    col: Obj, rows: Int, reading: Int, left: bool
) -> list[str | None]:  # the left keeps one reading; the right shows the chosen one
    return _text(col[rows, 0] if left else col[rows, reading])


register(
    GivenNameComparison,
    Evaluator(
        levels=given_levels,
        tf_column=lambda comp, side: side.given[:, 0],
        shown=lambda comp, side, rows, reading, left: _name_shown(
            side.given, rows, reading, left
        ),
        names=True,
    ),
)
register(
    FamilyNameComparison,
    Evaluator(
        levels=family_levels,
        tf_column=lambda comp, side: side.family[:, 0],
        shown=lambda comp, side, rows, reading, left: _name_shown(
            side.family, rows, reading, left
        ),
        names=True,
    ),
)


def _email_like_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    if isinstance(comp, EmailComparison):
        return _text(side.email[rows])
    if left:  # a username is compared with the e-mail local part and the handles
        local, handle = side.email_local[rows], side.handles[rows, 0]
        return _text(np.where(local != "", local, handle))
    return _text(side.username[rows])


register(
    EmailComparison,
    Evaluator(
        levels=_one_reading(email_levels),
        tf_column=lambda comp, side: side.email_local,
        shown=_email_like_shown,
    ),
)
register(
    UsernameComparison,
    Evaluator(
        levels=_one_reading(username_levels),
        tf_column=lambda comp, side: side.email_local,
        shown=_email_like_shown,
    ),
)
register(
    PlaceComparison,
    Evaluator(
        levels=_one_reading(place_levels),
        tf_column=lambda comp, side: side.city,
        shown=lambda comp, side, rows, reading, left: [
            ", ".join(x for x in (c, q) if x) or None
            for c, q in zip(side.city[rows], side.country[rows], strict=True)
        ],
    ),
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
    ),
)


def _column_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    col = side.column(comp.columns()[0])
    return [None] * len(rows) if col is None else _text(col[rows])


_GENERIC = Evaluator(
    levels=_one_reading(generic_levels),
    tf_column=lambda comp, side: side.column(comp.columns()[0]),
    shown=_column_shown,
    reads_columns=True,
)
register(ExactMatch, _GENERIC)
register(JaroWinklerAtThresholds, _GENERIC)

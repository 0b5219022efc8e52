"""The place kind: a customer's city and country against a profile's location
and hometown, level function and evaluator.

A place agrees by city, by the profile's hometown, or by country; a place that no
gazetteer knows and no country qualifies is missing evidence, not disagreement.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.codes import Memo, select
from identitylink._engine.features import Side
from identitylink._engine.kinds import Evaluator, one_reading, register
from identitylink.comparisons import PlaceComparison

__all__ = ["place_levels"]

Int = npt.NDArray[np.int64]


def place_levels(
    memo: Memo, c: PlaceComparison, left: Side, right: Side, li: Int, ri: Int
) -> npt.NDArray[np.int8]:
    cl, cr, hr = memo.codes("city", left.city, right.city, right.hometown)
    ql, qr = memo.codes("country", left.country, right.country)
    a, b, h = cl[li], cr[ri], hr[ri]
    qa, qb = ql[li], qr[ri]
    null = ((a < 0) & (qa < 0)) | ((b < 0) & (h < 0) & (qb < 0))
    city = (a >= 0) & (a == b)
    home = (a >= 0) & (a == h)
    country = (qa >= 0) & (qa == qb)
    out = select([city, home, country], len(li))
    out[null] = 0
    # A place that no gazetteer knows and no country qualifies ("between two
    # trains", a village) differs from a city without saying where the person is.
    for side, rows in ((left, li), (right, ri)):
        if side.place_resolved is not None:
            out[(out == len(c.levels()) - 1) & ~side.place_resolved[rows]] = 0
    return out


def _place_shown(
    comp: Any, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    return [
        ", ".join(x for x in (c, q) if x) or None
        for c, q in zip(side.city[rows], side.country[rows], strict=True)
    ]


register(
    PlaceComparison,
    Evaluator(
        levels=one_reading(place_levels),
        tf_column=lambda comp, side: side.city,
        shown=_place_shown,
        reads=("city", "hometown", "country", "place_resolved"),
    ),
)

"""Explanations: the waterfall of one decision (prior + one term per comparison)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from identitylink._features import Side
from identitylink.comparisons import (
    BirthDateComparison,
    Comparison,
    EmailComparison,
    FamilyNameComparison,
    GivenNameComparison,
    PlaceComparison,
    UsernameComparison,
)
from identitylink.results import ComparisonTerm, Explanation

__all__ = ["explain"]


def _date(row: npt.NDArray[np.int64]) -> str | None:
    y, m, d = (int(x) for x in row)
    if not (y or m):
        return None
    return (
        (f"{y:04d}" if y else "-")
        + (f"-{m:02d}" if m else "")
        + (f"-{d:02d}" if d else "")
    )


def _value(
    comp: Comparison, side: Side, row: int, reading: int, left: bool
) -> str | None:
    v: object
    if isinstance(comp, GivenNameComparison):
        v = side.given[row, 0 if left else reading]
    elif isinstance(comp, FamilyNameComparison):
        v = side.family[row, 0 if left else reading]
    elif isinstance(comp, EmailComparison):
        v = side.email[row]
    elif isinstance(comp, UsernameComparison):
        v = side.email_local[row] or (side.handles[row, 0] if left else "")
        v = v if left else side.username[row]
    elif isinstance(comp, PlaceComparison):
        v = ", ".join(x for x in (side.city[row], side.country[row]) if x)
    elif isinstance(comp, BirthDateComparison):
        return _date(side.birth[row])
    else:
        col = comp.columns()[0]
        arr = getattr(side, col, None) if col != "given_name" else side.given[:, 0]
        if arr is None:
            arr = side.attributes.get(col)
        v = arr[row] if arr is not None else ""
    return str(v) if v else None


@lru_cache(maxsize=64)
def _level_names(comparisons: tuple[Comparison, ...]) -> list[tuple[str, ...]]:
    return [c.levels() for c in comparisons]


def explain(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    lrow: int,
    rrow: int,
    levels: npt.NDArray[np.int8],
    weights: npt.NDArray[np.float64],
    tf_adjust: npt.NDArray[np.float64],
    base_weights: Sequence[npt.NDArray[np.float64]],
    reading: int,
    prior_weight: float,
    notes: Sequence[str],
) -> Explanation:
    """The explanation of the pair (left row, right row) from its levels and weights."""
    terms = []
    names = _level_names(tuple(comparisons))
    for k, comp in enumerate(comparisons):
        lev = int(levels[k])
        adj = (
            float(weights[k] - base_weights[k][lev])
            if not np.isnan(tf_adjust[k])
            else 0.0
        )
        terms.append(
            ComparisonTerm.model_construct(
                comparison=comp.name,
                level=names[k][lev],
                weight=round(float(weights[k]), 4),
                left=_value(comp, left, lrow, reading, True),
                right=_value(comp, right, rrow, reading, False),
                term_frequency_adjustment=round(adj, 4),
            )
        )
    total = prior_weight + float(np.sum(weights))
    prob = 1.0 / (1.0 + 2.0 ** (-min(max(total, -60.0), 60.0)))
    return Explanation.model_construct(
        prior_weight=round(prior_weight, 4),
        terms=tuple(terms),
        match_weight=round(total, 4),
        probability=prob,
        notes=tuple(notes),
    )

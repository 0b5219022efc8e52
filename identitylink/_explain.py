"""Explanations: the waterfall of one decision (prior + one term per comparison)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter

from identitylink._crossplatform import CrossPlatform
from identitylink._decide import AUTO
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
from identitylink.results import Explanation, LinkDecision

__all__ = ["DECISIONS", "EXPLANATIONS", "decision_notes", "explain"]

EXPLANATIONS: TypeAdapter[list[Explanation]] = TypeAdapter(list[Explanation])
"""Validates many explanations (dicts from :func:`explain`) in one call."""
DECISIONS: TypeAdapter[list[LinkDecision]] = TypeAdapter(list[LinkDecision])
"""Validates many link decisions in one call."""


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
    level_names: Sequence[tuple[str, ...]],
    extra_terms: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The explanation of the pair (left row, right row) from its levels and
    weights, as the fields of an :class:`Explanation` (validated in bulk by the
    caller with :data:`EXPLANATIONS`, much faster than one model at a time)."""
    terms = []
    for k, comp in enumerate(comparisons):
        lev = int(levels[k])
        adj = (
            float(weights[k] - base_weights[k][lev])
            if not np.isnan(tf_adjust[k])
            else 0.0
        )
        terms.append(
            {
                "comparison": comp.name,
                "level": level_names[k][lev],
                "weight": round(float(weights[k]), 4),
                "left": _value(comp, left, lrow, reading, True),
                "right": _value(comp, right, rrow, reading, False),
                "term_frequency_adjustment": round(adj, 4),
            }
        )
    terms.extend(extra_terms)
    total = prior_weight + float(np.sum(weights))
    total += sum(float(t["weight"]) for t in extra_terms)
    prob = 1.0 / (1.0 + 2.0 ** (-min(max(total, -60.0), 60.0)))
    return {
        "prior_weight": round(prior_weight, 4),
        "terms": terms,
        "match_weight": round(total, 4),
        "probability": prob,
        "notes": list(notes),
    }


def decision_notes(
    edge: int,
    band: int,
    margin: float,
    runner_up: int,
    li: npt.NDArray[np.int64],
    ri: npt.NDArray[np.int64],
    left: Side,
    right: Side,
    identifying: bool,
    cross: CrossPlatform,
) -> tuple[list[str], list[dict[str, Any]]]:
    """The notes of a chosen edge (its runner-up, why it is not auto, an agreeing
    profile on another platform) and the cross-platform term, if any."""
    notes = []
    if runner_up >= 0:
        notes.append(f"runner-up {left.ids[li[runner_up]]} scored {margin:.1f} lower")
    else:
        notes.append("no other candidate")
    if band != AUTO and not identifying:
        notes.append(
            "no identifying evidence, or a comparison disagrees: "
            "not linked automatically"
        )
    extra: list[dict[str, Any]] = []
    if cross.partner[edge] >= 0:
        p = int(cross.partner[edge])
        partner = f"{right.platform[ri[p]]}:{right.ids[ri[p]]}"
        cust = left.ids[li[edge]]
        bonus = float(cross.bonus[edge])
        extra.append(
            {
                "comparison": "cross_platform",
                "level": "agrees" if bonus > 0 else "agrees, rejects",
                "weight": round(bonus, 4),
                "left": str(cust),
                "right": partner,
                "term_frequency_adjustment": 0.0,
            }
        )
        notes.append(
            f"agrees with {partner} linked to {cust}"
            if bonus > 0
            else f"agrees with {partner}, which scores {cust} below review"
        )
    return notes, extra

"""Explanations: the waterfall of one decision (prior + one term per comparison)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter

from identitylink._engine.crossplatform import CrossPlatform
from identitylink._engine.decide import AUTO, WEIGHT_CLIP
from identitylink._engine.features import Side
from identitylink._engine.kinds import evaluator_for
from identitylink.comparisons import Comparison
from identitylink.results import Explanation, LinkDecision
from identitylink.spec import DecisionThresholds

_DECIMALS = 4
"""Weights in an explanation are rounded to 1/10,000 of a bit: finer is noise to a
reader, and the JSON of two runs compares equal when the model is the same."""

__all__ = [
    "DECISIONS",
    "EXPLANATIONS",
    "decision_notes",
    "explain_many",
    "rejection_notes",
]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

EXPLANATIONS: TypeAdapter[list[Explanation]] = TypeAdapter(list[Explanation])
"""Validates many explanations (dicts from :func:`explain`) in one call."""
DECISIONS: TypeAdapter[list[LinkDecision]] = TypeAdapter(list[LinkDecision])
"""Validates many link decisions in one call."""


def explain_many(
    comparisons: Sequence[Comparison],
    left: Side,
    right: Side,
    lrows: Int,
    rrows: Int,
    levels: npt.NDArray[np.int8],
    weights: F64,
    tf_adjust: F64,
    base_weights: F64,
    reading: Int,
    prior_weight: float,
    notes: Sequence[Sequence[str]],
    extra_terms: Sequence[Sequence[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The explanations of the pairs (``lrows[i]``, ``rrows[i]``) from their levels
    and weights (one row per pair; ``base_weights`` are the weights before term
    frequencies), as the fields of :class:`Explanation` objects (validated in
    bulk by the caller with :data:`EXPLANATIONS`, much faster than one at a
    time). Values are gathered a comparison at a time, for all pairs at once."""
    n = len(lrows)
    evaluators = [evaluator_for(c) for c in comparisons]
    columns = []
    for k, comp in enumerate(comparisons):
        names = comp.levels()
        adj = np.where(
            np.isnan(tf_adjust[:, k]), 0.0, weights[:, k] - base_weights[:, k]
        )
        columns.append(
            zip(
                [names[lv] for lv in levels[:, k]],
                np.round(weights[:, k], _DECIMALS).tolist(),
                evaluators[k].shown(comp, left, lrows, reading, True),
                evaluators[k].shown(comp, right, rrows, reading, False),
                np.round(adj, _DECIMALS).tolist(),
                strict=True,
            )
        )
    totals = prior_weight + weights.sum(axis=1)
    out = []
    for i, row in enumerate(zip(*columns, strict=True) if columns else [()] * n):
        terms = [
            {
                "comparison": comp.name,
                "level": level,
                "weight": w,
                "left": lv,
                "right": rv,
                "term_frequency_adjustment": a,
            }
            for comp, (level, w, lv, rv, a) in zip(comparisons, row, strict=True)
        ]
        terms.extend(extra_terms[i])
        total = float(totals[i]) + sum(float(t["weight"]) for t in extra_terms[i])
        prob = 1.0 / (1.0 + 2.0 ** (-min(max(total, -WEIGHT_CLIP), WEIGHT_CLIP)))
        out.append(
            {
                "prior_weight": round(prior_weight, _DECIMALS),
                "terms": terms,
                "match_weight": round(total, _DECIMALS),
                "probability": prob,
                "notes": list(notes[i]),
            }
        )
    return out


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
                "weight": round(bonus, _DECIMALS),
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


def rejection_notes(
    edge: int,
    margin: float,
    runner_up: int,
    li: npt.NDArray[np.int64],
    ri: npt.NDArray[np.int64],
    left: Side,
    right: Side,
    weight: npt.NDArray[np.float64],
    linked: dict[int, int],
    thresholds: DecisionThresholds,
    cross: CrossPlatform,
) -> tuple[list[str], list[dict[str, Any]]]:
    """The notes of a candidate pair that was not linked: why not, and the
    cross-platform term, if any (so that the waterfall adds up to its weight).
    ``linked`` maps each linked profile row to its customer row."""
    prob = 1.0 / (
        1.0 + 2.0 ** (-min(max(float(weight[edge]), -WEIGHT_CLIP), WEIGHT_CLIP))
    )
    notes = []
    if prob < thresholds.review:
        notes.append(
            f"not linked: probability {prob:.4f} is below the review threshold "
            f"{thresholds.review}"
        )
    elif margin < 0 and runner_up >= 0:
        notes.append(
            f"not linked: customer {left.ids[li[runner_up]]} scored {-margin:.1f} "
            "higher for this profile"
        )
    elif margin < thresholds.review_margin:
        other = left.ids[li[runner_up]] if runner_up >= 0 else "another customer"
        notes.append(
            f"not linked: {other} scored within {margin:.1f} bits (review margin "
            f"{thresholds.review_margin}): a namesake case"
        )
    elif int(ri[edge]) in linked:
        notes.append(
            f"not linked: the profile went to customer "
            f"{left.ids[linked[int(ri[edge])]]}"
        )
    else:
        notes.append(
            "not linked: the customer already has a profile on this platform "
            "and this pair is not sure enough for a second one"
        )
    extra: list[dict[str, Any]] = []
    if cross.partner[edge] >= 0 and float(cross.bonus[edge]) != 0.0:
        p = int(cross.partner[edge])
        extra.append(
            {
                "comparison": "cross_platform",
                "level": "agrees" if cross.bonus[edge] > 0 else "agrees, rejects",
                "weight": round(float(cross.bonus[edge]), _DECIMALS),
                "left": str(left.ids[li[edge]]),
                "right": f"{right.platform[ri[p]]}:{right.ids[ri[p]]}",
                "term_frequency_adjustment": 0.0,
            }
        )
    return notes, extra

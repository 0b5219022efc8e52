"""Decisions on the scored edge list: assignment, margins, bands.

- Each profile gets at most one customer. Edges are taken greedily by match weight;
  a customer who already has a profile on a platform takes a second one only when
  that edge clears the auto threshold by ``second_profile_weight`` bits.
- A profile whose best and second-best customers score within ``review_margin``
  bits is a namesake case and is not linked; within ``auto_margin`` it is at most
  sent to review.
- ``auto`` also needs *identifying* evidence: some comparison other than names and
  place (e-mail, username, birth date, phone, an id) must agree, and no comparison
  may disagree outright. Name and city alone never link automatically, which keeps
  relatives and namesakes out of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink.spec import DecisionThresholds

__all__ = ["Decisions", "competition", "decide", "runner_up"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

AUTO, REVIEW, REJECT = 0, 1, 2

NO_EDGE = -1
"""Stands for "none" in an array of indices (no runner-up, past the last row)."""

WEIGHT_CLIP = 60.0
"""Weights (bits) are clipped here before 2**-w: beyond 60 bits the probability is
1 - 2**-60, which a float64 already rounds to 1 (its spacing below 1 is 2**-53)."""


@dataclass
class Decisions:
    """Chosen edges (indices into the pair arrays) with band codes and margins."""

    edge: Int
    band: npt.NDArray[np.int8]
    margin: F64
    runner_up: Int  # pair index of the runner-up edge, NO_EDGE if none


def _probability(weight: F64) -> F64:
    return np.asarray(
        1.0 / (1.0 + np.exp2(-np.clip(weight, -WEIGHT_CLIP, WEIGHT_CLIP))),
        dtype=np.float64,
    )


def runner_up(ri: Int, weight: F64) -> tuple[F64, Int]:
    """Per pair: its margin over the best *other* edge of its profile, and that edge.

    Per-profile arrays are looked up once per pair, so the peak is a handful of
    pair-sized arrays (millions of pairs on a large CRM)."""
    n = len(ri)
    if n == 0:
        return np.empty(0), np.empty(0, dtype=np.int64)
    order = np.lexsort((-weight, ri))
    r_sorted = ri[order]
    starts = np.flatnonzero(np.r_[True, r_sorted[1:] != r_sorted[:-1]])
    del r_sorted
    sizes = np.diff(np.r_[starts, n])
    best = order[starts]
    second = np.where(sizes > 1, order[np.minimum(starts + 1, n - 1)], NO_EDGE)
    group = np.empty(n, dtype=np.int64)
    group[order] = np.repeat(np.arange(len(starts), dtype=np.int64), sizes)
    del order
    other = best[group]
    del group
    margin = weight - weight[other]
    margin[best] = np.where(
        second >= 0, weight[best] - weight[np.maximum(second, 0)], np.inf
    )
    other[best] = second
    return margin, other


def competition(ri: Int, weight: F64, n_right: int) -> F64:
    """Per pair, the bits its profile's other candidates take off its odds:
    ``-log2(1 + sum(2**w) over the profile's other candidates)``.

    With one candidate the term is 0. A profile has at most one true customer, so
    the posterior of candidate c is ``2**w_c / (1 + sum over all candidates
    2**w)``; the odds of c are its Bayes factor against "no match" divided by one
    plus the Bayes factors of the others. Computed per profile around its best
    weight, so no power overflows."""
    if len(ri) == 0:
        return np.zeros(0)
    finite = np.isfinite(weight)
    w = np.where(finite, weight, -np.inf)
    top = np.full(n_right, -np.inf)
    np.maximum.at(top, ri, w)
    shifted = np.exp2(w - top[ri])
    total = np.bincount(ri, weights=shifted, minlength=n_right)
    others = np.clip(total[ri] - shifted, 0.0, None)
    with np.errstate(divide="ignore"):
        log_others = top[ri] + np.log2(others)
    penalty: F64 = -np.logaddexp2(0.0, log_others)
    return np.where(finite, penalty, 0.0)


def decide(
    li: Int,
    ri: Int,
    weight: F64,
    platform_of_right: npt.NDArray[np.int64],
    identifying: Bool,
    thresholds: DecisionThresholds,
    penalty: F64 | None = None,
    accepted: Bool | None = None,
) -> Decisions:
    """Assign profiles (right) to customers (left) and band the chosen edges.

    ``penalty`` (bits, from :func:`competition`) lowers each pair's probability;
    margins and the order of assignment use ``weight`` as it is. ``accepted``
    pairs (a reviewer's, see :mod:`identitylink._engine.labels`) are assigned
    first, whatever they score, and banded ``auto``."""
    prob = _probability(weight if penalty is None else weight + penalty)
    margin, other = runner_up(ri, weight)
    forced = np.zeros(len(li), dtype=bool) if accepted is None else accepted
    candidate = np.flatnonzero(
        (prob >= thresholds.review) & (margin >= thresholds.review_margin) & ~forced
    )
    order = np.concatenate(
        [
            np.flatnonzero(forced),
            candidate[np.argsort(-weight[candidate], kind="stable")],
        ]
    )
    auto_weight = float(np.log2(thresholds.auto / (1 - thresholds.auto)))
    taken_right: set[int] = set()
    taken_left: set[tuple[int, int]] = set()
    chosen: list[int] = []
    frame = pd.DataFrame(
        {
            "l": li[order],
            "r": ri[order],
            "p": platform_of_right[ri[order]],
            "w": weight[order],
        }
    )
    for e, lrow, rrow, plat, w in zip(
        order, frame["l"], frame["r"], frame["p"], frame["w"], strict=True
    ):
        if rrow in taken_right:
            continue
        key = (int(lrow), int(plat))
        if (
            key in taken_left
            and w < auto_weight + thresholds.second_profile_weight
            and not forced[e]
        ):
            continue
        taken_right.add(int(rrow))
        taken_left.add(key)
        chosen.append(int(e))
    edge = np.asarray(chosen, dtype=np.int64)
    band = np.full(len(edge), REVIEW, dtype=np.int8)
    if len(edge):
        auto = (
            (prob[edge] >= thresholds.auto)
            & (margin[edge] >= thresholds.auto_margin)
            & identifying[edge]
        ) | forced[edge]
        band[auto] = AUTO
    return Decisions(
        edge=edge,
        band=band,
        margin=margin[edge] if len(edge) else np.empty(0),
        runner_up=other[edge] if len(edge) else np.empty(0, dtype=np.int64),
    )

"""Training a :class:`~identitylink.LinkSpec`: u from random pairs, m from e-mail
anchors and EM, and m of its own for a platform the anchors do not cover.

Pure functions of the feature columns and the candidate pairs' levels; the
:class:`~identitylink.Linker` calls :func:`train_spec` and keeps the result.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from identitylink._engine.em import anchor_m, conditional_u, estimate_m, estimate_u
from identitylink._engine.features import Side
from identitylink._engine.kernel import ScoredLevels, column_of, compute_levels
from identitylink._engine.strata import N_STRATA, name_strata, stratified_comparisons
from identitylink.comparisons import (
    Comparison,
    EmailComparison,
    ExactMatch,
    UsernameComparison,
)
from identitylink.exceptions import LinkageError
from identitylink.spec import LinkSpec

__all__ = ["MIN_ANCHORS", "MIN_PLATFORM_PAIRS", "anchor_mask", "train_spec"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]

MIN_ANCHORS = 50
"""Fewer anchor pairs than this: m comes from EM alone."""
MIN_PLATFORM_PAIRS = 500
"""Fewer candidate pairs of a platform than this: it keeps the shared m."""


def _rounded(values: F64) -> tuple[float, ...]:
    return tuple(round(float(x), 8) for x in values)


def _caps(spec: LinkSpec) -> list[float | None]:
    return [c.max_else_m for c in spec.comparisons]


def anchor_mask(spec: LinkSpec, levels: Levels) -> npt.NDArray[np.bool_]:
    """Pairs at the exact level of an e-mail comparison."""
    mask = np.zeros(len(levels), dtype=bool)
    for k, c in enumerate(spec.comparisons):
        if isinstance(c, EmailComparison):
            mask |= levels[:, k] == 1
    return mask


def _anchor_m(
    spec: LinkSpec,
    levels: Levels,
    n_levels: list[int],
    labelled: Levels | None,
) -> dict[int, F64] | None:
    """m from anchor pairs: pairs at the exact level of an e-mail comparison,
    plus the pairs a person confirmed as matches (review labels).

    Labels add to the anchors rather than replace them: a few hundred reviewed
    pairs come from the uncertain band and are too few and too skewed to stand
    alone, but they are true matches the anchors may not cover."""
    rows = levels[anchor_mask(spec, levels)]
    if labelled is not None and len(labelled):
        rows = np.concatenate([rows, labelled.astype(rows.dtype)])
    if len(rows) < MIN_ANCHORS:
        return None
    # Comparisons that an e-mail anchor biases (the anchor itself, and a
    # username standing in for an e-mail local part) keep EM's estimate.
    skip = [
        k
        for k, c in enumerate(spec.comparisons)
        if isinstance(c, EmailComparison | UsernameComparison)
    ]
    return anchor_m(rows, n_levels, skip, _caps(spec))


def _platform_m(
    spec: LinkSpec,
    pair_platform: npt.NDArray[np.object_],
    levels: Levels,
    m: list[F64],
    u: list[F64],
    n_levels: list[int],
    strata: Levels | None = None,
) -> dict[str, dict[int, F64]]:
    """m of the ``per_platform`` comparisons for each platform the anchors do not
    cover: EM on that platform's candidate pairs, every other comparison held at
    its m. X display names are written unlike Facebook's structured names
    ("J. Dupont", nicknames): m from Facebook's e-mail anchors would call an
    initial a disagreement."""
    own = [k for k, c in enumerate(spec.comparisons) if c.per_platform]
    present = sorted(set(pair_platform.tolist()) - {"crm", ""})
    if not own or len(present) < 2:
        return {}
    anchored = anchor_mask(spec, levels)
    fixed = {k: m[k] for k in range(len(m)) if k not in own}
    out: dict[str, dict[int, F64]] = {}
    for name in present:
        rows = pair_platform == name
        if (anchored & rows).sum() >= MIN_ANCHORS or rows.sum() < MIN_PLATFORM_PAIRS:
            continue
        m_p, _, _ = estimate_m(
            levels[rows],
            n_levels,
            u,
            iterations=spec.em_iterations,
            fixed_m=fixed,
            caps=_caps(spec),
            strata=strata[rows] if strata is not None else None,
            n_strata=N_STRATA,
        )
        out[str(name)] = {k: m_p[k] for k in own}
    return out


UNOBSERVED_EXACT_M = 0.9
"""m of the exact level of an exact comparison no candidate pair could be compared
on (no profile has a phone in its bio): a value a profile shows is the person's
own in nine cases of ten (a work line, a shop's number otherwise)."""

MIN_U_PAIRS = 200
"""Fewer random pairs with both values than this: the u of an exact comparison
comes from the left column's value frequencies instead."""


def _sparse_exact(
    comp: Comparison,
    left: Side,
    random_levels: Levels,
    pair_levels: Levels,
    m: F64,
) -> tuple[F64, F64] | None:
    """(m, u) of an :class:`ExactMatch` that too few random pairs reach (phones
    are rare in bios): u of ``exact`` is the chance that two customers share the
    value; m is EM's, or :data:`UNOBSERVED_EXACT_M` when no candidate pair has
    both values. From a handful of random pairs, u would be about 1/2."""
    if not isinstance(comp, ExactMatch) or (random_levels > 0).sum() >= MIN_U_PAIRS:
        return None
    values = column_of(left, comp.column)
    known = values[values != ""] if values is not None else np.empty(0)
    if len(known) == 0:
        return None
    _, counts = np.unique(known.astype(str), return_counts=True)
    freq = counts / len(known)
    u_exact = float(max((freq**2).sum(), 1.0 / len(known)))
    if not (pair_levels > 0).any():
        m = np.array([UNOBSERVED_EXACT_M, 1 - UNOBSERVED_EXACT_M])
    return m, np.array([u_exact, 1 - u_exact])


def _pooled(u: F64, column: Levels, strata: Levels | None) -> F64:
    """A u table by stratum pooled into one u, each stratum weighted by its
    candidate pairs with a non-null level (non-matches are nearly all of them)."""
    if np.ndim(u) == 1 or strata is None:
        return u
    weight = np.bincount(strata[column > 0], minlength=len(u)).astype(np.float64)
    if weight.sum() == 0:
        return np.asarray(u.mean(axis=0), dtype=np.float64)
    out: F64 = weight @ u / weight.sum()
    return out


def train_spec(
    spec: LinkSpec,
    left: Side,
    right: Side,
    comparable: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    pair_right: Int,
    levels: ScoredLevels,
    labelled: Levels | None = None,
    cache: dict[str, list[Int]] | None = None,
) -> LinkSpec:
    """``spec`` with m, u, the prior and per-platform m estimated.

    ``levels`` are the candidate pairs' levels (``pair_right`` their right rows);
    ``labelled`` the levels of pairs a person confirmed as matches."""
    rng = np.random.default_rng(spec.seed)
    left_rows = np.flatnonzero(comparable[0])
    right_rows = np.flatnonzero(comparable[1])
    if len(left_rows) == 0 or len(right_rows) == 0:
        raise LinkageError(
            "nothing comparable to train on (no names, e-mails or usernames)"
        )
    if len(left_rows) * len(right_rows) <= spec.u_sample_size:  # small: every pair
        li = np.repeat(left_rows, len(right_rows))
        ri = np.tile(right_rows, len(left_rows))
    else:
        li = left_rows[rng.integers(0, len(left_rows), spec.u_sample_size)]
        ri = right_rows[rng.integers(0, len(right_rows), spec.u_sample_size)]
    rand = compute_levels(spec.comparisons, left, right, li, ri, cache=cache)
    n_levels = [len(c.levels()) for c in spec.comparisons]
    u = estimate_u(rand.levels, n_levels)
    stratified = stratified_comparisons(spec)
    strata = name_strata(spec.comparisons, levels.levels) if stratified else None
    m, u, lam = estimate_m(
        levels.levels,
        n_levels,
        u,
        iterations=spec.em_iterations,
        labelled=labelled,
        fixed_m=_anchor_m(spec, levels.levels, n_levels, labelled),
        caps=_caps(spec),
        learn_u=[k for k, c in enumerate(spec.comparisons) if c.u_within_blocks],
    )
    own = _platform_m(
        spec, right.platform[pair_right], levels.levels, m, u, n_levels, strata
    )
    if strata is not None:
        by_names = conditional_u(levels.levels, strata, N_STRATA, m, u, lam, stratified)
        u = [by_names.get(k, uk) for k, uk in enumerate(u)]
    for k, c in enumerate(spec.comparisons):
        fallback = _sparse_exact(c, left, rand.levels[:, k], levels.levels[:, k], m[k])
        if fallback is not None:
            m[k], u[k] = fallback
    comps = tuple(
        c.model_copy(
            update={
                "m": _rounded(mj),
                "u": _rounded(_pooled(uj, levels.levels[:, k], strata)),
                "u_by_names": tuple(_rounded(row) for row in uj)
                if np.ndim(uj) == 2
                else (),
                "m_by_platform": {
                    p: _rounded(by_k[k]) for p, by_k in own.items() if k in by_k
                },
            }
        )
        for k, (c, mj, uj) in enumerate(zip(spec.comparisons, m, u, strict=True))
    )
    return spec.model_copy(update={"comparisons": comps, "prior": lam})

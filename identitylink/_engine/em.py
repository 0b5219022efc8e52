"""Fellegi-Sunter parameters: u from random pairs, m by EM on the candidate pairs.

EM runs on the *distinct* comparison vectors with their counts (rows packed into
one integer and counted, :func:`distinct_rows`), so each iteration costs the
number of patterns, not the number of pairs.
``u`` stays fixed at the value measured on random pairs (a random pair is almost
surely a non-match). Two guards keep EM from learning nonsense on data full of
namesakes: ``m`` of each ``else`` level is capped (true matches rarely disagree
outright on a name or a birth date), and every ``m`` starts from a sensible prior
(agreement levels likely, disagreement unlikely). Known labelled pairs, when given,
are added to the estimate of ``m`` as counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "anchor_m",
    "conditional_u",
    "distinct_rows",
    "estimate_m",
    "estimate_u",
    "prior_m",
    "weight_tables",
]

F64 = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]

ELSE_M_CAP = 0.02
"""Default upper bound of m for an ``else`` level: a true match rarely disagrees
outright (each comparison may set its own, see ``max_else_m``)."""
FLOOR = 1e-6
"""Smallest m or u of a level: a level seen in neither sample stays possible, and
its weight log2(m/u) stays finite (at most about +-20 bits)."""
PSEUDO_COUNT = 0.5
"""Added to every level's count before u is estimated (Jeffreys' prior): a level
never seen among random pairs is rare, not impossible."""
START_PRIOR = 0.05
"""EM's first guess of the share of candidate pairs that match; EM moves it, the
guess only has to be in the right order of magnitude (a few links per block)."""
PRIOR_BOUNDS = (1e-6, 0.999)
"""The match prior stays strictly inside (0, 1), so neither log(lam) nor
log(1 - lam) is ever infinite."""
MAX_ITERATIONS = 40
"""EM rounds at most when the caller gives no bound: a cap on the cost, reached only
when m keeps moving by more than ``TOLERANCE``."""
TOLERANCE = 1e-5
"""EM stops once no m moved more than this between two rounds."""
ANCHOR_PSEUDO = 20.0
"""Prior counts mixed into m measured on anchor pairs: a few dozen anchors do not
overrule the prior on a level they happen to miss."""
_EXP_LIMIT = 700.0
"""Log-odds are clipped here before ``exp``: exp(710) overflows a float64."""
_PACK_LIMIT = 2.0**62
"""Level patterns pack into an int64 key only below this many combinations."""
_BINCOUNT_SLACK = 1024
"""Count packed keys with ``bincount`` while the key space is at most four times
the rows plus this much (a table that small is cheaper than a sort)."""


def estimate_u(levels: Levels, n_levels: Sequence[int]) -> list[F64]:
    """u per comparison from random pairs: level frequencies among non-null levels."""
    out = []
    for k, nl in enumerate(n_levels):
        counts = np.bincount(levels[:, k], minlength=nl)[1:nl].astype(np.float64)
        counts += PSEUDO_COUNT
        out.append(counts / counts.sum())
    return out


def prior_m(n_levels: Sequence[int]) -> list[F64]:
    """Starting m: decreasing geometrically from the best level to ``else``."""
    out = []
    for nl in n_levels:
        k = nl - 1
        m = 0.5 ** np.arange(k, dtype=np.float64)
        m[-1] = min(m[-1], ELSE_M_CAP / 2)
        out.append(m / m.sum())
    return out


def _floor(m: F64) -> F64:
    floored: F64 = np.maximum(m, FLOOR)
    out: F64 = floored / floored.sum()
    return out


def _cap_else(m: F64, cap: float | None = ELSE_M_CAP) -> F64:
    if cap is not None and m[-1] > cap:
        rest = m[:-1].sum()
        m = m.copy()
        m[:-1] *= (1 - cap) / max(rest, FLOOR)
        m[-1] = cap
    return _floor(m)


def _posterior(lam: float, log_m: F64, log_u: F64) -> F64:
    a = np.log(lam) + log_m
    b = np.log1p(-lam) + log_u
    out: F64 = 1.0 / (1.0 + np.exp(np.clip(b - a, -_EXP_LIMIT, _EXP_LIMIT)))
    return out


def distinct_rows(rows: Levels) -> tuple[Levels, F64]:
    """The distinct rows of a small-integer matrix and how often each occurs.

    Same result as ``np.unique(rows, axis=0, return_counts=True)``, several times
    faster: each row is packed into one integer (mixed radix) and counted with
    ``np.bincount`` when the key space is small, ``np.unique`` on the keys if not.
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[1] == 0 or len(rows) == 0:
        patterns, counts = np.unique(rows, axis=0, return_counts=True)
        return patterns, counts.astype(np.float64)
    # Column by column: a copy of the whole matrix as int64 would be eight times
    # its size (gigabytes for millions of pairs).
    low = rows.min(axis=0).astype(np.int64)
    radix = rows.max(axis=0).astype(np.int64) - low + 1
    space = float(np.prod(radix.astype(np.float64)))
    if space >= _PACK_LIMIT:
        patterns, counts = np.unique(rows, axis=0, return_counts=True)
        return patterns, counts.astype(np.float64)
    key = np.zeros(len(rows), dtype=np.int64)
    for j in range(rows.shape[1]):
        key *= radix[j]
        key += rows[:, j].astype(np.int64) - low[j]
    if space <= 4 * len(rows) + _BINCOUNT_SLACK:
        tally = np.bincount(key, minlength=int(space))
        keys = np.flatnonzero(tally)
        counts = tally[keys]
    else:
        keys, counts = np.unique(key, return_counts=True)
    out = np.empty((len(keys), rows.shape[1]), dtype=np.int64)
    rest = keys.copy()
    for j in range(rows.shape[1] - 1, -1, -1):
        out[:, j] = rest % radix[j] + low[j]
        rest //= radix[j]
    return out.astype(rows.dtype), counts.astype(np.float64)


def _by_stratum(u: F64, n_strata: int) -> F64:
    """u as a (stratum, non-null level) table; a 1-D u is shared by every stratum."""
    table = np.asarray(u, dtype=np.float64)
    return np.tile(table, (n_strata, 1)) if table.ndim == 1 else table


def estimate_m(
    levels: Levels,
    n_levels: Sequence[int],
    u: Sequence[F64],
    *,
    iterations: int = MAX_ITERATIONS,
    labelled: Levels | None = None,
    learn_u: Sequence[int] = (),
    fixed_m: dict[int, F64] | None = None,
    caps: Sequence[float | None] | None = None,
    strata: Levels | None = None,
    n_strata: int = 1,
) -> tuple[list[F64], list[F64], float]:
    """m per comparison and the match prior by EM over the distinct level vectors.

    Comparisons in ``fixed_m`` keep the given m (estimated from anchor pairs); those
    in ``learn_u`` re-estimate u among the candidate pairs, the others keep the u
    measured on random pairs. With ``strata`` (one stratum in ``range(n_strata)``
    per row of ``levels``),
    u of the comparisons in ``stratified`` is learnt per stratum and returned as a
    (stratum, level) table; a 2-D ``u`` given in is such a table, held fixed
    unless learnt."""
    if strata is None:
        n_strata = 1
    rows = levels if strata is None else np.column_stack([levels, strata])
    patterns, counts = distinct_rows(rows)
    pstrata = patterns[:, -1].astype(np.int64) if strata is not None else None
    fixed = fixed_m or {}
    cap_of = list(caps) if caps is not None else [ELSE_M_CAP] * len(n_levels)
    m = [fixed.get(j, p) for j, p in enumerate(prior_m(n_levels))]
    lam = START_PRIOR
    k = len(n_levels)
    label_counts = [
        np.bincount(labelled[:, j], minlength=n_levels[j])[1 : n_levels[j]].astype(
            float
        )
        if labelled is not None and len(labelled)
        else np.zeros(n_levels[j] - 1)
        for j in range(k)
    ]
    u_tab = [_by_stratum(x, n_strata) for x in u]

    def log_u(j: int) -> F64:
        table = np.log(np.column_stack([np.ones(n_strata), u_tab[j]]))
        col = patterns[:, j]
        out: F64 = table[pstrata, col] if pstrata is not None else table[0, col]
        return out

    for _ in range(iterations):
        lm = [np.concatenate([[0.0], np.log(m[j])])[patterns[:, j]] for j in range(k)]
        lu = [log_u(j) for j in range(k)]
        log_m, log_us = np.sum(lm, axis=0), np.sum(lu, axis=0)
        post = _posterior(lam, log_m, log_us)
        lam_new = float(np.clip((post * counts).sum() / counts.sum(), *PRIOR_BOUNDS))
        new_m = []
        for j in range(k):
            # Leave-one-out for m: the level distribution of comparison j among
            # matches is learnt from posteriors that do not use j, so a comparison
            # cannot vouch for itself (EM would otherwise call "same handle" the
            # definition of a match). u uses the full posterior.
            loo = _posterior(lam, log_m - lm[j], log_us - lu[j]) * counts
            agree: F64 = np.bincount(
                patterns[:, j], weights=loo, minlength=n_levels[j]
            ).astype(np.float64)
            agree = agree[1 : n_levels[j]] + label_counts[j]
            total = agree.sum()
            if j in fixed:
                new_m.append(m[j])
            else:
                fresh = agree / total if total > 0 else m[j]
                new_m.append(_cap_else(fresh, cap_of[j]))
            if j in learn_u:
                u_tab[j] = _learn_u(
                    patterns[:, j], (1.0 - post) * counts, n_levels[j], None, n_strata
                )
        delta = max(
            float(np.abs(a_ - b_).max()) for a_, b_ in zip(new_m, m, strict=True)
        )
        m, lam = new_m, lam_new
        if delta < TOLERANCE:
            break
    return m, [u_tab[j] if np.ndim(u[j]) == 2 else u_tab[j][0] for j in range(k)], lam


def conditional_u(
    levels: Levels,
    strata: Levels,
    n_strata: int,
    m: Sequence[F64],
    u: Sequence[F64],
    lam: float,
    which: Sequence[int],
) -> dict[int, F64]:
    """u of the comparisons in ``which`` by stratum: their level frequencies among
    the non-matches of each stratum, weighted by the fitted model's posterior.

    One step after EM has converged, not a free parameter inside it: inside, a u
    per stratum lets EM explain away the many true matches of the stratum where
    names agree as non-matches that share an e-mail."""
    rows = np.column_stack([levels, strata])
    patterns, counts = distinct_rows(rows)
    pstrata = patterns[:, -1].astype(np.int64)
    log_m = np.zeros(len(patterns))
    log_u = np.zeros(len(patterns))
    for j, (mj, uj) in enumerate(zip(m, u, strict=True)):
        log_m += np.concatenate([[0.0], np.log(mj)])[patterns[:, j]]
        log_u += np.concatenate([[0.0], np.log(uj)])[patterns[:, j]]
    weight = (1.0 - _posterior(lam, log_m, log_u)) * counts
    return {
        j: _learn_u(patterns[:, j], weight, len(m[j]) + 1, pstrata, n_strata)
        for j in which
    }


def _learn_u(
    col: Levels,
    weight: F64,
    n_level: int,
    strata: npt.NDArray[np.int64] | None,
    n_strata: int,
) -> F64:
    """u as a (stratum, non-null level) table from non-match weights (plus
    ``PSEUDO_COUNT`` each): one row per stratum when ``strata`` is given, else one row
    shared by all."""
    if strata is None:
        one = np.bincount(col, weights=weight, minlength=n_level)[1:] + PSEUDO_COUNT
        shared: F64 = np.tile(np.maximum(one / one.sum(), FLOOR), (n_strata, 1))
        return shared
    flat = strata * n_level + col
    counts = np.bincount(flat, weights=weight, minlength=n_strata * n_level)
    dis = counts.reshape(n_strata, n_level)[:, 1:] + PSEUDO_COUNT
    out: F64 = np.maximum(dis / dis.sum(axis=1, keepdims=True), FLOOR)
    return out


def weight_tables(m: Sequence[F64], u: Sequence[F64]) -> list[F64]:
    """log2(m/u) per level, with 0 for the null level; a (stratum, level) table
    where u is one."""
    out = []
    for mj, uj in zip(m, u, strict=True):
        bits = np.log2(np.maximum(mj, FLOOR) / np.maximum(uj, FLOOR))
        if bits.ndim == 2:
            out.append(np.column_stack([np.zeros(len(bits)), bits]))
        else:
            out.append(np.concatenate([[0.0], bits]))
    return out


def anchor_m(
    levels: Levels,
    n_levels: Sequence[int],
    skip: Sequence[int],
    caps: Sequence[float | None] | None = None,
    pseudo: float = ANCHOR_PSEUDO,
) -> dict[int, F64]:
    """m of each comparison not in ``skip``, measured on anchor pairs (pairs that
    agree on an identifying field such as the e-mail address, nearly all true
    matches), smoothed towards the prior with ``pseudo`` counts."""
    out: dict[int, F64] = {}
    priors = prior_m(n_levels)
    for j, nl in enumerate(n_levels):
        if j in skip:
            continue
        counts = np.bincount(levels[:, j], minlength=nl)[1:nl].astype(np.float64)
        m = (counts + pseudo * priors[j]) / (counts.sum() + pseudo)
        out[j] = _cap_else(m, caps[j] if caps is not None else ELSE_M_CAP)
    return out

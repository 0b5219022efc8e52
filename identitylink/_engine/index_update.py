"""Known profiles added, changed or removed without re-scoring the others.

What a batch run decides for a profile ``q`` depends on the other profiles only
through two things kept per customer (see :mod:`index_state`): the *partner*
edges (strong or weak, from each profile's own edges, before any bonus), and the
*competitor* edges (the candidates of the assignment, with their bonus). So a
change to profile ``p`` can move:

- ``p``'s own edges, partners and competitors: ``p`` is scored alone, with the
  blocking, kernel and weights of an identification;
- the bonus of the edges of profiles ``q`` of another platform at a customer
  where ``p`` had or has a partner edge, if ``q``'s edge there is high enough to
  take a bonus: their competitor edges are decided again (from their stored
  weights: no re-scoring).

Nothing else moves: a partner edge depends on its own profile's edges only, so the
change stops there (the assignment reads the competitors when a profile is
identified). The result is the state a batch over the final profiles builds;
``tests/test_index_updates.py`` compares both.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from identitylink._engine.decide import runner_up
from identitylink._engine.index_state import KnownProfiles, Scorer
from identitylink._engine.prepared import PLATFORM_CODES
from identitylink.records import SocialProfile

__all__ = ["patch"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

_SLACK = 1e-3
"""Bits of slack on the stored (float32) edge weights when choosing the profiles
to re-decide: a few too many are re-decided, never one too few."""


def patch(
    known: KnownProfiles,
    changes: dict[tuple[str, str, str], SocialProfile | None],
    last: Collection[tuple[str, str, str]],
    score: Scorer,
) -> KnownProfiles:
    """``known`` after ``changes`` (``None``: the profile is removed); the
    profiles of ``last`` (in that order) come after all others, the other
    changed ones keep their place."""
    new = copy.copy(known)
    new.rows = dict(known.rows)
    new.profiles = list(known.profiles)
    new.alive = known.alive.copy()
    new.stale = known.stale.copy()
    x = new.extra = replace(
        known.extra,
        sides=dict(known.extra.sides),
        edges=dict(known.extra.edges),
        partners=dict(known.extra.partners),
        competitors=dict(known.extra.competitors),
        competitor_customers=dict(known.extra.competitor_customers),
        edges_by_customer=dict(known.extra.edges_by_customer),
    )
    if x.next_rank == 0:
        x.next_rank = int(known.rank.max()) + 1 if len(known.rank) else 0
    touched: dict[int, set[int]] = {}  # customer -> platforms of changed partners
    changed: list[int] = []
    ranks: list[int] = []
    platforms: list[int] = []
    added: list[tuple[SocialProfile, int]] = []
    for key, profile in changes.items():
        old = new.rows.pop(key, None)
        if old is not None:
            new.alive[old] = False
            _mark(touched, new, old)
        if profile is not None and key not in last:
            # A changed profile keeps its place (it had one: it is not last).
            assert old is not None
            added.append((profile, int(new.rank[old])))
    for key in last:  # added, or removed and added again: after all others
        profile = changes.get(key)
        if profile is not None:
            added.append((profile, x.next_rank))
            x.next_rank += 1
    for profile, rank in added:
        row = len(new.profiles)
        one, customers, base, identifying = score(profile)
        new.profiles.append(profile)
        new.rows[profile.key] = row
        ranks.append(rank)
        platforms.append(PLATFORM_CODES.get(profile.platform, 0))
        x.sides[row] = one
        x.edges[row] = (customers, base, identifying)
        strong, weak = new.limits.kinds(base, runner_up(_zeros(base), base)[0])
        for k in np.flatnonzero(strong | weak).tolist():
            c = int(customers[k])
            x.partners[c] = {**x.partners.get(c, {}), row: bool(weak[k])}
        for k, c in enumerate(customers.tolist()):
            x.edges_by_customer[c] = {
                **x.edges_by_customer.get(c, {}),
                row: float(base[k]),
            }
        changed.append(row)
    n_added = len(changed)
    new.rank = np.r_[known.rank, np.asarray(ranks, dtype=np.int64)]
    new.platform = np.r_[known.platform, np.asarray(platforms, dtype=np.int64)]
    new.alive = np.r_[new.alive, np.ones(n_added, dtype=bool)]
    new.stale = np.r_[new.stale, np.ones(n_added, dtype=bool)]
    for row in changed:
        _mark(touched, new, row)
    redo = set(changed) | _affected(new, touched)
    for row in sorted(redo):
        _redecide(new, row)
    x.patched_rows += len(redo)
    return new


def _zeros(values: F64) -> Int:
    return np.zeros(len(values), dtype=np.int64)


def _mark(touched: dict[int, set[int]], known: KnownProfiles, row: int) -> None:
    """Note the customers where ``row`` has (or had) a partner edge."""
    customers, base, _ = known.edges_of(row)
    strong, weak = known.limits.kinds(base, runner_up(_zeros(base), base)[0])
    platform = int(known.platform[row])
    for c in customers[strong | weak].tolist():
        touched.setdefault(c, set()).add(platform)


def _affected(known: KnownProfiles, touched: dict[int, set[int]]) -> set[int]:
    """Live profiles whose bonus a partner change at ``touched`` can move: of
    another platform, with an edge there high enough to take a bonus."""
    b = known.limits.thresholds.cross_platform_bonus
    if b <= 0:
        return set()
    floor = known.limits.review_weight - b - _SLACK
    out: set[int] = set()
    for c, changed_platforms in touched.items():
        rows, weights = known.edges.of_customer(c)
        rows64 = rows.astype(np.int64)
        more = known.extra.edges_by_customer.get(c)
        if more:
            rows64 = np.r_[rows64, np.fromiter(more, np.int64, len(more))]
            weights = np.r_[weights, np.fromiter(more.values(), float, len(more))]
        keep = known.alive[rows64] & (weights >= floor)
        for r in rows64[keep].tolist():
            if any(int(known.platform[r]) != p for p in changed_platforms):
                out.add(r)
    return out


def _redecide(known: KnownProfiles, row: int) -> None:
    """Decide the competitor edges of live profile ``row`` again (its bonus may
    have moved), in ``known.extra``."""
    x = known.extra
    for c in x.competitor_customers.pop(row, np.empty(0, np.int64)).tolist():
        left = {r: w for r, w in x.competitors[c].items() if r != row}
        if left:
            x.competitors[c] = left
        else:
            del x.competitors[c]
    known.stale[row] = True
    customers, base, identifying = known.edges_of(row)
    if not len(customers):
        return
    one = known.one(row)
    bonus, _ = known.bonus(one, int(known.platform[row]), customers, base, identifying)
    weight = base + bonus
    ri = _zeros(weight)
    limits = known.limits
    penalty = limits.penalty(ri, weight, 1)
    margin = runner_up(ri, weight)[0]
    cand = np.flatnonzero(limits.candidate(weight, margin, penalty))
    for k in cand.tolist():
        c = int(customers[k])
        x.competitors[c] = {**x.competitors.get(c, {}), row: float(weight[k])}
    x.competitor_customers[row] = customers[cand]

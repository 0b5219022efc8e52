"""What a batch run over the known profiles leaves for deciding one more profile.

A batch run decides a profile ``p`` from three things:

- ``p``'s own edges (scored per identification, on ``p``'s candidates only);
- the cross-platform bonus of an edge ``(c, p)``: it comes from a profile ``q``
  of another platform that agrees with ``p`` and whose edge ``(c, q)`` is
  *strong* (``q``'s best edge, by the review margin, at the auto weight) or
  *weak* (below the review weight). Both depend on ``q``'s own edges only, before
  any bonus, so they are kept per customer (:attr:`KnownProfiles.partners`);
- the assignment: edges are taken greedily by weight, and a customer who has a
  profile of a platform takes a second one only above the auto weight plus
  ``second_profile_weight``. A profile is a candidate on its best edge only (the
  review margin), so ``p``'s best edge ``(c, w)`` is refused exactly when some
  other profile of ``p``'s platform is a candidate at ``c`` and comes first (a
  higher weight, or the same weight and an earlier row). That profile's weight
  includes its own bonus, which comes from the other platforms, so ``p`` does not
  change it: the candidates are kept per customer
  (:attr:`KnownProfiles.competitors`).

With ``review_margin = 0`` two edges of a profile can tie as its best, and the
assignment then depends on the order in which ties are taken; only that case can
differ from a batch run.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from identitylink._engine.crossplatform import (
    cross_platform_bonus,
    partner_kinds,
    profiles_agree,
)
from identitylink._engine.decide import _probability, competition, runner_up
from identitylink._engine.features import Side
from identitylink._engine.kernel import compute_levels
from identitylink._engine.outcome import identifying_pairs
from identitylink._engine.prepared import Prepared
from identitylink.linker import Linker
from identitylink.records import SocialProfile
from identitylink.spec import DecisionThresholds

__all__ = ["Extra", "KnownProfiles", "Limits", "Scorer", "take"]

Int = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Obj = npt.NDArray[np.object_]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

_LAST = 2**62
"""The rank of a profile the index does not know: after every known one."""
_ZERO = np.zeros(1, dtype=np.int64)

_CHUNK = 400_000
"""Pairs scored at a time when the known profiles are scored in bulk."""


def take(side: Side, rows: Int) -> Side:
    """The ``rows`` of ``side``, as a side of their own."""
    values: dict[str, object] = {}
    for f in fields(side):
        value = getattr(side, f.name)
        if f.name == "attributes":
            values[f.name] = {k: v[rows] for k, v in value.items()}
        else:
            values[f.name] = None if value is None else value[rows]
    return Side(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Limits:
    """The decision thresholds in bits, as the batch decision reads them."""

    thresholds: DecisionThresholds
    prior_weight: float

    @classmethod
    def of(cls, linker: Linker) -> Limits:
        prior = linker.spec.prior
        assert prior is not None
        return cls(linker.spec.thresholds, float(np.log2(prior / (1 - prior))))

    @property
    def auto_weight(self) -> float:
        a = self.thresholds.auto
        return float(np.log2(a / (1 - a)))

    @property
    def review_weight(self) -> float:
        r = self.thresholds.review
        return float(np.log2(r / (1 - r)))

    def kinds(self, weight: F64, margin: F64) -> tuple[Bool, Bool]:
        """Strong and weak partner edges, as :func:`cross_platform_bonus` has them."""
        return partner_kinds(
            weight,
            margin,
            min_margin=self.thresholds.review_margin,
            min_weight=self.auto_weight,
            weak_weight=self.review_weight,
        )

    def bonus_of(
        self, li: Int, ri: Int, weight: F64, prep: Prepared, identifying: Bool
    ) -> F64:
        """The cross-platform bonus of every edge of a batch."""
        return cross_platform_bonus(
            li,
            ri,
            weight,
            runner_up(ri, weight)[0],
            prep.platform,
            prep.right,
            bonus=self.thresholds.cross_platform_bonus,
            min_margin=self.thresholds.review_margin,
            min_weight=self.auto_weight,
            weak_weight=self.review_weight,
            protected=identifying,
        ).bonus

    def penalty(self, ri: Int, weight: F64, n_right: int) -> F64:
        """The bits each edge's other candidates take off (``candidates_compete``)."""
        if not self.thresholds.candidates_compete:
            return np.zeros(len(ri))
        return competition(ri, weight, n_right)

    def candidate(self, weight: F64, margin: F64, penalty: F64) -> Bool:
        """Edges the assignment considers (probability and margin)."""
        prob = _probability(weight + penalty)
        return np.asarray(
            (prob >= self.thresholds.review) & (margin >= self.thresholds.review_margin)
        )


Scorer = Callable[[SocialProfile], "tuple[Side, Int, F64, Bool]"]
"""A profile to its columns, candidate customer rows, weights before the bonus
and identifying evidence (as the index scores one profile)."""


@dataclass
class Extra:
    """What :meth:`KnownProfiles.patched` added on top of the batch state: the
    appended rows' columns and edges, and per customer the partner, competitor
    and edge entries of appended or re-decided rows (``{customer: {row: v}}``)."""

    sides: dict[int, Side] = field(default_factory=dict)
    edges: dict[int, tuple[Int, F64, Bool]] = field(default_factory=dict)
    partners: dict[int, dict[int, bool]] = field(default_factory=dict)
    competitors: dict[int, dict[int, float]] = field(default_factory=dict)
    competitor_customers: dict[int, Int] = field(default_factory=dict)
    edges_by_customer: dict[int, dict[int, float]] = field(default_factory=dict)
    next_rank: int = 0
    patched_rows: int = 0
    """Rows appended or re-decided since the batch state (for compaction)."""


@dataclass(frozen=True)
class _PerCustomer:
    """Rows of known profiles by customer: ``rows[start[c]:start[c + 1]]``."""

    start: Int
    rows: I32
    value: npt.NDArray[Any]

    @classmethod
    def of(cls, n: int, li: Int, ri: Int, value: npt.NDArray[Any]) -> _PerCustomer:
        # ``li`` is sorted (pairs come in (customer, profile) order).
        start = np.searchsorted(li, np.arange(n + 1)).astype(np.int64)
        return cls(start, ri.astype(np.int32), value)

    def of_customer(self, c: int) -> tuple[I32, npt.NDArray[Any]]:
        a, b = int(self.start[c]), int(self.start[c + 1])
        return self.rows[a:b], self.value[a:b]


class KnownProfiles:
    """The known profiles as columns, with their batch edges per customer.

    Built for all profiles at once (the batch's pairs and scores); then
    :meth:`patched` gives the state after some profiles are added, changed or
    removed without re-scoring the others (see :mod:`index_update`): the changed
    profiles are scored alone, their rows are appended (a removed or replaced row
    is kept, dead), and the profiles whose candidates their partner edges can move
    get their candidates again. A row's rank keeps the batch order of the profiles
    (a changed profile keeps its place, a new one comes last).
    """

    def __init__(
        self, linker: Linker, prep: Prepared, profiles: list[SocialProfile]
    ) -> None:
        self.side = prep.right
        keys = [p.key for p in profiles]
        self.rows = {key: row for row, key in enumerate(keys)}
        self.limits = limits = Limits.of(linker)
        n = prep.left.n
        li, ri, _ = linker._pairs(prep)
        base, identifying = _score(linker, prep, li, ri, limits.prior_weight)
        strong, weak = limits.kinds(base, runner_up(ri, base)[0])
        part = np.flatnonzero(strong | weak)
        self.partners = _PerCustomer.of(n, li[part], ri[part], weak[part])
        """Strong or weak partner edges (value: weak)."""
        bonus = limits.bonus_of(li, ri, base, prep, identifying)
        weight = base + bonus
        penalty = limits.penalty(ri, weight, len(keys))
        margin = runner_up(ri, weight)[0]
        cand = np.flatnonzero(limits.candidate(weight, margin, penalty))
        self.competitors = _PerCustomer.of(n, li[cand], ri[cand], weight[cand])
        """Edges the assignment considers (value: weight with the bonus)."""
        self.edges = _PerCustomer.of(n, li, ri, base.astype(np.float32))
        """Every edge (value: its weight before the bonus, to a float32)."""
        self.pairs = len(li)
        order = np.argsort(ri, kind="stable")
        self._start = np.searchsorted(ri[order], np.arange(len(keys) + 1))
        self._customers = li[order].astype(np.int32)
        self._base = base[order]
        self._identifying = identifying[order]
        self.profiles = profiles
        self.n_base = len(keys)
        self.platform = prep.platform
        self.rank = np.arange(len(keys), dtype=np.int64)
        self.alive = np.ones(len(keys), dtype=bool)
        self.stale = np.zeros(len(keys), dtype=bool)
        """Rows whose competitor edges are in :attr:`extra`, not the batch's."""
        self.extra = Extra()

    def row_of(self, profile: SocialProfile) -> int | None:
        """The row of ``profile`` when the index knows it as it is now."""
        row = self.rows.get(profile.key)
        if row is None:
            return None
        known = self.profiles[row]
        return row if known is profile or known == profile else None

    def rank_of(self, key: tuple[str, str, str]) -> int:
        """Where the profile ``key`` comes in the batch order (a profile the index
        does not know comes after every known one)."""
        row = self.rows.get(key)
        return int(self.rank[row]) if row is not None else _LAST

    def one(self, row: int) -> Side:
        """The columns of known profile ``row`` (as the batch run has them)."""
        if row >= self.n_base:
            return self.extra.sides[row]
        return take(self.side, np.array([row], dtype=np.int64))

    def edges_of(self, row: int) -> tuple[Int, F64, Bool]:
        """The customer rows known profile ``row`` blocks with (sorted), and the
        weight (before the bonus) and identifying evidence of each edge."""
        if row >= self.n_base:
            return self.extra.edges[row]
        a, b = int(self._start[row]), int(self._start[row + 1])
        return (
            self._customers[a:b].astype(np.int64),
            self._base[a:b],
            self._identifying[a:b],
        )

    def customers_of(self, row: int) -> Int:
        """The customer rows known profile ``row`` blocks with, sorted."""
        return self.edges_of(row)[0]

    def partners_of(self, customer: int) -> tuple[Int, Bool]:
        """The known profiles with a strong or weak partner edge to ``customer``,
        in batch order, and whether each is weak."""
        base, flags = self.partners.of_customer(customer)
        live = self.alive[base]
        rows: Int = base[live].astype(np.int64)
        weak: Bool = np.asarray(flags[live], dtype=bool)
        more = self.extra.partners.get(customer)
        if more:
            rows = np.r_[rows, np.fromiter(more, np.int64, len(more))]
            weak = np.r_[weak, np.fromiter(more.values(), bool, len(more))]
            live = self.alive[rows]
            rows, weak = rows[live], weak[live]
            order = np.argsort(self.rank[rows], kind="stable")
            rows, weak = rows[order], weak[order]
        return rows, weak

    def competitors_of(self, customer: int) -> tuple[Int, F64]:
        """The known profiles the assignment considers for ``customer``, and the
        weight (with the bonus) of each one's edge to it."""
        base, values = self.competitors.of_customer(customer)
        keep = self.alive[base] & ~self.stale[base]
        rows: Int = base[keep].astype(np.int64)
        weights: F64 = np.asarray(values[keep], dtype=np.float64)
        more = self.extra.competitors.get(customer)
        if more:
            rows = np.r_[rows, np.fromiter(more, np.int64, len(more))]
            weights = np.r_[weights, np.fromiter(more.values(), float, len(more))]
            live = self.alive[rows]
            rows, weights = rows[live], weights[live]
        return rows, weights

    def ids_of(self, row: int) -> tuple[Obj, Obj]:
        """The id and platform columns of known profile ``row``."""
        side = self.one(row) if row >= self.n_base else self.side
        k = 0 if row >= self.n_base else row
        return side.ids[k : k + 1], side.platform[k : k + 1]

    def _agree(self, one: Side, rows: Int) -> Bool:
        """Whether ``one`` agrees with each known profile of ``rows``."""
        base = rows < self.n_base
        out = np.zeros(len(rows), dtype=bool)
        if base.any():
            b = rows[base]
            out[base] = profiles_agree(one, np.zeros(len(b), np.int64), b, self.side)
        for k in np.flatnonzero(~base).tolist():
            other = self.extra.sides[int(rows[k])]
            out[k] = bool(profiles_agree(one, _ZERO, _ZERO, other)[0])
        return out

    def bonus(
        self,
        one: Side,
        platform: int,
        customers: Int,
        weight: F64,
        identifying: Bool,
    ) -> tuple[F64, Int]:
        """The cross-platform bonus of each edge of the one-profile side ``one``
        (to ``customers``, with base ``weight``), and the known profile row that
        earned it (-1: none), as a batch run with ``one`` among the known
        profiles gives them."""
        n = len(customers)
        bonus, partner = np.zeros(n), np.full(n, -1, dtype=np.int64)
        b = self.limits.thresholds.cross_platform_bonus
        if b <= 0 or n == 0:
            return bonus, partner
        for e in np.flatnonzero(weight >= self.limits.review_weight - b).tolist():
            rows, weak = self.partners_of(int(customers[e]))
            other = self.platform[rows] != platform
            rows, weak = rows[other], weak[other]
            if not len(rows):
                continue
            agree = self._agree(one, rows)
            strong_rows, weak_rows = rows[agree & ~weak], rows[agree & weak]
            # The batch writes penalties first, then bonuses: a strong partner
            # wins; among several, the last written (the latest row) is named.
            if len(strong_rows):
                bonus[e], partner[e] = b, strong_rows[-1]
            elif len(weak_rows) and not identifying[e]:
                bonus[e], partner[e] = -b, weak_rows[-1]
        return bonus, partner

    def taken(self, customer: int, platform: int, weight: float, rank: int) -> bool:
        """Whether another known profile of ``platform`` is a candidate for
        ``customer`` ahead of an edge of weight ``weight`` from the profile of
        rank ``rank`` (:meth:`rank_of`)."""
        rows, weights = self.competitors_of(customer)
        ranks = self.rank[rows]
        ahead = (self.platform[rows] == platform) & (ranks != rank)
        ahead &= (weights > weight) | ((weights == weight) & (ranks < rank))
        return bool(ahead.any())

    def patched(
        self,
        changes: dict[tuple[str, str, str], SocialProfile | None],
        last: Collection[tuple[str, str, str]],
        score: Scorer,
    ) -> KnownProfiles:
        """The state after ``changes`` (a profile by key; ``None``: removed), the
        changed profiles scored with ``score``; those of ``last`` now come after
        every other (added, or removed and added again). This one is left as it
        was."""
        from identitylink._engine.index_update import patch

        return patch(self, changes, last, score)


def _score(
    linker: Linker, prep: Prepared, li: Int, ri: Int, prior_weight: float
) -> tuple[F64, Bool]:
    """Match weight and identifying evidence of every pair, a chunk of profiles at
    a time (the pairs of one profile stay together)."""
    weight = np.empty(len(li))
    identifying = np.zeros(len(li), dtype=bool)
    order = np.argsort(ri, kind="stable")
    for a in range(0, len(order), _CHUNK):
        idx = order[a : a + _CHUNK]
        levels = compute_levels(
            linker.spec.comparisons,
            prep.left,
            prep.right,
            li[idx],
            ri[idx],
            None,
            prep.cache,
        )
        total, per, _, _ = linker._match_weights(prep, ri[idx], levels)
        weight[idx] = total + prior_weight
        identifying[idx] = identifying_pairs(
            linker.spec, levels, per, prep.left, prep.right, li[idx], ri[idx]
        )
    return weight, identifying

"""One profile against the index: its candidates scored, and the batch decision.

Everything that depends on the whole customer table is computed once, when the
index is built (:class:`Snapshot`): the columns, the blocking codes, the cities
(a place outside the gazetteer that is a customer's city still counts), the
term-frequency bits of each customer's values, and the known profiles' batch
state (:class:`~identitylink._engine.index_state.KnownProfiles`). An identification then
costs its own candidates: their rows of the customer columns are taken, scored
with the batch kernel against the profile, and decided with the batch rules.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.crossplatform import CrossPlatform
from identitylink._engine.decide import AUTO, REVIEW, _probability, runner_up
from identitylink._engine.explain import decision_notes
from identitylink._engine.features import Side
from identitylink._engine.index_blocking import PreparedBlocking, ready
from identitylink._engine.index_state import KnownProfiles, Limits, Scorer, take
from identitylink._engine.kernel import compute_levels, tf_on_levels, tf_row_bits
from identitylink._engine.outcome import decisions_of, explained, identifying_pairs
from identitylink._engine.prepared import (
    SHOWN_PENALTY_BITS,
    Prepared,
    competition_term,
    crm_cities,
    mark_crm_places,
)
from identitylink.linker import Linker
from identitylink.records import Customer, SocialProfile
from identitylink.results import LinkDecision

__all__ = ["Scored", "Snapshot"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
_NONE: Int = np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class _Edges:
    """One profile's edges to some customer rows, scored (before the bonus)."""

    part: Side
    prep: Prepared
    li: Int
    ri: Int
    levels: Any
    weights: tuple[Any, Any, Any]
    base: F64
    identifying: Bool


@dataclass(frozen=True)
class Scored:
    """A profile's candidates (customer rows, base weights) and its decision."""

    customers: Int
    weight: F64
    decision: LinkDecision | None


class Snapshot:
    """The customers (and known profiles) as the index holds them between changes;
    read-only once built, so identifications can run in parallel."""

    def __init__(
        self,
        linker: Linker,
        records: list[Customer],
        left: Side,
        known: list[SocialProfile],
        known_side: Side | None,
        comparable: frozenset[str],
    ) -> None:
        self.linker = linker
        self.records = records
        self.left = left
        self.comparable = comparable
        self.blocking = PreparedBlocking(linker.spec.blocking_rules, left)
        self.left_ok = left.comparable(comparable)
        self.cities = crm_cities(left)
        self.tf_bits = {
            k: bits
            for k, comp in enumerate(linker.spec.comparisons)
            if comp.term_frequency and (bits := tf_row_bits(comp, left)) is not None
        }
        self.limits = Limits.of(linker)
        self.known: KnownProfiles | None = None
        self._know(known, known_side)

    def _know(self, known: list[SocialProfile], known_side: Side | None) -> None:
        self._names = _GivenCodes(self.left, known_side)
        self.known = None
        if known and known_side is not None:
            prep = Prepared.from_sides(
                self.records, self.left, list(known), known_side, self.comparable
            )
            self.known = KnownProfiles(self.linker, prep, known)

    def with_profiles(
        self, known: list[SocialProfile], known_side: Side | None
    ) -> Snapshot:
        """This snapshot with other known profiles, built in bulk (the customer
        side, its blocking codes and frequencies shared)."""
        out = copy.copy(self)
        out._know(known, known_side)
        return out

    def columns(self, profile: SocialProfile, build: Callable[[], Side]) -> Side:
        """The profile's columns: a known profile's from the batch columns, else
        ``build()``'s."""
        row = None if self.known is None else self.known.row_of(profile)
        if row is not None and self.known is not None:
            return self.known.one(row)
        one = build()
        mark_crm_places(one, self.cities)
        return one

    def candidates(self, profile: SocialProfile, one: Side) -> Int:
        """The customer rows ``profile`` blocks with (``one``: its columns)."""
        row = None if self.known is None else self.known.row_of(profile)
        if row is not None and self.known is not None:
            return self.known.customers_of(row)  # the batch blocking's pairs
        if one.comparable(self.comparable)[0]:
            rows = self.blocking.customers_of(one)
            return rows[self.left_ok[rows]]
        return _NONE

    def edges(self, profile: SocialProfile, one: Side, rows: Int) -> _Edges:
        """The edges of ``profile`` to customer ``rows``, scored as a batch run
        scores them (before the cross-platform bonus)."""
        part = take(self.left, rows)
        prep = Prepared.from_sides(
            [self.records[r] for r in rows.tolist()],
            part,
            [profile],
            one,
            self.comparable,
        )
        li = np.arange(len(rows), dtype=np.int64)
        ri = np.zeros(len(rows), dtype=np.int64)
        comps = self.linker.spec.comparisons
        prep.cache.update(self._names.seed(one, rows))
        levels = compute_levels(comps, part, one, li, ri, None, prep.cache)
        for k, bits in self.tf_bits.items():
            # The frequencies are the whole table's, not those of these rows.
            levels.tf_adjust[:, k] = tf_on_levels(
                comps[k], bits[rows], levels.levels[:, k]
            )
        total, per, tables, which = self.linker._match_weights(prep, ri, levels)
        base = total + self.limits.prior_weight
        identifying = identifying_pairs(
            self.linker.spec, levels, per, part, one, li, ri
        )
        return _Edges(
            part, prep, li, ri, levels, (per, tables, which), base, identifying
        )

    def scorer(self, build: Callable[[SocialProfile], Side]) -> Scorer:
        """A new or changed profile to what the known profiles keep of it."""

        def score(profile: SocialProfile) -> tuple[Side, Int, F64, Bool]:
            one = build(profile)
            mark_crm_places(one, self.cities)
            rows = _NONE
            if one.comparable(self.comparable)[0]:
                rows = self.blocking.customers_of(one)
                rows = rows[self.left_ok[rows]]
            if not len(rows):
                return one, rows, np.empty(0), np.zeros(0, dtype=bool)
            e = self.edges(profile, one, rows)
            return one, rows, e.base, e.identifying

        return score

    def with_known(self, known: KnownProfiles) -> Snapshot:
        """This snapshot with ``known`` (e.g. :meth:`KnownProfiles.patched`)."""
        out = copy.copy(self)
        out.known = known
        return out

    def score(self, profile: SocialProfile, one: Side) -> Scored:
        """Score and decide ``profile`` (``one``: its :meth:`columns`)."""
        rows = self.candidates(profile, one)
        if not len(rows):
            return Scored(_NONE, np.empty(0), None)
        e = self.edges(profile, one, rows)
        part, prep, li, ri, levels = e.part, e.prep, e.li, e.ri, e.levels
        per, tables, which = e.weights
        base, identifying = e.base, e.identifying
        platform = int(prep.platform[0])
        partner = np.full(len(rows), -1, dtype=np.int64)
        weight = base
        if self.known is not None:
            bonus, partner = self.known.bonus(one, platform, rows, base, identifying)
            weight = base + bonus
        penalty = self.limits.penalty(ri, weight, 1)
        edge = self._assign(profile, platform, rows, weight, penalty)
        if edge is None:
            return Scored(rows, base, None)
        margin, other = runner_up(ri, weight)
        th = self.limits.thresholds
        auto = (
            _probability(weight[edge : edge + 1] + penalty[edge])[0] >= th.auto
            and margin[edge] >= th.auto_margin
            and bool(identifying[edge])
        )
        band = AUTO if auto else REVIEW
        notes = self._notes(
            edge,
            band,
            (float(margin[edge]), int(other[edge])),
            (li, ri),
            part,
            one,
            (weight - base, partner),
            bool(identifying[edge]),
        )
        if penalty[edge] < -SHOWN_PENALTY_BITS:
            notes[1].append(competition_term(float(penalty[edge]), len(rows) - 1))
        explanation = explained(
            self.linker.spec,
            prep,
            li,
            ri,
            levels,
            (per, tables, which),
            np.array([edge]),
            [notes],
        )[0]
        decision = decisions_of(
            prep, [(edge, 0, float(weight[edge] + penalty[edge]), band, explanation)]
        )[0]
        return Scored(rows, base, decision)

    def _assign(
        self,
        profile: SocialProfile,
        platform: int,
        rows: Int,
        weight: F64,
        penalty: F64,
    ) -> int | None:
        """The edge the batch assignment gives the profile, if any."""
        th = self.limits.thresholds
        ri = np.zeros(len(rows), dtype=np.int64)
        margin = runner_up(ri, weight)[0]
        cand = np.flatnonzero(self.limits.candidate(weight, margin, penalty))
        if self.known is None:
            return int(cand[np.argmax(weight[cand])]) if len(cand) else None
        rank = self.known.rank_of(profile.key)
        second = self.limits.auto_weight + th.second_profile_weight
        for e in cand[np.argsort(-weight[cand], kind="stable")].tolist():
            w = float(weight[e])
            if w >= second or not self.known.taken(int(rows[e]), platform, w, rank):
                return int(e)
        return None

    def _notes(
        self,
        edge: int,
        band: int,
        runner: tuple[float, int],
        pairs: tuple[Int, Int],
        part: Side,
        one: Side,
        cross: tuple[F64, Int],
        identifying: bool,
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """The batch's notes of the decided edge; a partner profile is named from
        the known profiles' columns."""
        li, ri = pairs
        bonus, partner = cross
        right = one
        where = np.full(len(li), -1, dtype=np.int64)
        if partner[edge] >= 0 and self.known is not None:
            ids, platforms = self.known.ids_of(int(partner[edge]))
            right = dataclasses.replace(
                one,
                ids=np.concatenate([one.ids, ids]),
                platform=np.concatenate([one.platform, platforms]),
            )
            li = np.r_[li, li[edge]]
            ri = np.r_[ri, 1]
            where = np.r_[where, -1]
            where[edge] = len(li) - 1
            bonus = np.r_[bonus, 0.0]
        return decision_notes(
            edge,
            band,
            runner[0],
            runner[1],
            li,
            ri,
            part,
            right,
            identifying,
            CrossPlatform(bonus, where),
        )


class _GivenCodes:
    """The codes a batch run gives the given names, for one profile's pairs.

    The kernel tells a single given name ("Maria", not "Maria Jose") by the code
    of the name in the codes of the given names being the code of its first word
    in the codes of the first words. Those are two codings of the whole batch (the
    customers, then the profiles in order), so the index gives the customer rows
    and the profile the codes that a batch run over the customers, the known
    profiles and this profile (after them) gives them.
    """

    _KEYS = (("given", "given"), ("gfirst", "given_first"))

    def __init__(self, left: Side, known: Side | None) -> None:
        self._left = left
        self._known = known
        self._lock = threading.Lock()
        self._codes: dict[str, tuple[Int, pd.Index]] = {}

    def _coded(self, key: str, column: str, v: int) -> tuple[Int, pd.Index]:
        name = f"{key}{v}"
        found = self._codes.get(name)
        if found is not None:
            return found
        with self._lock:
            lcol = getattr(self._left, column)[:, 0]
            parts = [lcol]
            if self._known is not None and v < self._known.readings:
                parts.append(getattr(self._known, column)[:, v])
            codes, uniques = pd.factorize(np.concatenate(parts))
            left = codes[: len(lcol)].astype(np.int64)
            empty = np.flatnonzero(np.asarray(uniques) == "")
            if len(empty):
                left[left == empty[0]] = -1
            found = (left, ready(pd.Index(uniques)))
            self._codes[name] = found
        return found

    def seed(self, one: Side, rows: Int) -> dict[str, list[Int]]:
        """Memo entries for the kernel: the rows' and the profile's codes."""
        out: dict[str, list[Int]] = {}
        for v in range(one.readings):
            for key, column in self._KEYS:
                left, uniques = self._coded(key, column, v)
                value = getattr(one, column)[0, v]
                code = (
                    -1
                    if value == ""
                    else int(uniques.get_indexer(pd.Index([value]))[0])
                )
                if code < 0 and value != "":
                    code = len(uniques)  # a value the batch meets first here
                out[f"{key}{v}"] = [left[rows], np.array([code], dtype=np.int64)]
        return out

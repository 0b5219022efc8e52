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
from identitylink._engine.index_state import KnownProfiles, Limits, take
from identitylink._engine.kernel import compute_levels, tf_on_levels, tf_row_bits
from identitylink.linker import (
    _SHOWN_PENALTY_BITS,
    Linker,
    _competition_term,
    _Prepared,
    crm_cities,
    mark_crm_places,
)
from identitylink.records import Customer, SocialProfile
from identitylink.results import LinkDecision

__all__ = ["Scored", "Snapshot"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_NONE: Int = np.empty(0, dtype=np.int64)


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
        self._names = _GivenCodes(left, known_side)
        self.known: KnownProfiles | None = None
        if known and known_side is not None:
            prep = _Prepared.from_sides(
                records, left, list(known), known_side, comparable
            )
            self.known = KnownProfiles(linker, prep, known)

    def columns(self, profile: SocialProfile, build: Callable[[], Side]) -> Side:
        """The profile's columns: a known profile's from the batch columns, else
        ``build()``'s."""
        row = None if self.known is None else self.known.row_of(profile)
        if row is not None and self.known is not None:
            return self.known.one(row)
        one = build()
        mark_crm_places(one, self.cities)
        return one

    def score(self, profile: SocialProfile, one: Side) -> Scored:
        """Score and decide ``profile`` (``one``: its :meth:`columns`)."""
        row = None if self.known is None else self.known.row_of(profile)
        if row is not None and self.known is not None:
            rows = self.known.customers_of(row)  # the batch blocking's pairs
        elif one.comparable(self.comparable)[0]:
            rows = self.blocking.customers_of(one)
            rows = rows[self.left_ok[rows]]
        else:
            rows = _NONE
        if not len(rows):
            return Scored(_NONE, np.empty(0), None)
        part = take(self.left, rows)
        prep = _Prepared.from_sides(
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
        identifying = self.linker._identifying(levels, per, part, one, li, ri)
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
        if penalty[edge] < -_SHOWN_PENALTY_BITS:
            notes[1].append(_competition_term(float(penalty[edge]), len(rows) - 1))
        explanation = self.linker._explained(
            prep, li, ri, levels, (per, tables, which), np.array([edge]), [notes]
        )[0]
        decision = self.linker._decisions(
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
        row = self.known.rows.get(profile.key, len(self.known.rows))
        second = self.limits.auto_weight + th.second_profile_weight
        for e in cand[np.argsort(-weight[cand], kind="stable")].tolist():
            w = float(weight[e])
            if w >= second or not self.known.taken(int(rows[e]), platform, w, row):
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
            q = int(partner[edge])
            right = dataclasses.replace(
                one,
                ids=np.concatenate([one.ids, self.known.side.ids[q : q + 1]]),
                platform=np.concatenate(
                    [one.platform, self.known.side.platform[q : q + 1]]
                ),
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

"""``Linker``: runs a :class:`~identitylink.LinkSpec` on customers and profiles.

Orchestration only: normalise to columns, block, compare, train (EM) if needed,
score, decide, explain. Every stage lives in its own private module.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._engine.crossplatform import cross_platform_bonus
from identitylink._engine.decide import (
    REJECT,
    competition,
    decide,
    runner_up,
)
from identitylink._engine.em import weight_tables
from identitylink._engine.executor import Engine, make_executor
from identitylink._engine.explain import (
    EXPLANATIONS,
    decision_notes,
    rejection_notes,
)
from identitylink._engine.kernel import (
    ScoredLevels,
    check_columns,
    comparable_columns,
    compute_levels,
    match_weights,
)
from identitylink._engine.labels import apply_labels, label_rows
from identitylink._engine.outcome import (
    BAND_NAMES,
    decisions_of,
    explained,
    identifying_pairs,
)
from identitylink._engine.pairs import blocking_report
from identitylink._engine.prepared import (
    PLATFORM_CODES,
    SHOWN_PENALTY_BITS,
    Prepared,
    attribute_columns,
    competition_term,
    materialise,
    uses_phone,
)
from identitylink._engine.strata import N_STRATA, name_strata
from identitylink._engine.train import train_spec
from identitylink._engine.weights import floor_pair_weights, floor_tables
from identitylink._gc import gc_paused
from identitylink.blocking import BlockingReport
from identitylink.exceptions import ConfigurationError, LinkageError
from identitylink.records import Customer, ReadResult, SocialProfile
from identitylink.results import LinkResult
from identitylink.sources._column_read import ColumnRead
from identitylink.sources._columns import MappingSource
from identitylink.spec import LinkSpec

__all__ = ["Label", "Linker"]

Int = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]

Label = tuple[str, str, str, bool]
"""A known pair: (platform, profile id, customer id, is it a match)."""


class Linker:
    """Link social profiles (or any second table of people) to CRM customers.

    ``Linker()`` uses :meth:`LinkSpec.default`; :meth:`train` estimates the
    parameters (EM), :meth:`link` trains first when needed and returns a
    :class:`~identitylink.LinkResult`. ``progress``, if given, is called with the
    name of each stage (:data:`STAGES`) as it ends, e.g. to drive a progress bar.

    ``engine="spark"`` (the ``spark`` extra) runs blocking and the scoring kernel
    on Spark: on ``spark`` (a ``SparkSession``) or, when none is given, on a
    ``local[2]`` session; ``spark_buckets`` sets how many hash buckets of pairs the
    kernel runs in. The links are the same as with the local engine.
    """

    STAGES = ("normalize", "block", "compare", "train", "decide")
    """The stages of :meth:`link`, in order (``train`` only when untrained)."""

    def __init__(
        self,
        spec: LinkSpec | None = None,
        *,
        progress: Callable[[str], None] | None = None,
        engine: Engine = "local",
        spark: Any = None,
        spark_buckets: int | None = None,
    ) -> None:
        self.spec = spec if spec is not None else LinkSpec.default()
        self.timings: dict[str, float] = {}
        self.progress = progress
        self.engine = engine
        self._executor = make_executor(engine, spark=spark, buckets=spark_buckets)

    @property
    def trained(self) -> bool:
        """True when the spec carries m, u and a prior."""
        return self.spec.trained

    # -- persistence ---------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write the (trained) spec as JSON."""
        Path(path).write_text(self.spec.to_json(indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Linker:
        """A linker from a spec saved by :meth:`save`."""
        return cls(LinkSpec.from_file(path))

    # -- stages ----------------------------------------------------------------------
    def _tick(self, stage: str, start: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - start, 3)
        if self.progress is not None:
            self.progress(stage)
        return now

    def _prepare(
        self,
        customers: Any,
        profiles: Any,
        *,
        right_is_crm: bool = False,
        mapping: Any = None,
    ) -> Prepared:
        t = time.perf_counter()
        customers = materialise(customers, crm=True, mapping=mapping)
        profiles = materialise(
            profiles, crm=right_is_crm, mapping=mapping if right_is_crm else None
        )
        self.check_inputs(customers, profiles)
        prep = Prepared(
            customers,
            profiles,
            phones=uses_phone(self.spec),
            attributes=attribute_columns(self.spec),
            comparable=comparable_columns(self.spec.comparisons),
        )
        check_columns(self.spec.comparisons, prep.left, prep.right)
        self._tick("normalize", t)
        return prep

    def _pairs(self, prep: Prepared) -> tuple[Int, Int, list[Any]]:
        t = time.perf_counter()
        out = self._executor.generate_pairs(
            self.spec.blocking_rules, prep.left, prep.right, prep.right_ok
        )
        keep = prep.left_ok[out.left]
        self._tick("block", t)
        return out.left[keep], out.right[keep], out.reports

    def _levels(self, prep: Prepared, li: Int, ri: Int) -> ScoredLevels:
        t = time.perf_counter()
        # The reading of a display name (which part is the given name) is chosen
        # by the same untrained rule whether or not the spec is trained, so that
        # linking with a saved spec decides exactly as training-then-linking does.
        # Choosing it by trained weights picks, for a namesake, whichever reading
        # scores best, and inflates wrong pairs (dev-small F1 0.794 against 0.811).
        lev = self._executor.compute_levels(
            self.spec.comparisons, prep.left, prep.right, li, ri, prep.cache
        )
        self._tick("compare", t)
        return lev

    def _weight_tables(self, platform: str | None = None) -> list[F64]:
        """log2(m/u) per comparison; with ``platform``, that platform's own m
        where it was learnt apart; by name-agreement stratum where u is."""
        comps = self.spec.comparisons
        m = [np.asarray(c.m_by_platform.get(platform or "", c.m)) for c in comps]
        u = [np.asarray(c.u_by_names or c.u) for c in comps]
        return floor_tables(comps, weight_tables(m, u))

    def _platform_tables(self) -> dict[int, list[F64]]:
        """Weight tables of the platforms that have m of their own, by code."""
        names = {p for c in self.spec.comparisons for p in c.m_by_platform}
        return {
            PLATFORM_CODES[p]: self._weight_tables(p)
            for p in sorted(names)
            if p in PLATFORM_CODES
        }

    def _match_weights(
        self, prep: Prepared, ri: Int, levels: ScoredLevels
    ) -> tuple[F64, F64, list[list[F64]], Int]:
        """Total and per-comparison weights of every pair, with each platform's
        own tables; also, per pair, the base weight table of each comparison (for
        its platform and name-agreement stratum, before term frequencies)."""
        strata = name_strata(self.spec.comparisons, levels.levels)
        tables = [self._weight_tables()]
        total, per = match_weights(levels, tables[0], strata)
        which = np.zeros(len(ri), dtype=np.int64)
        pair_platform = prep.platform[ri]
        for code, own in self._platform_tables().items():
            rows = np.flatnonzero(pair_platform == code)
            if len(rows) == 0:
                continue
            match_weights(levels, own, strata, rows=rows, out=per)
            tables.append(own)
            which[rows] = len(tables) - 1
        # Term frequency may shrink an exact agreement, never flip it.
        floor_pair_weights(self.spec.comparisons, levels.levels, per)
        total = per.sum(axis=1)
        # One table per (platform table, stratum): index = which * 3 + stratum.
        flat = [
            [t[s] if t.ndim == 2 else t for t in table]
            for table in tables
            for s in range(N_STRATA)
        ]
        return total, per, flat, which * N_STRATA + strata

    def _label_levels(
        self, prep: Prepared, labels: Sequence[Label]
    ) -> npt.NDArray[np.int8] | None:
        rows = label_rows(prep.left, prep.right, labels)
        if not rows.is_match.any():
            return None
        return compute_levels(
            self.spec.comparisons,
            prep.left,
            prep.right,
            rows.left[rows.is_match],
            rows.right[rows.is_match],
        ).levels

    def _train(
        self,
        prep: Prepared,
        pair_right: Int,
        levels: ScoredLevels,
        labels: Sequence[Label] | None,
    ) -> None:
        t = time.perf_counter()
        if len(pair_right) == 0:
            raise LinkageError(
                "the blocking rules gave no candidate pair, so there is nothing to "
                "train on: check that the columns they name hold values in both "
                "tables (identitylink blocking-report shows each rule's pairs)"
            )
        self.spec = train_spec(
            self.spec,
            prep.left,
            prep.right,
            (prep.left_ok, prep.right_ok),
            pair_right,
            levels,
            self._label_levels(prep, labels) if labels else None,
            prep.cache,
        )
        self._tick("train", t)

    # -- public ----------------------------------------------------------------------
    def check_inputs(
        self,
        customers: ReadResult[Customer] | ColumnRead | Iterable[Customer],
        profiles: ReadResult[SocialProfile]
        | ColumnRead
        | Iterable[SocialProfile | Customer],
    ) -> None:
        """Fail fast, before any work, when the spec names a column that neither
        table has (raises :class:`~identitylink.ConfigurationError` naming it)."""
        extra = attribute_columns(self.spec)
        for table, label in ((customers, "customers"), (profiles, "profiles")):
            present: set[str] = set()
            if isinstance(table, ColumnRead):
                if table.attributes is not None:
                    held = table.attributes.notna().any(axis=0)
                    present.update(str(c) for c in held.index[held.to_numpy()])
            else:
                for record in table:
                    if isinstance(record, Customer):
                        present.update(record.attributes)
            missing = sorted(extra - present)
            if missing:
                raise ConfigurationError(
                    f"the spec uses the column {missing[0]!r}, which the {label} "
                    f"table does not have"
                )

    def train(
        self,
        customers: ReadResult[Customer] | ColumnRead | Iterable[Customer],
        profiles: ReadResult[SocialProfile]
        | ColumnRead
        | Iterable[SocialProfile | Customer],
        *,
        labels: Sequence[Label] | None = None,
    ) -> LinkSpec:
        """Estimate m (EM), u (random pairs) and the prior; return the trained spec."""
        self.spec = self.spec.untrained()
        prep = self._prepare(customers, profiles)
        li, ri, _ = self._pairs(prep)
        self._train(prep, ri, self._levels(prep, li, ri), labels)
        return self.spec

    def link(
        self,
        customers: ReadResult[Customer]
        | ColumnRead
        | Iterable[Customer]
        | pd.DataFrame,
        profiles: ReadResult[SocialProfile]
        | ColumnRead
        | Iterable[SocialProfile]
        | pd.DataFrame,
        *,
        rejected: bool = False,
        crm_mapping: MappingSource | None = None,
        labels: Sequence[Label] | None = None,
    ) -> LinkResult:
        """Decide which customer (if any) each profile is; train first if needed.

        ``customers`` and ``profiles`` may be what the column readers return
        (:func:`~identitylink.read_crm_columns`,
        :func:`~identitylink.read_twitter_columns`,
        :func:`~identitylink.read_facebook_columns`; several profile reads joined
        by :meth:`ColumnRead.concat <identitylink.ColumnRead.concat>`): the batch
        path, no record object built, the same links as from the records.
        They may also be pandas DataFrames: the customers are
        read by :func:`~identitylink.read_crm` (with ``crm_mapping``, else by
        their headers), the profiles need one column per
        :class:`~identitylink.SocialProfile` field (``platform``, ``profile_id``,
        ...); bad rows end up in :attr:`LinkResult.errors`.

        With ``rejected``, :attr:`LinkResult.rejected` also holds every candidate
        pair that was scored but not linked (band ``reject``), each explained, with
        a note saying why it was not linked.

        ``labels`` are pairs a person decided (``(platform, profile id, customer
        id, is match)``, e.g. :func:`identitylink.storage.review_labels`), and the
        run keeps them: an accepted pair is linked (band ``auto``, noted "accepted
        by a reviewer") whatever it scores, a rejected pair is not a candidate at
        all, so it no longer holds its profile back as a namesake. An untrained
        linker also trains on them (see :meth:`train`).
        """
        self.timings = {}
        prep = self._prepare(customers, profiles, mapping=crm_mapping)
        li, ri, _ = self._pairs(prep)
        accepted = None
        if labels:
            rows = label_rows(prep.left, prep.right, labels)
            li, ri, accepted = apply_labels(li, ri, prep.left.n, rows)
        levels = self._levels(prep, li, ri)
        if not self.trained:
            self._train(prep, ri, levels, labels)
        with gc_paused():  # many acyclic links and explanation terms
            return self._result(
                prep, li, ri, levels, rejected=rejected, accepted=accepted
            )

    def _decide(
        self,
        prep: Prepared,
        li: Int,
        ri: Int,
        levels: ScoredLevels,
        *,
        rejected: bool = False,
        accepted: Bool | None = None,
    ) -> list[tuple[int, int, float, int, dict[str, Any]]]:
        """(left row, right row, match weight, band code, explanation) per link,
        then (with ``rejected``) per candidate pair not linked (band ``REJECT``)."""
        spec = self.spec
        assert spec.prior is not None
        total, per, tables, which = self._match_weights(prep, ri, levels)
        prior_w = float(np.log2(spec.prior / (1 - spec.prior)))
        weight = total + prior_w
        identifying = identifying_pairs(
            spec, levels, per, prep.left, prep.right, li, ri
        )
        th = spec.thresholds
        cross = cross_platform_bonus(
            li,
            ri,
            weight,
            runner_up(ri, weight)[0],
            prep.platform,
            prep.right,
            bonus=th.cross_platform_bonus,
            min_margin=th.review_margin,
            min_weight=float(np.log2(th.auto / (1 - th.auto))),
            weak_weight=float(np.log2(th.review / (1 - th.review))),
            protected=identifying,
        )
        weight = weight + cross.bonus
        penalty = (
            competition(ri, weight, prep.right.n)
            if th.candidates_compete
            else np.zeros(len(li))
        )
        dec = decide(
            li,
            ri,
            weight,
            prep.platform,
            identifying,
            spec.thresholds,
            penalty,
            accepted,
        )
        edges = dec.edge
        context = [
            decision_notes(
                int(e),
                int(band),
                float(margin),
                int(other),
                li,
                ri,
                prep.left,
                prep.right,
                bool(identifying[e]),
                cross,
            )
            for e, band, margin, other in zip(
                edges, dec.band, dec.margin, dec.runner_up, strict=True
            )
        ]
        bands = dec.band.astype(np.int64)
        if rejected:
            others = np.setdiff1d(np.arange(len(li)), edges)
            margin, other = runner_up(ri, weight)
            linked = {int(ri[e]): int(li[e]) for e in edges}
            context += [
                rejection_notes(
                    int(e),
                    float(margin[e]),
                    int(other[e]),
                    li,
                    ri,
                    prep.left,
                    prep.right,
                    weight,
                    linked,
                    th,
                    cross,
                )
                for e in others
            ]
            edges = np.concatenate([edges, others])
            bands = np.concatenate([bands, np.full(len(others), REJECT)])
        if accepted is not None:
            for (notes, _), e in zip(context, edges, strict=True):
                if accepted[e]:
                    notes.insert(0, "accepted by a reviewer")
        n_candidates = np.bincount(ri, minlength=prep.right.n)
        for (_, extra), e in zip(context, edges, strict=True):
            if penalty[e] < -SHOWN_PENALTY_BITS:
                extra.append(
                    competition_term(float(penalty[e]), int(n_candidates[ri[e]]) - 1)
                )
        weight = weight + penalty
        explanations = explained(
            spec, prep, li, ri, levels, (per, tables, which), edges, context
        )
        return [
            (int(li[e]), int(ri[e]), float(weight[e]), int(band), exp)
            for e, band, exp in zip(edges, bands, explanations, strict=True)
        ]

    def _result(
        self,
        prep: Prepared,
        li: Int,
        ri: Int,
        levels: ScoredLevels,
        *,
        rejected: bool = False,
        accepted: Bool | None = None,
    ) -> LinkResult:
        t = time.perf_counter()
        links = decisions_of(
            prep,
            self._decide(prep, li, ri, levels, rejected=rejected, accepted=accepted),
        )
        not_linked = tuple(d for d in links if d.band == "reject")
        links = [d for d in links if d.band != "reject"]
        spec = self.spec
        self._tick("decide", t)
        n_auto = sum(1 for d in links if d.band == "auto")
        counts = {
            "customers": prep.left.n,
            "profiles": prep.right.n,
            "customers_not_comparable": int((~prep.left_ok).sum()),
            "profiles_not_comparable": int((~prep.right_ok).sum()),
            "candidate_pairs": len(li),
            "links": len(links),
            "auto": n_auto,
            "review": len(links) - n_auto,
            "errors": len(prep.errors),
        }
        for name, code in PLATFORM_CODES.items():
            if name != "crm":
                counts[f"profiles_{name}"] = int((prep.platform == code).sum())
        return LinkResult(
            links=tuple(links),
            rejected=not_linked,
            errors=tuple(prep.errors),
            counts=counts,
            spec_hash=spec.spec_hash,
            timings=dict(self.timings),
        )

    def link_tables(
        self,
        left: ReadResult[Customer] | Iterable[Customer] | pd.DataFrame,
        right: ReadResult[Customer] | Iterable[Customer] | pd.DataFrame,
        *,
        mapping: MappingSource | None = None,
    ) -> pd.DataFrame:
        """Link any two tables of people (e.g. a CRM against a loyalty database).

        Either table may be a pandas DataFrame with columns of any names: it is
        read by :func:`~identitylink.read_crm` with ``mapping`` (else by its
        headers), every column no field claims kept as an attribute that a
        column comparison (``ExactMatch(column="soc_sec_id")``) or a blocking rule
        can name; rows that cannot be read are skipped (read them yourself with
        ``errors="collect"`` to see why). Returns one row per linked right record:
        ``left_id``, ``right_id``, ``match_weight``, ``probability``, ``band`` and
        ``explanation`` (an :class:`~identitylink.Explanation`). Trains first if
        needed.
        """
        self.timings = {}
        prep = self._prepare(left, right, right_is_crm=True, mapping=mapping)
        li, ri, _ = self._pairs(prep)
        levels = self._levels(prep, li, ri)
        if not self.trained:
            self._train(prep, ri, levels, None)
        with gc_paused():  # many acyclic links and explanation terms
            decided = self._decide(prep, li, ri, levels)
        explanations = EXPLANATIONS.validate_python([d[4] for d in decided])
        rows = [
            {
                "left_id": str(prep.left.ids[lrow]),
                "right_id": str(prep.right.ids[rrow]),
                "match_weight": round(w, 4),
                "probability": exp.probability,
                "band": BAND_NAMES[band],
                "explanation": exp,
            }
            for (lrow, rrow, w, band, _), exp in zip(decided, explanations, strict=True)
        ]
        columns = ["left_id", "right_id", "match_weight", "probability", "band"]
        return pd.DataFrame(rows, columns=[*columns, "explanation"])

    def blocking_report(
        self,
        customers: ReadResult[Customer] | ColumnRead | Iterable[Customer],
        profiles: ReadResult[SocialProfile] | ColumnRead | Iterable[SocialProfile],
        truth: Iterable[tuple[str, str, str]] | None = None,
    ) -> BlockingReport:
        """Pairs per rule; with ``truth`` ((platform, profile id, customer id) triples)
        also how many true pairs the blocking keeps, per rule and in all."""
        prep = self._prepare(customers, profiles)
        out = self._executor.generate_pairs(
            self.spec.blocking_rules, prep.left, prep.right, prep.right_ok
        )
        right_keys = list(zip(prep.right.platform, prep.right.ids, strict=True))
        return blocking_report(out, list(prep.left.ids), right_keys, truth)

"""``Index``: identify one profile at a time against customers held in memory.

The batch :class:`~identitylink.Linker` and the index are two entry points to one
method: the index keeps the customers' normalised columns built once, and for each
profile runs the linker's own blocking, comparison, weighting and decision stages
on that profile alone, with the trained spec. What differs from a batch run is only
what needs other profiles: the cross-platform bonus (two profiles of one person
agreeing) and "one profile per customer and platform" (a stronger profile of the
same platform taking the customer first). With a session, the stored link and the
consent gate come in: a refused, withdrawn, disputed or erased pair is never
returned, as a decision or as a candidate.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, Field

from identitylink._engine.features import (
    Side,
    build_side,
    customer_phones,
    preferred_countries,
)
from identitylink._engine.index_one import Snapshot
from identitylink._engine.kernel import comparable_columns
from identitylink._engine.prepared import attribute_columns, uses_phone
from identitylink.exceptions import ConfigurationError, EmptyInputError
from identitylink.linker import Linker
from identitylink.records import Customer, ReadResult, SocialProfile
from identitylink.results import Explanation, LinkDecision
from identitylink.spec import LinkSpec
from identitylink.storage._links import StoredLink

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["Candidate", "Identification", "Index"]

_DEFAULT_CANDIDATES = 5
_PATCH_MIN = 2_000
_PATCH_SHARE = 0.05
"""Profiles patched in (changed, or re-decided because of a change) since the
last bulk build, beyond which the known profiles are rebuilt in bulk: patches
cost per profile, a bulk build per batch."""


@dataclass(frozen=True)
class _GateOptions:
    legal_basis: str
    email_salt: str | None
    suppression_key: str | None


class Candidate(BaseModel, frozen=True, extra="forbid"):
    """A customer the profile was compared with, and how well it scored."""

    customer_id: str
    match_weight: float
    probability: float = Field(ge=0.0, le=1.0)
    band: Literal["auto", "review", "reject"]
    """``auto`` or ``review`` for the decided customer; ``reject`` for the others."""


class Identification(BaseModel, frozen=True, extra="forbid"):
    """Who is behind one profile: the decision, the candidates, the stored link."""

    profile_platform: str
    profile_id: str
    profile_scope: str
    decision: LinkDecision | None
    """What a batch run decides for this profile on its own (``None``: no link)."""
    candidates: tuple[Candidate, ...]
    """The best-scoring customers, best first (the decided one among them)."""
    stored: StoredLink | None = None
    """The usable stored link of the profile, when a session was given."""
    refused: int = 0
    """Candidates the consent gate removed (withdrawn, disputed, erased, refused)."""
    milliseconds: float = 0.0


class Index:
    """Customers held as normalised columns, to identify profiles one at a time.

    ``spec`` must be trained (e.g. ``Linker().train(customers, profiles)`` or a spec
    saved by a batch run). Customers and known profiles can be added, changed and
    removed; what depends on them is rebuilt on the next :meth:`identify` after a
    change. Identifications may run in parallel threads: each reads one built
    state, and a change builds a new one.
    """

    def __init__(
        self,
        spec: LinkSpec,
        customers: ReadResult[Customer] | Iterable[Customer],
        profiles: ReadResult[SocialProfile] | Iterable[SocialProfile] = (),
    ) -> None:
        if not spec.trained:
            raise ConfigurationError(
                "an Index needs a trained spec: train a Linker first "
                "(Linker().train(customers, profiles)) or load a saved one"
            )
        self._linker = Linker(spec)
        self._comparable = comparable_columns(spec.comparisons)
        self._customers: dict[str, Customer] = {}
        self._profiles: dict[tuple[str, str, str], SocialProfile] = {}
        self._left: tuple[list[Customer], Side] | None = None
        self._snapshot: Snapshot | None = None
        self._built: Snapshot | None = None
        """The last snapshot built, while profile changes wait for the next call."""
        self._changes: dict[tuple[str, str, str], SocialProfile | None] = {}
        self._last: dict[tuple[str, str, str], None] = {}
        """Changed profiles now last in the order (added, or removed and back),
        in the order they came."""
        self._preferred: tuple[str, ...] = ()
        self._lock = threading.Lock()
        self.upsert(customers)
        self.upsert_profiles(profiles)

    @property
    def spec(self) -> LinkSpec:
        """The trained spec the index scores with."""
        return self._linker.spec

    def __len__(self) -> int:
        return len(self._customers)

    def profile(
        self, platform: str, profile_id: str, scope: str = "global"
    ) -> SocialProfile | None:
        """The known profile with this platform, id and scope, if the index has it."""
        return self._profiles.get((platform, scope, profile_id))

    # -- updates -----------------------------------------------------------------
    def upsert(self, customers: ReadResult[Customer] | Iterable[Customer]) -> int:
        """Add new customers and replace changed ones (by id); return how many."""
        records = customers.records if isinstance(customers, ReadResult) else customers
        n = 0
        with self._lock:
            for customer in records:
                self._customers[customer.customer_id] = customer
                n += 1
            self._left = self._snapshot = self._built = None
            self._changes.clear()
            self._last.clear()
        return n

    def remove(self, customer_ids: Iterable[str]) -> int:
        """Remove customers by id; return how many were there."""
        n = 0
        with self._lock:
            for cid in customer_ids:
                if self._customers.pop(cid, None) is not None:
                    n += 1
            self._left = self._snapshot = self._built = None
            self._changes.clear()
            self._last.clear()
        return n

    def upsert_profiles(
        self, profiles: ReadResult[SocialProfile] | Iterable[SocialProfile]
    ) -> int:
        """Add or replace known profiles (by platform, scope and id).

        The next :meth:`identify` scores the new and changed profiles alone and
        re-decides only the known profiles they can affect (see
        ``identitylink._engine.index_update``), not all of them.
        """
        records = profiles.records if isinstance(profiles, ReadResult) else profiles
        n = 0
        with self._lock:
            for profile in records:
                if profile.key not in self._profiles:
                    self._last.pop(profile.key, None)
                    self._last[profile.key] = None
                self._profiles[profile.key] = profile
                self._changes[profile.key] = profile
                n += 1
            self._invalidate()
        return n

    def remove_profiles(self, keys: Iterable[tuple[str, str, str]]) -> int:
        """Forget known profiles by ``SocialProfile.key``; return how many."""
        n = 0
        with self._lock:
            for key in keys:
                if self._profiles.pop(key, None) is not None:
                    self._changes[key] = None
                    n += 1
            self._invalidate()
        return n

    def _invalidate(self) -> None:
        if self._snapshot is not None:
            self._built = self._snapshot
        self._snapshot = None

    def _ready(self) -> Snapshot:
        """The built state (built now after a change; one builder at a time)."""
        snapshot = self._snapshot
        if snapshot is not None:
            return snapshot
        with self._lock:
            if self._snapshot is not None:
                return self._snapshot
            if self._left is None:
                records = list(self._customers.values())
                if not records:
                    raise EmptyInputError("the index holds no customers")
                left = build_side(
                    records, phones=False, attributes=attribute_columns(self.spec)
                )
                if uses_phone(self.spec):
                    left.phone = customer_phones(records)
                self._left, self._preferred = (records, left), preferred_countries(left)
            records, left = self._left
            built, changes, last = self._built, self._changes, self._last
            self._built, self._changes, self._last = None, {}, {}
            if built is not None and changes:
                self._snapshot = self._updated(built, changes, last)
                return self._snapshot
            known = list(self._profiles.values())
            self._snapshot = Snapshot(
                self._linker,
                records,
                left,
                known,
                self._right_side(known) if known else None,
                self._comparable,
            )
            return self._snapshot

    def _updated(
        self,
        built: Snapshot,
        changes: dict[tuple[str, str, str], SocialProfile | None],
        last: dict[tuple[str, str, str], None],
    ) -> Snapshot:
        """``built`` after profile ``changes``: patched when few profiles changed
        since the last bulk build, else the known profiles rebuilt in bulk (the
        customer side kept either way)."""
        known = built.known
        alive = len(self._profiles)
        limit = max(_PATCH_MIN, int(_PATCH_SHARE * alive))
        if known is not None and len(changes) + known.extra.patched_rows <= limit:
            patched = known.patched(changes, last, built.scorer(self._one_side))
            if patched.extra.patched_rows <= limit:
                return built.with_known(patched)
        profiles = list(self._profiles.values())
        side = self._right_side(profiles) if profiles else None
        return built.with_profiles(profiles, side)

    def _one_side(self, profile: SocialProfile) -> Side:
        return self._right_side([profile])

    # -- identification ------------------------------------------------------------
    def identify(
        self,
        profile: SocialProfile,
        *,
        session: Session | None = None,
        candidates: int = _DEFAULT_CANDIDATES,
        legal_basis: str = "first_party_data",
        email_salt: str | None = None,
        suppression_key: str | None = None,
        read_stored: bool = True,
    ) -> Identification:
        """Score ``profile`` against every customer its blocking keys reach, and
        decide it as a batch run over the known profiles (and it) would.

        With ``session``, the stored link comes back with the answer, and every
        pair the consent gate refuses (withdrawn, disputed, erased, no basis) is
        left out of the decision and of the candidates; ``legal_basis``,
        ``email_salt`` and ``suppression_key`` mean what they mean to
        :func:`~identitylink.storage.save_run`. ``read_stored=False`` leaves
        :attr:`Identification.stored` empty, for a caller that reads the stored
        link for its own purpose (the service does, for customer care).
        """
        start = time.perf_counter()
        snapshot = self._ready()
        one = snapshot.columns(profile, lambda: self._right_side([profile]))
        scored = snapshot.score(profile, one)
        decision = scored.decision
        scope = str(one.scope[0]) or "global"
        weight = scored.weight
        order = np.argsort(-weight, kind="stable")
        ids = snapshot.left.ids
        ranked = [
            (str(ids[scored.customers[k]]), float(weight[k]))
            for k in order.tolist()
            if np.isfinite(weight[k])
        ]
        refused: set[str] = set()
        stored = None
        if session is not None:
            gate = _GateOptions(legal_basis, email_salt, suppression_key)
            refused = _refused(session, profile, scope, ranked, self._customers, gate)
            stored = _stored(session, profile, scope) if read_stored else None
            if decision is not None and decision.customer_id in refused:
                decision = None
        if decision is not None:
            # The decided pair's weight includes what the other profiles brought
            # (the cross-platform bonus): rank it with that weight.
            ranked = sorted(
                (
                    (cid, decision.match_weight if cid == decision.customer_id else w)
                    for cid, w in ranked
                ),
                key=lambda cw: -cw[1],
            )
        out: list[Candidate] = []
        for cid, w in ranked:
            if cid in refused:
                continue
            band: Literal["auto", "review", "reject"] = "reject"
            if decision is not None and cid == decision.customer_id:
                band = decision.band
            out.append(
                Candidate(
                    customer_id=cid,
                    match_weight=round(w, 4),
                    probability=round(float(1 / (1 + 2.0 ** (-w))), 6),
                    band=band,
                )
            )
            if len(out) >= candidates:
                break
        return Identification(
            profile_platform=profile.platform,
            profile_id=profile.profile_id,
            profile_scope=scope,
            decision=decision,
            candidates=tuple(out),
            stored=stored,
            refused=len(refused),
            milliseconds=round((time.perf_counter() - start) * 1000, 2),
        )

    def _right_side(self, profiles: Sequence[SocialProfile]) -> Side:
        """Profiles as columns, places read with the CRM's countries preferred."""
        return build_side(
            profiles,
            phones=uses_phone(self.spec),
            attributes=attribute_columns(self.spec),
            preferred=self._preferred,
        )


def _pseudo_decisions(
    profile: SocialProfile, scope: str, ranked: Sequence[tuple[str, float]]
) -> list[LinkDecision]:
    """Each candidate as a decision the gate can judge (it reads ids, not scores)."""
    return [
        LinkDecision(
            profile_platform=profile.platform,
            profile_id=profile.profile_id,
            profile_scope=scope,
            customer_id=cid,
            match_weight=w,
            probability=float(1 / (1 + 2.0 ** (-w))),
            band="review",
            explanation=Explanation(
                prior_weight=0.0, terms=(), match_weight=w, probability=0.0
            ),
        )
        for cid, w in ranked
    ]


def _refused(
    session: Session,
    profile: SocialProfile,
    scope: str,
    ranked: Sequence[tuple[str, float]],
    customers: dict[str, Customer],
    options: _GateOptions,
) -> set[str]:
    """Customer ids of the candidate pairs the store would not link."""
    from identitylink.storage._candidate_gate import refused_candidates

    weights = dict(ranked)

    def decisions(ids: Sequence[str]) -> list[LinkDecision]:
        return _pseudo_decisions(profile, scope, [(c, weights[c]) for c in ids])

    def records(ids: Sequence[str]) -> list[Customer]:
        return [customers[c] for c in ids if c in customers]

    return refused_candidates(
        session,
        (profile.platform, scope, profile.profile_id),
        [cid for cid, _ in ranked],
        decisions=decisions,
        customers=records,
        legal_basis=options.legal_basis,
        email_salt=options.email_salt,
        suppression_key=options.suppression_key,
    )


def _stored(session: Session, profile: SocialProfile, scope: str) -> StoredLink | None:
    from identitylink.storage import lookup_customer

    return lookup_customer(
        session, profile.platform, profile.profile_id, scope, by_id=True
    )

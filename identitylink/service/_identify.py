"""Who is behind a profile, for the service: the index when there is one, else
the stored link.

:func:`identify_profile` answers from the stored link; :class:`IndexIdentify`
answers from an :class:`~identitylink.Index` (ranked candidates, probability,
band and explanation, with the stored link and the consent gate) and falls back
to the stored link for a profile the index does not know. Either is the
``identify`` of :func:`~identitylink.service.create_app`; an application can pass
another function with the same signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from identitylink.records import SocialProfile
from identitylink.results import LinkDecision
from identitylink.storage import StoredLink, lookup_customer
from identitylink.types import Platform

if TYPE_CHECKING:
    from identitylink._engine.index import Candidate, Index
    from identitylink.settings import IdentityLinkSettings

__all__ = ["Identification", "IdentifyFunction", "IndexIdentify", "identify_profile"]


class ServiceCandidate(BaseModel, frozen=True, extra="forbid"):
    """A customer the index compared the profile with (best first)."""

    customer_id: str
    match_weight: float
    probability: float
    band: Literal["auto", "review", "reject"]


class Identification(BaseModel, frozen=True, extra="forbid"):
    """The answer for one profile: its customer if a usable link or the index
    says so, and (from the index) the ranked candidates and the decision."""

    platform: str
    scope: str
    profile_id: str
    customer_id: str | None
    """The stored link's customer; else the index's ``auto`` decision; else none."""
    link: StoredLink | None
    method: Literal["stored_link", "index"] = "stored_link"
    decision: LinkDecision | None = None
    """What the index decides (probability, band, explanation); ``None``: no link."""
    candidates: tuple[ServiceCandidate, ...] = ()
    refused: int = 0
    """Candidates the consent gate withheld."""


IdentifyFunction = Callable[[Session, Platform, str, str], Identification]
"""``(session, platform, profile_id, scope) -> Identification``."""


def identify_profile(
    session: Session,
    platform: Platform,
    profile_id: str,
    scope: str = "global",
    *,
    by_id: bool = False,
) -> Identification:
    """The profile's customer through its stored link (purpose ``customer_care``).

    Only an accepted link whose consent allows customer care is returned; a
    withdrawn, disputed or erased one never is. ``profile_id`` may be a handle or
    an address, unless ``by_id`` (see :func:`~identitylink.storage.lookup_customer`).
    """
    link = lookup_customer(
        session, platform, profile_id, scope, purpose="customer_care", by_id=by_id
    )
    return Identification(
        platform=platform,
        scope=scope,
        profile_id=profile_id,
        customer_id=None if link is None else link.customer_id,
        link=link,
    )


def _candidates(found: tuple[Candidate, ...]) -> tuple[ServiceCandidate, ...]:
    return tuple(ServiceCandidate(**c.model_dump()) for c in found)


class IndexIdentify:
    """Identify from an :class:`~identitylink.Index`, consent-gated with the session.

    A profile is looked up among the index's known profiles by platform, scope and
    id, or given whole (``profile=``, e.g. the author object of a webhook). A
    profile the index cannot score falls back to :func:`identify_profile`.
    """

    def __init__(
        self,
        index: Index,
        settings: IdentityLinkSettings | None = None,
        *,
        candidates: int = 5,
        legal_basis: str = "first_party_data",
    ) -> None:
        self.index = index
        self.candidates = candidates
        self.legal_basis = legal_basis
        salt = None if settings is None else settings.email_hash_salt
        key = None if settings is None else settings.suppression_key
        self._salt = None if salt is None else salt.get_secret_value()
        self._key = None if key is None else key.get_secret_value()

    def __call__(
        self,
        session: Session,
        platform: Platform,
        profile_id: str,
        scope: str = "global",
        profile: SocialProfile | None = None,
    ) -> Identification:
        known = profile is None
        if profile is None:
            profile = self.index.profile(platform, profile_id, scope)
        # A profile the index knows by this id is named by its id, not a handle.
        by_id = known and profile is not None
        stored = identify_profile(session, platform, profile_id, scope, by_id=by_id)
        if profile is None:
            return stored
        # The index is safe to share: identifications run in parallel threads.
        answer = self.index.identify(
            profile,
            session=session,
            candidates=self.candidates,
            legal_basis=self.legal_basis,
            email_salt=self._salt,
            suppression_key=self._key,
            read_stored=False,  # the link for customer care is read above
        )
        decision = answer.decision
        customer = stored.customer_id
        if customer is None and decision is not None and decision.band == "auto":
            customer = decision.customer_id
        return Identification(
            platform=platform,
            scope=scope,
            profile_id=profile_id,
            customer_id=customer,
            link=stored.link,
            method="index",
            decision=decision,
            candidates=_candidates(answer.candidates),
            refused=answer.refused,
        )

"""The policy gate: may this link be made, and may this stored link be used?

Pure functions. :func:`check_link` runs before a link is written: it enforces X's
developer policy on off-X matching (express opt-in consent, except for data the person
gave you directly and public profile data) and the rules chosen for Facebook.
:func:`link_usable` runs before every lookup returns a link.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from identitylink._consent_model.events import Purpose
from identitylink._consent_model.state import ConsentState, ConsentStateName
from identitylink.exceptions import (
    ConfigurationError,
    ConsentMissingError,
    ConsentWithdrawnError,
    PolicyViolationError,
)
from identitylink.types import Platform

__all__ = [
    "CONSENT_ONLY_PURPOSES",
    "DataSource",
    "LegalBasis",
    "LinkEvidence",
    "PolicyDecision",
    "check_link",
    "link_usable",
]


class LegalBasis(StrEnum):
    """Why a link may exist; every stored link carries one."""

    OPT_IN_CONSENT = "opt_in_consent"
    """The person expressly opted in to being linked (GDPR Art. 6(1)(a))."""
    FIRST_PARTY_DATA = "first_party_data"
    """Matched only on data the person gave you directly, plus public profile data."""
    PUBLIC_DATA = "public_data"
    """Matched only on public profile data (name, handle, bio, stated location)."""
    LEGITIMATE_INTEREST = "legitimate_interest"
    """GDPR Art. 6(1)(f): needs a balancing test and honours objections."""


class DataSource(StrEnum):
    """Where the data a match used came from."""

    FIRST_PARTY = "first_party"
    """Given to you directly by the person: your CRM forms, a DM they sent you."""
    PUBLIC_PROFILE = "public_profile"
    """Public: display name, handle, bio, stated location, public posts, directories."""
    PLATFORM_PRIVATE = "platform_private"
    """Non-public platform data: protected posts, an e-mail from an OAuth scope."""
    THIRD_PARTY = "third_party"
    """Bought, brokered or another company's records."""


CONSENT_ONLY_PURPOSES: frozenset[Purpose] = frozenset({Purpose.PERSONALISED_MARKETING})
"""Purposes a link may serve only with valid consent for that purpose itself."""

# Data each non-consent basis covers, per platform. Anything else needs opt-in consent.
_WITHOUT_CONSENT: dict[str, dict[LegalBasis, frozenset[DataSource]]] = {
    # X developer policy, "Off-X matching": first-party data and public data only.
    "twitter": {
        LegalBasis.FIRST_PARTY_DATA: frozenset(
            {DataSource.FIRST_PARTY, DataSource.PUBLIC_PROFILE}
        ),
        LegalBasis.PUBLIC_DATA: frozenset({DataSource.PUBLIC_PROFILE}),
        LegalBasis.LEGITIMATE_INTEREST: frozenset(
            {DataSource.FIRST_PARTY, DataSource.PUBLIC_PROFILE}
        ),
    },
    # Facebook profiles are only readable for people who logged in to your app and
    # granted the permissions: that data counts as given by them. Third-party data is
    # never matched without consent (our conservative reading of Meta's terms).
    "facebook": {
        LegalBasis.FIRST_PARTY_DATA: frozenset(
            {
                DataSource.FIRST_PARTY,
                DataSource.PUBLIC_PROFILE,
                DataSource.PLATFORM_PRIVATE,
            }
        ),
        LegalBasis.PUBLIC_DATA: frozenset({DataSource.PUBLIC_PROFILE}),
        LegalBasis.LEGITIMATE_INTEREST: frozenset(
            {
                DataSource.FIRST_PARTY,
                DataSource.PUBLIC_PROFILE,
                DataSource.PLATFORM_PRIVATE,
            }
        ),
    },
}

_ENDED = frozenset(
    {
        ConsentStateName.WITHDRAWN,
        ConsentStateName.REVOKED,
        ConsentStateName.EXPIRED,
        ConsentStateName.INVALIDATED,
    }
)

_USABLE_STATUSES = frozenset({"accepted"})


class LinkEvidence(BaseModel, frozen=True, extra="forbid"):
    """What a match was made from: the data sources, the fields, and references."""

    sources: frozenset[DataSource] = Field(min_length=1)
    fields: tuple[str, ...] = ()
    consent_event_id: str | None = None
    note: str | None = None


class PolicyDecision(BaseModel, frozen=True, extra="forbid"):
    """The gate's answer for a link it allows, with what the caller must store."""

    platform: Platform
    legal_basis: LegalBasis
    requires_consent: bool
    public_data_only: bool
    consent_event_id: str | None = None
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for logs and the audit trail."""
        head = f"{self.platform} link allowed on {self.legal_basis.value}"
        if self.public_data_only:
            head += " (public profile data only)"
        return head + "".join(f"; {n}" for n in self.notes)


def _names(sources: frozenset[DataSource]) -> str:
    return ", ".join(sorted(s.value for s in sources))


def check_link(
    platform: Platform,
    legal_basis: LegalBasis,
    evidence: LinkEvidence,
    consent_state: ConsentState,
    *,
    profile_id: str | None = None,
    customer_id: str | None = None,
) -> PolicyDecision:
    """Allow or refuse making a link; raise a :class:`ConsentError` subclass to refuse.

    ``consent_state`` is the identity-linking consent of the person (see
    :func:`fold_events`). Refusals: :class:`ConsentMissingError` when opt-in consent is
    needed and was never given, :class:`ConsentWithdrawnError` when it ended, and
    :class:`PolicyViolationError` when the basis does not cover the evidence or the
    person objected. Messages name the profile, the purpose and the basis.
    """
    if consent_state.purpose is not Purpose.IDENTITY_LINKING:
        raise ConfigurationError(
            "check_link needs the identity_linking consent state, "
            f"not {consent_state.purpose.value}"
        )
    rules = _WITHOUT_CONSENT.get(platform)
    if rules is None:
        raise ConfigurationError(f"no linking policy for platform {platform!r}")
    who = f"{platform} profile {profile_id!r}" if profile_id else f"{platform} profile"
    if customer_id is not None:
        who += f" -> customer {customer_id!r}"
    where = f"{who} (purpose identity_linking, basis {legal_basis.value})"
    state = consent_state

    if legal_basis is LegalBasis.OPT_IN_CONSENT:
        if not state.is_valid():
            error = (
                ConsentWithdrawnError if state.status in _ENDED else ConsentMissingError
            )
            raise error(
                f"{where}: needs express opt-in consent before the link is made; "
                f"consent is {state.describe()}"
            )
        event_id = None if state.event is None else state.event.event_id
        return PolicyDecision(
            platform=platform,
            legal_basis=legal_basis,
            requires_consent=True,
            public_data_only=evidence.sources == {DataSource.PUBLIC_PROFILE},
            consent_event_id=event_id,
            notes=(f"consent event {event_id}",),
        )

    if state.objected:
        verb = "refused" if state.status is ConsentStateName.REFUSED else "withdrew"
        raise PolicyViolationError(
            f"{where}: the person {verb} consent to identity linking "
            f"({state.describe()}); a link on other grounds is not what they would "
            "reasonably expect (X policy) and ignores their objection (GDPR Art. 21)"
        )
    beyond = evidence.sources - rules[legal_basis]
    if beyond and beyond <= rules[LegalBasis.FIRST_PARTY_DATA]:
        raise PolicyViolationError(
            f"{where}: the evidence uses {_names(beyond)} data, which basis "
            f"{legal_basis.value} does not cover; record the link as first_party_data"
        )
    if beyond:
        rule = (
            "X's developer policy allows matching an X account to off-X data only "
            "with the person's express opt-in consent, or from data they gave you "
            "directly and public profile data"
            if platform == "twitter"
            else "matching on this data needs the person's opt-in consent"
        )
        if state.is_valid():
            raise PolicyViolationError(
                f"{where}: the evidence uses {_names(beyond)} data; {rule}. Consent is "
                "recorded: make the link with basis opt_in_consent"
            )
        raise ConsentMissingError(
            f"{where}: the evidence uses {_names(beyond)} data; {rule}. "
            f"Consent is {state.describe()}"
        )

    public_only = evidence.sources == {DataSource.PUBLIC_PROFILE}
    notes: list[str] = []
    if public_only:
        notes.append(
            "made on public profile data only (display name, handle, bio, stated "
            "location, public posts); tell the person the source (GDPR Art. 14)"
        )
    if legal_basis is LegalBasis.LEGITIMATE_INTEREST:
        notes.append("keep a balancing test and honour objections (GDPR Art. 21)")
    if platform == "twitter":
        notes.append("X policy: only a link the person would reasonably expect")
    return PolicyDecision(
        platform=platform,
        legal_basis=legal_basis,
        requires_consent=False,
        public_data_only=public_only,
        notes=tuple(notes),
    )


def link_usable(
    link_status: str,
    legal_basis: LegalBasis | str,
    consent_state: ConsentState | None,
    now: datetime | None = None,
    *,
    purpose_state: ConsentState | None = None,
) -> bool:
    """May a lookup return this stored link now? Fails closed.

    Only ``accepted`` links are usable: never ``proposed`` (not reviewed yet),
    ``rejected``, ``disputed`` (frozen while contested), ``withdrawn`` or
    ``unlinked``, nor a status this version does not know. ``consent_state`` is the
    identity-linking state of the link's person: a link on ``opt_in_consent`` needs it
    valid at ``now`` (expired consent counts as absent); a link on any basis is unusable
    once the person refused or withdrew. ``purpose_state`` is the state of the purpose
    the lookup serves, if other than identity linking: purposes in
    :data:`CONSENT_ONLY_PURPOSES` need it valid, and an objection blocks any purpose.
    """
    if link_status not in _USABLE_STATUSES:
        return False
    try:
        basis = LegalBasis(legal_basis)
    except ValueError:
        return False
    if consent_state is not None:
        if consent_state.purpose is not Purpose.IDENTITY_LINKING:
            raise ConfigurationError(
                "link_usable: consent_state must be the identity_linking state, "
                f"not {consent_state.purpose.value}"
            )
        if consent_state.objected:
            return False
    if basis is LegalBasis.OPT_IN_CONSENT and (
        consent_state is None or not consent_state.is_valid(now)
    ):
        return False
    if (
        purpose_state is not None
        and purpose_state.purpose is not Purpose.IDENTITY_LINKING
    ):
        if purpose_state.objected:
            return False
        if (
            purpose_state.purpose in CONSENT_ONLY_PURPOSES
            and not purpose_state.is_valid(now)
        ):
            return False
    return True

"""Consent events: what the ledger stores, one immutable fact per change.

The vocabulary follows the W3C Data Privacy Vocabulary (DPV 2.x) consent statuses, so
that the history exports as an ISO/IEC TS 27560 record without translation.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import quote

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from identitylink.types import Platform

__all__ = [
    "ConsentEvent",
    "ConsentStatus",
    "Method",
    "Purpose",
    "Subject",
]

_PLATFORMS: tuple[str, ...] = ("twitter", "facebook")


class Purpose(StrEnum):
    """What the person consents to (or not), one purpose at a time."""

    IDENTITY_LINKING = "identity_linking"
    """Linking a social profile to the customer record at all."""
    CUSTOMER_CARE = "customer_care"
    """Using the link to answer the person's own requests."""
    PERSONALISED_MARKETING = "personalised_marketing"
    """Personalised information and offers based on the linked profile."""


class ConsentStatus(StrEnum):
    """DPV consent statuses (``dpv:ConsentStatus`` subclasses) an event records."""

    GIVEN = "ConsentGiven"
    RENEWED = "RenewedConsentGiven"
    REQUESTED = "ConsentRequested"
    REQUEST_DEFERRED = "ConsentRequestDeferred"
    REFUSED = "ConsentRefused"
    WITHDRAWN = "ConsentWithdrawn"
    """Withdrawn by the data subject (GDPR Art. 7(3))."""
    REVOKED = "ConsentRevoked"
    """Ended by someone other than the data subject (the controller, a platform)."""
    EXPIRED = "ConsentExpired"
    INVALIDATED = "ConsentInvalidated"
    UNKNOWN = "ConsentUnknown"

    @property
    def gives_consent(self) -> bool:
        """True for the two statuses DPV counts as valid for processing."""
        return self in (ConsentStatus.GIVEN, ConsentStatus.RENEWED)


class Method(StrEnum):
    """How the consent (or its withdrawal) was expressed or recorded."""

    WEB_FORM = "web_form"
    DM_KEYWORD = "dm_keyword"
    CALL_CENTRE = "call_centre"
    EMAIL = "email"
    IN_STORE = "in_store"
    MOBILE_APP = "mobile_app"
    PLATFORM_EVENT = "platform_event"
    """A platform told us (X ``oauth.revoke``, a Meta data-deletion callback)."""
    API = "api"
    IMPORT = "import"
    """Migrated from an earlier system."""


class Subject(BaseModel, frozen=True, extra="forbid"):
    """Whose consent: a CRM customer, or a social profile identified by its key.

    The text form (:attr:`key`) is ``customer:<id>`` or
    ``profile:<platform>:<scope>:<id>``; :meth:`parse` reads it back, and also accepts
    ``profile:twitter:<id>`` for the global scope. Facebook ids have no global scope
    (they are app- or page-scoped), so a Facebook subject always names its scope;
    :func:`identitylink.consent.resolve_subject` finds it in the store.
    """

    kind: Literal["customer", "profile"]
    id: str = Field(min_length=1, max_length=256)
    platform: Platform | None = None
    scope: str | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Subject:
        if self.id != self.id.strip() or any(ord(c) < 32 for c in self.id):
            raise ValueError(
                f"subject id {self.id!r} has surrounding blanks or control characters"
            )
        if self.kind == "profile":
            if self.platform is None or not self.scope:
                raise ValueError("a profile subject needs a platform and a scope")
            if ":" in self.id:
                raise ValueError(f"profile id {self.id!r} must not contain ':'")
        elif self.platform is not None or self.scope is not None:
            raise ValueError("a customer subject has no platform or scope")
        return self

    @classmethod
    def customer(cls, customer_id: str) -> Subject:
        """The subject for a CRM customer id."""
        return cls(kind="customer", id=customer_id)

    @classmethod
    def profile(
        cls, platform: Platform, profile_id: str, scope: str = "global"
    ) -> Subject:
        """The subject for a social profile (platform ids are scoped)."""
        return cls(kind="profile", id=profile_id, platform=platform, scope=scope)

    @classmethod
    def parse(cls, text: str) -> Subject:
        """Read ``customer:<id>``, ``profile:<platform>[:<scope>]:<id>``.

        Only an X id may leave its scope out (it is global); a Facebook subject
        without a scope is refused (:func:`identitylink.consent.resolve_subject`
        looks it up in the store instead).
        """
        kind, _, rest = text.partition(":")
        if kind == "customer" and rest:
            return cls.customer(rest)
        parts = rest.split(":")
        if kind == "profile" and len(parts) == 2 and parts[0] == "facebook":
            raise ValueError(
                f"subject {text!r}: a Facebook id is only unique within one app or "
                "one Page, so it has no global scope; write "
                f"profile:facebook:app[:<app id>]:{parts[1]} or "
                f"profile:facebook:page:<page id>:{parts[1]}"
            )
        if kind == "profile" and len(parts) >= 2 and parts[0] in _PLATFORMS:
            platform: Any = parts[0]
            scope = ":".join(parts[1:-1]) or "global"
            return cls.profile(platform, parts[-1], scope)
        raise ValueError(
            f"subject {text!r}: write customer:<id> or "
            "profile:<platform>[:<scope>]:<id> (platform twitter or facebook)"
        )

    @property
    def key(self) -> str:
        """The canonical text form, stored in the ledger and used in messages."""
        if self.kind == "customer":
            return customer_subject_key(self.id)
        return profile_subject_key(str(self.platform), str(self.scope), self.id)

    @property
    def iri(self) -> str:
        """A URN naming the subject in JSON-LD exports."""
        return "urn:identitylink:" + quote(self.key, safe=":")

    def __str__(self) -> str:
        return self.key


def customer_subject_key(customer_id: str) -> str:
    """:attr:`Subject.key` of a customer, without building the model."""
    return f"customer:{customer_id}"


def profile_subject_key(platform: str, scope: str, profile_id: str) -> str:
    """:attr:`Subject.key` of a profile, without building the model."""
    return f"profile:{platform}:{scope}:{profile_id}"


def _new_event_id() -> str:
    return str(uuid.uuid4())


class ConsentEvent(BaseModel, frozen=True, extra="forbid"):
    """One change of consent: who, for what purpose, which status, when and how.

    Events are never edited: a correction is a new event. ``valid_for`` bounds a
    given consent (the EDPB recommends refreshing consent); ``expires_at`` follows from
    it. Giving consent needs ``notice_version``, the notice the person was shown, so
    that the consent can be demonstrated as informed (GDPR Art. 7(1)).
    """

    event_id: str = Field(default_factory=_new_event_id, min_length=1, max_length=64)
    subject: Subject
    purpose: Purpose
    status: ConsentStatus
    at: AwareDatetime
    actor: str = Field(min_length=1, max_length=256)
    method: Method
    notice_version: str | None = Field(default=None, max_length=128)
    valid_for: timedelta | None = None
    evidence: str | None = Field(default=None, max_length=2000)

    @field_validator("at")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @field_validator("valid_for")
    @classmethod
    def _positive(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            raise ValueError("valid_for must be a positive duration")
        return value

    @model_validator(mode="after")
    def _check_given(self) -> ConsentEvent:
        if self.status.gives_consent and not self.notice_version:
            raise ValueError(
                f"{self.status.value} for {self.subject.key} ({self.purpose.value}) "
                "needs notice_version: the notice the person was shown"
            )
        if self.valid_for is not None and not self.status.gives_consent:
            raise ValueError(
                f"valid_for only applies to given consent, not {self.status}"
            )
        return self

    @property
    def expires_at(self) -> datetime | None:
        """When a given consent lapses (``None``: until withdrawn)."""
        return None if self.valid_for is None else self.at + self.valid_for

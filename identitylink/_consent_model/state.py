"""Folding a subject's consent events into the current state of one purpose.

Pure functions over :class:`ConsentEvent` values: no database, no clock unless the
caller leaves ``now`` out. The history is only read, never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel

from identitylink._consent_model.events import ConsentEvent, ConsentStatus, Purpose

__all__ = ["ConsentState", "ConsentStateName", "fold_events"]


class ConsentStateName(StrEnum):
    """Where the consent for one purpose stands at a given time."""

    GIVEN = "given"
    """Given (or renewed) and not lapsed: the only state valid for processing."""
    PENDING = "pending"
    """Requested or deferred, no decision yet."""
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    """Withdrawn by the person."""
    REVOKED = "revoked"
    """Ended by someone else (the controller, a platform)."""
    EXPIRED = "expired"
    """Its validity lapsed: treated as absent."""
    INVALIDATED = "invalidated"
    UNKNOWN = "unknown"
    """No event at all, or an explicit ``ConsentUnknown``."""


_AFTER_EVENT: dict[ConsentStatus, ConsentStateName] = {
    ConsentStatus.GIVEN: ConsentStateName.GIVEN,
    ConsentStatus.RENEWED: ConsentStateName.GIVEN,
    ConsentStatus.REQUESTED: ConsentStateName.PENDING,
    ConsentStatus.REQUEST_DEFERRED: ConsentStateName.PENDING,
    ConsentStatus.REFUSED: ConsentStateName.REFUSED,
    ConsentStatus.WITHDRAWN: ConsentStateName.WITHDRAWN,
    ConsentStatus.REVOKED: ConsentStateName.REVOKED,
    ConsentStatus.EXPIRED: ConsentStateName.EXPIRED,
    ConsentStatus.INVALIDATED: ConsentStateName.INVALIDATED,
    ConsentStatus.UNKNOWN: ConsentStateName.UNKNOWN,
}


class ConsentState(BaseModel, frozen=True, extra="forbid"):
    """The consent for one purpose as of ``as_of``, derived from the events.

    ``event`` is the event that decided the state (``None`` when there is none).
    ``objected`` stays true from the person's refusal or withdrawal until they give
    consent again: a later revocation or expiry does not undo an objection.
    """

    purpose: Purpose
    status: ConsentStateName
    as_of: AwareDatetime
    subjects: tuple[str, ...] = ()
    since: AwareDatetime | None = None
    expires_at: AwareDatetime | None = None
    objected: bool = False
    event: ConsentEvent | None = None

    def is_valid(self, now: datetime | None = None) -> bool:
        """True if consent is given and not lapsed at ``now`` (default ``as_of``)."""
        if self.status is not ConsentStateName.GIVEN:
            return False
        when = self.as_of if now is None else now
        return self.expires_at is None or when < self.expires_at

    def describe(self) -> str:
        """One line for messages: ``withdrawn since 2026-...`` and the like."""
        text = self.status.value
        if self.since is not None:
            text += f" since {self.since.isoformat()}"
        if self.status is ConsentStateName.GIVEN and self.expires_at is not None:
            text += f", until {self.expires_at.isoformat()}"
        return text


def _given_at(
    status: ConsentStateName, decisive: ConsentEvent | None, t: datetime
) -> bool:
    if status is not ConsentStateName.GIVEN or decisive is None:
        return False
    expires = decisive.expires_at
    return expires is None or t < expires


def fold_events(
    events: Iterable[ConsentEvent],
    purpose: Purpose,
    now: datetime | None = None,
) -> ConsentState:
    """The state of ``purpose`` at ``now`` from ``events`` (any order, any subjects).

    Events after ``now`` are ignored, events at the same instant apply in the order
    given. Rules: the last deciding event wins; a request or deferral does not cancel a
    consent that is still valid; a given consent past its ``expires_at`` is expired.
    Events of several subjects (a customer and a profile linked to it) fold into one
    state, in time order.
    """
    when = datetime.now(UTC) if now is None else now.astimezone(UTC)
    relevant = sorted(
        (e for e in events if e.purpose == purpose and e.at <= when),
        key=lambda e: e.at,
    )
    status = ConsentStateName.UNKNOWN
    decisive: ConsentEvent | None = None
    objected = False
    for event in relevant:
        asks = event.status in (ConsentStatus.REQUESTED, ConsentStatus.REQUEST_DEFERRED)
        if asks and _given_at(status, decisive, event.at):
            continue
        status = _AFTER_EVENT[event.status]
        decisive = event
        if event.status.gives_consent:
            objected = False
        elif event.status in (ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED):
            objected = True
    since = None if decisive is None else decisive.at
    expires_at = None if decisive is None else decisive.expires_at
    if (
        status is ConsentStateName.GIVEN
        and expires_at is not None
        and expires_at <= when
    ):
        status, since = ConsentStateName.EXPIRED, expires_at
    subjects = tuple(sorted({e.subject.key for e in relevant}))
    return ConsentState(
        purpose=purpose,
        status=status,
        as_of=when,
        subjects=subjects,
        since=since,
        expires_at=expires_at,
        objected=objected,
        event=decisive,
    )

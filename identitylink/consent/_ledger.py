"""The consent ledger over a database session: record, grant and withdraw.

Functions take the caller's ``Session`` and never commit (the caller's
``session_scope`` does). Withdrawing is one call: it appends the event, withdraws the
links that rested on the consent, purges the cached platform data of the profiles
concerned and writes the audit log, all in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import SecretStr
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import (
    ConsentEvent,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
)
from identitylink.storage._audit import add_audit_entry, customer_key, profile_key
from identitylink.storage._consent_repo import add_event
from identitylink.storage._consent_state import consent_state
from identitylink.storage._interactions import forget_customer_of_profile
from identitylink.storage._links import change_status
from identitylink.storage._models import LinkRow, ProfileRow
from identitylink.storage._suppression import lift_suppression

__all__ = ["Withdrawal", "grant", "record_event", "withdraw"]

# Links a withdrawal ends: every one not already ended.
_ACTIVE_LINK_STATUSES = ("proposed", "accepted", "disputed")


@dataclass(frozen=True)
class Withdrawal:
    """What one :func:`withdraw` call did."""

    event: ConsentEvent
    withdrawn_link_ids: tuple[int, ...]
    purged_profiles: tuple[tuple[str, str, str], ...]


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else now.astimezone(UTC)


def _audit_key(subject: Subject) -> str:
    if subject.kind == "customer":
        return customer_key(subject.id)
    assert subject.platform is not None and subject.scope is not None
    return profile_key(subject.platform, subject.scope, subject.id)


def record_event(session: Session, event: ConsentEvent) -> ConsentEvent:
    """Append ``event`` to the ledger and the audit log; returns it."""
    add_event(session, event)
    add_audit_entry(
        session,
        actor=event.actor,
        action=f"consent:{event.status.value}",
        subject_type=event.subject.kind,
        subject_key=_audit_key(event.subject),
        details={
            "event_id": event.event_id,
            "purpose": event.purpose.value,
            "method": event.method.value,
            "notice_version": event.notice_version,
        },
    )
    return event


def grant(
    session: Session,
    subject: Subject,
    purpose: Purpose,
    *,
    actor: str,
    method: Method,
    notice_version: str,
    valid_for: timedelta | None = None,
    at: datetime | None = None,
    evidence: str | None = None,
    suppression_key: str | SecretStr | None = None,
) -> ConsentEvent:
    """Record that ``subject`` gave consent for ``purpose`` (renewed if still valid).

    Consent to identity linking lifts the subject from the suppression list of
    erased people (hashes keyed by ``suppression_key``), so it can be linked again.
    """
    when = _now(at)
    current = consent_state(session, subject, purpose, when)
    status = ConsentStatus.RENEWED if current.is_valid() else ConsentStatus.GIVEN
    event = ConsentEvent(
        subject=subject,
        purpose=purpose,
        status=status,
        at=when,
        actor=actor,
        method=method,
        notice_version=notice_version,
        valid_for=valid_for,
        evidence=evidence,
    )
    if purpose is Purpose.IDENTITY_LINKING:
        if subject.kind == "customer":
            lift_suppression(session, suppression_key, "customer", subject.id)
        else:
            profile = f"{subject.platform}:{subject.scope}:{subject.id}"
            lift_suppression(session, suppression_key, "profile", profile)
    return record_event(session, event)


def _subject_links(session: Session, subject: Subject) -> list[LinkRow]:
    query = select(LinkRow).where(LinkRow.status.in_(_ACTIVE_LINK_STATUSES))
    if subject.kind == "customer":
        query = query.where(LinkRow.customer_id == subject.id)
    else:
        query = query.where(
            LinkRow.platform == subject.platform,
            LinkRow.scope == subject.scope,
            LinkRow.profile_id == subject.id,
        )
    return list(session.scalars(query.order_by(LinkRow.link_id)))


def _purge_profiles(
    session: Session, keys: set[tuple[str, str, str]], when: datetime
) -> tuple[tuple[str, str, str], ...]:
    if not keys:
        return ()
    rows = session.scalars(
        select(ProfileRow).where(
            or_(
                *(
                    (ProfileRow.platform == p)
                    & (ProfileRow.scope == s)
                    & (ProfileRow.profile_id == i)
                    for p, s, i in sorted(keys)
                )
            )
        )
    )
    purged = []
    for row in rows:
        row.cached_data = None
        row.purged_at = when
        purged.append((row.platform, row.scope, row.profile_id))
    return tuple(sorted(purged))


def withdraw(
    session: Session,
    subject: Subject,
    purpose: Purpose,
    *,
    actor: str,
    method: Method,
    at: datetime | None = None,
    evidence: str | None = None,
) -> Withdrawal:
    """Withdraw consent for ``purpose`` in one call, with every consequence.

    Always appends a ``ConsentWithdrawn`` event. For identity linking it also sets
    every active link of the subject (``proposed``, ``accepted``, ``disputed``) to
    ``withdrawn``, whatever its basis (a withdrawal is also an objection to links on
    other grounds), purges the cached platform data of the profiles concerned and
    unlinks their logged interactions from the customer.
    For another purpose, links stay: lookups for that purpose stop returning them.
    Everything is written to the audit log.
    """
    when = _now(at)
    event = record_event(
        session,
        ConsentEvent(
            subject=subject,
            purpose=purpose,
            status=ConsentStatus.WITHDRAWN,
            at=when,
            actor=actor,
            method=method,
            evidence=evidence,
        ),
    )
    if purpose is not Purpose.IDENTITY_LINKING:
        return Withdrawal(event=event, withdrawn_link_ids=(), purged_profiles=())
    links = _subject_links(session, subject)
    profiles: set[tuple[str, str, str]] = set()
    if subject.kind == "profile":
        assert subject.platform is not None and subject.scope is not None
        profiles.add((subject.platform, subject.scope, subject.id))
    for link in links:
        change_status(
            session,
            link.link_id,
            "withdrawn",
            allowed_from=_ACTIVE_LINK_STATUSES,
            actor=actor,
            reason=f"consent withdrawn (event {event.event_id})",
            action="withdraw",
        )
        profiles.add((link.platform, link.scope, link.profile_id))
    purged = _purge_profiles(session, profiles, when)
    for platform, scope, profile_id in sorted(profiles):
        forget_customer_of_profile(session, platform, scope, profile_id)
    for platform, scope, profile_id in purged:
        add_audit_entry(
            session,
            actor=actor,
            action="profile:purged",
            subject_type="profile",
            subject_key=profile_key(platform, scope, profile_id),
            details={"event_id": event.event_id, "reason": "consent withdrawn"},
        )
    session.flush()
    return Withdrawal(
        event=event,
        withdrawn_link_ids=tuple(link.link_id for link in links),
        purged_profiles=purged,
    )

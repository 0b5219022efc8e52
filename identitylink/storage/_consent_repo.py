"""Queries over the ``consent_events`` table; they take a session and never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import (
    ConsentEvent,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
)
from identitylink.storage._consent_models import ConsentEventRow

__all__ = ["add_event", "erase_subject_events", "list_events", "list_events_by_key"]


def _to_row(event: ConsentEvent, recorded_at: datetime) -> ConsentEventRow:
    subject = event.subject
    return ConsentEventRow(
        event_id=event.event_id,
        subject_key=subject.key,
        subject_kind=subject.kind,
        subject_id=subject.id,
        platform=subject.platform,
        scope=subject.scope,
        purpose=event.purpose.value,
        status=event.status.value,
        at=event.at,
        recorded_at=recorded_at,
        actor=event.actor,
        method=event.method.value,
        notice_version=event.notice_version,
        valid_for_seconds=(
            None if event.valid_for is None else int(event.valid_for.total_seconds())
        ),
        expires_at=event.expires_at,
        evidence=event.evidence,
    )


def _to_event(row: ConsentEventRow) -> ConsentEvent:
    if row.subject_kind == "customer":
        subject = Subject.customer(row.subject_id)
    else:
        subject = Subject.model_validate(
            {
                "kind": "profile",
                "id": row.subject_id,
                "platform": row.platform,
                "scope": row.scope,
            }
        )
    return ConsentEvent(
        event_id=row.event_id,
        subject=subject,
        purpose=Purpose(row.purpose),
        status=ConsentStatus(row.status),
        at=row.at,
        actor=row.actor,
        method=Method(row.method),
        notice_version=row.notice_version,
        valid_for=(
            None
            if row.valid_for_seconds is None
            else timedelta(seconds=row.valid_for_seconds)
        ),
        evidence=row.evidence,
    )


def add_event(session: Session, event: ConsentEvent) -> None:
    """Append one event (flushed, not committed)."""
    session.add(_to_row(event, datetime.now(UTC)))
    session.flush()


def list_events(
    session: Session,
    subjects: Iterable[Subject],
    purpose: Purpose | None = None,
) -> list[ConsentEvent]:
    """The events of ``subjects`` in recording order within time order."""
    return list_events_by_key(session, [s.key for s in subjects], purpose)


def list_events_by_key(
    session: Session,
    subject_keys: Iterable[str],
    purpose: Purpose | None = None,
) -> list[ConsentEvent]:
    """Like :func:`list_events`, for subjects given by their keys."""
    keys: Sequence[str] = sorted(set(subject_keys))
    if not keys:
        return []
    query = select(ConsentEventRow).where(ConsentEventRow.subject_key.in_(keys))
    if purpose is not None:
        query = query.where(ConsentEventRow.purpose == purpose.value)
    query = query.order_by(ConsentEventRow.at, ConsentEventRow.seq)
    return [_to_event(row) for row in session.scalars(query)]


def erase_subject_events(session: Session, subject: Subject) -> int:
    """Delete every event of ``subject`` (erasure, GDPR Art. 17); returns the count.

    A bulk statement on purpose: it is the one way past the append-only guard.
    """
    result = session.execute(
        delete(ConsentEventRow).where(ConsentEventRow.subject_key == subject.key)
    )
    return int(getattr(result, "rowcount", 0) or 0)

"""The interaction log: record, list, answer and purge mentions, replies, DMs, comments.

Functions take the caller's ``Session`` and never commit. Recording is idempotent:
the same event delivered twice to the same account (a webhook retry) comes back as
the stored interaction with ``created=False``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from identitylink.exceptions import InputError, InteractionNotFoundError
from identitylink.storage._audit import add_audit_entry, profile_key
from identitylink.storage._interaction_models import InteractionRow
from identitylink.storage._lookup import lookup_customer
from identitylink.storage._models import utc_now
from identitylink.types import InteractionKind, Platform

__all__ = [
    "Interaction",
    "NewInteraction",
    "RecordedInteraction",
    "list_interactions",
    "mark_answered",
    "mark_answered_by_reply",
    "purge_interaction_text",
    "record_interaction",
]


class NewInteraction(BaseModel, frozen=True, extra="forbid"):
    """An inbound interaction to record.

    ``account_id`` is the firm's own account that received it (X ``for_user_id``,
    a Facebook Page id); ``event_id`` the platform's id of the post, message or
    comment; ``(platform, scope, profile_id)`` the author's profile, as in
    :class:`~identitylink.SocialProfile`. ``customer_id`` is left empty to let
    :func:`record_interaction` look up the stored link.
    """

    platform: Platform
    account_id: str = Field(min_length=1, max_length=64)
    event_id: str = Field(min_length=1, max_length=128)
    profile_id: str = Field(min_length=1, max_length=64)
    scope: str = Field(default="global", min_length=1, max_length=128)
    handle: str | None = Field(default=None, max_length=256)
    kind: InteractionKind
    text: str | None = None
    in_reply_to: str | None = Field(default=None, max_length=128)
    received_at: AwareDatetime
    customer_id: str | None = Field(default=None, max_length=256)


class Interaction(BaseModel, frozen=True, extra="forbid"):
    """A stored interaction, with when and by whom it was first answered.

    ``text`` is ``None`` once purged (``text_purged_at`` says when).
    """

    interaction_id: int
    platform: str
    account_id: str
    event_id: str
    scope: str
    profile_id: str
    handle: str | None
    kind: InteractionKind
    text: str | None
    text_purged_at: datetime | None
    in_reply_to: str | None
    customer_id: str | None
    received_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    recorded_at: datetime


class RecordedInteraction(BaseModel, frozen=True, extra="forbid"):
    """What :func:`record_interaction` did: the stored row, and whether it is new."""

    interaction: Interaction
    created: bool


def _public(row: InteractionRow) -> Interaction:
    return Interaction.model_validate(
        {c.key: getattr(row, c.key) for c in InteractionRow.__table__.columns}
    )


def _existing(session: Session, new: NewInteraction) -> InteractionRow | None:
    return session.scalars(
        select(InteractionRow).where(
            InteractionRow.platform == new.platform,
            InteractionRow.account_id == new.account_id,
            InteractionRow.event_id == new.event_id,
        )
    ).one_or_none()


def _linked_customer(session: Session, new: NewInteraction) -> str | None:
    link = lookup_customer(
        session,
        new.platform,
        new.profile_id,
        new.scope,
        purpose="customer_care",
        now=new.received_at,
    )
    return None if link is None else link.customer_id


def record_interaction(
    session: Session, new: NewInteraction, *, link_customer: bool = True
) -> RecordedInteraction:
    """Store ``new`` once per ``(platform, account_id, event_id)``.

    When ``new.customer_id`` is empty and ``link_customer`` is true, the profile's
    usable link for the purpose ``customer_care`` names the customer (consent
    permitting; else none). A duplicate (a webhook retry, even a concurrent one)
    returns the stored interaction with ``created=False`` and changes nothing.
    """
    found = _existing(session, new)
    if found is not None:
        return RecordedInteraction(interaction=_public(found), created=False)
    customer_id = new.customer_id
    if customer_id is None and link_customer:
        customer_id = _linked_customer(session, new)
    row = InteractionRow(
        **new.model_dump(exclude={"customer_id"}),
        customer_id=customer_id,
        recorded_at=utc_now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another transaction stored the same event between our check and insert.
        found = _existing(session, new)
        if found is None:
            raise
        return RecordedInteraction(interaction=_public(found), created=False)
    return RecordedInteraction(interaction=_public(row), created=True)


def list_interactions(
    session: Session,
    *,
    platform: Platform | None = None,
    account_id: str | None = None,
    customer_id: str | None = None,
    profile: tuple[str, str] | None = None,
    unanswered: bool = False,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[Interaction]:
    """Stored interactions, oldest first, filtered by what is given.

    ``profile`` is ``(scope, profile_id)`` (with ``platform``); ``unanswered``
    keeps only those not answered yet; ``since`` is a received-at lower bound.
    """
    stmt = select(InteractionRow)
    if platform is not None:
        stmt = stmt.where(InteractionRow.platform == platform)
    if account_id is not None:
        stmt = stmt.where(InteractionRow.account_id == account_id)
    if customer_id is not None:
        stmt = stmt.where(InteractionRow.customer_id == customer_id)
    if profile is not None:
        stmt = stmt.where(
            InteractionRow.scope == profile[0], InteractionRow.profile_id == profile[1]
        )
    if unanswered:
        stmt = stmt.where(InteractionRow.answered_at.is_(None))
    if since is not None:
        stmt = stmt.where(InteractionRow.received_at >= since)
    stmt = stmt.order_by(InteractionRow.received_at, InteractionRow.interaction_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_public(row) for row in session.scalars(stmt)]


def mark_answered(
    session: Session, interaction_id: int, *, by: str, at: datetime | None = None
) -> Interaction:
    """Record the first answer to an interaction (``at`` defaults to now).

    A later answer keeps the first one: the SLA counts the time to first answer.
    Raises :class:`~identitylink.InteractionNotFoundError` for an unknown id and
    :class:`~identitylink.InputError` for an answer before the interaction came in.
    """
    row = session.get(InteractionRow, interaction_id)
    if row is None:
        raise InteractionNotFoundError(f"no interaction {interaction_id}")
    if row.answered_at is not None:
        return _public(row)
    when = at or utc_now()
    if when.tzinfo is None:
        raise InputError(f"interaction {interaction_id}: answered_at has no time zone")
    if when < row.received_at:
        raise InputError(
            f"interaction {interaction_id}: answered_at {when.isoformat()} is before "
            f"received_at {row.received_at.isoformat()}"
        )
    row.answered_at = when
    row.answered_by = by
    session.flush()
    return _public(row)


def mark_answered_by_reply(
    session: Session,
    platform: Platform,
    account_id: str,
    *,
    by: str,
    at: datetime,
    in_reply_to: str | None = None,
    profile: tuple[str, str] | None = None,
) -> int:
    """Record the firm's own reply seen in a webhook; returns how many it answers.

    ``in_reply_to`` answers the interaction with that event id (a reply to a post
    or comment); ``profile`` (``(scope, profile_id)``) answers every open
    interaction of that person at that account received before ``at`` (a DM
    reply answers the whole conversation so far).
    """
    stmt = update(InteractionRow).where(
        InteractionRow.platform == platform,
        InteractionRow.account_id == account_id,
        InteractionRow.answered_at.is_(None),
        InteractionRow.received_at <= at,
    )
    if in_reply_to is not None:
        stmt = stmt.where(InteractionRow.event_id == in_reply_to)
    elif profile is not None:
        stmt = stmt.where(
            InteractionRow.scope == profile[0], InteractionRow.profile_id == profile[1]
        )
    else:
        raise InputError("mark_answered_by_reply: give in_reply_to or profile")
    result: Any = session.execute(
        stmt.values(answered_at=at, answered_by=by).execution_options(
            synchronize_session=False
        )
    )
    return int(result.rowcount)


def purge_interaction_text(
    session: Session,
    platform: Platform,
    event_id: str,
    *,
    actor: str,
    account_id: str | None = None,
) -> int:
    """Delete the stored text of an event (the post was deleted on the platform).

    Every account's copy goes unless ``account_id`` names one. The row and its
    times stay for the SLA; the audit log records the purge. Returns the count.
    """
    stmt = select(InteractionRow).where(
        InteractionRow.platform == platform,
        InteractionRow.event_id == event_id,
        InteractionRow.text_purged_at.is_(None),
    )
    if account_id is not None:
        stmt = stmt.where(InteractionRow.account_id == account_id)
    rows = list(session.scalars(stmt))
    now = utc_now()
    for row in rows:
        row.text = None
        row.text_purged_at = now
        add_audit_entry(
            session,
            actor=actor,
            action="interaction:purged",
            subject_type="profile",
            subject_key=profile_key(row.platform, row.scope, row.profile_id),
            details={"interaction_id": row.interaction_id, "event_id": event_id},
        )
    session.flush()
    return len(rows)


# --- used by consent withdrawal and the rights API -----------------------------------


def forget_customer_of_profile(
    session: Session, platform: str, scope: str, profile_id: str
) -> int:
    """Unlink a profile's interactions from their customer (consent withdrawn)."""
    result: Any = session.execute(
        update(InteractionRow)
        .where(
            InteractionRow.platform == platform,
            InteractionRow.scope == scope,
            InteractionRow.profile_id == profile_id,
            InteractionRow.customer_id.is_not(None),
        )
        .values(customer_id=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def export_interactions(
    session: Session,
    *,
    customer_id: str | None = None,
    profile: tuple[str, str, str] | None = None,
) -> list[dict[str, Any]]:
    """A customer's or a profile's interactions as JSON-ready dicts."""
    stmt = select(InteractionRow)
    if customer_id is not None:
        stmt = stmt.where(InteractionRow.customer_id == customer_id)
    if profile is not None:
        stmt = stmt.where(
            InteractionRow.platform == profile[0],
            InteractionRow.scope == profile[1],
            InteractionRow.profile_id == profile[2],
        )
    stmt = stmt.order_by(InteractionRow.received_at, InteractionRow.interaction_id)
    return [_public(row).model_dump(mode="json") for row in session.scalars(stmt)]


def delete_interactions(
    session: Session,
    *,
    customer_id: str | None = None,
    profiles: list[tuple[str, str, str]] | None = None,
) -> int:
    """Delete a customer's interactions and those of ``profiles`` (erasure)."""
    n = 0
    if customer_id is not None:
        result: Any = session.execute(
            delete(InteractionRow)
            .where(InteractionRow.customer_id == customer_id)
            .execution_options(synchronize_session=False)
        )
        n += int(result.rowcount)
    for platform, scope, profile_id in profiles or []:
        result = session.execute(
            delete(InteractionRow)
            .where(
                InteractionRow.platform == platform,
                InteractionRow.scope == scope,
                InteractionRow.profile_id == profile_id,
            )
            .execution_options(synchronize_session=False)
        )
        n += int(result.rowcount)
    return n

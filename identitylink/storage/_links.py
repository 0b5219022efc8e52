"""Stored links as the public API sees them, and the one place their status changes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from identitylink.exceptions import LinkNotFoundError, LinkStateError
from identitylink.storage._audit import add_audit_entry
from identitylink.storage._models import LinkRow, utc_now

__all__ = ["StoredLink", "change_status", "get_link_row", "to_stored_link"]


class StoredLink(BaseModel, frozen=True, extra="forbid"):
    """A link as stored: who it joins, where it stands, on what basis, who decided."""

    link_id: int
    platform: str
    scope: str
    profile_id: str
    customer_id: str
    status: str
    legal_basis: str
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    run_id: str | None
    decision_id: int | None


def to_stored_link(row: LinkRow) -> StoredLink:
    """The public view of a link row."""
    return StoredLink(
        link_id=row.link_id,
        platform=row.platform,
        scope=row.scope,
        profile_id=row.profile_id,
        customer_id=row.customer_id,
        status=row.status,
        legal_basis=row.legal_basis,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
        run_id=row.run_id,
        decision_id=row.decision_id,
    )


def get_link_row(
    session: Session, link_id: int, *, for_update: bool = False
) -> LinkRow:
    """The row of link ``link_id``, locked if asked; LinkNotFoundError if none."""
    stmt = select(LinkRow).where(LinkRow.link_id == link_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is None:
        raise LinkNotFoundError(f"link {link_id} does not exist")
    return row


def change_status(
    session: Session,
    link_id: int,
    new_status: str,
    *,
    allowed_from: Collection[str],
    actor: str,
    reason: str | None,
    action: str,
) -> StoredLink:
    """Move link ``link_id`` to ``new_status`` if its status is in ``allowed_from``.

    Records who decided, when and why on the link, and appends the change to the
    audit log. Raises :class:`~identitylink.LinkStateError` naming the link and its
    status when the change is not allowed (a disputed link is frozen).
    """
    if not actor.strip():
        raise LinkStateError(f"link {link_id}: {action} needs the name of who does it")
    row = get_link_row(session, link_id, for_update=True)
    if row.status not in allowed_from:
        frozen = (
            " (disputed links are frozen until resolved)"
            if row.status == "disputed"
            else ""
        )
        raise LinkStateError(
            f"link {link_id} is {row.status}: cannot {action} it{frozen}"
        )
    old_status = row.status
    now = utc_now()
    row.status = new_status
    row.decided_by = actor
    row.decided_at = now
    row.reason = reason
    row.updated_at = now
    add_audit_entry(
        session,
        actor=actor,
        action=action,
        subject_type="link",
        subject_key=str(link_id),
        details={
            "from": old_status,
            "to": new_status,
            "reason": reason,
            "customer_id": row.customer_id,
            "profile": f"{row.platform}/{row.scope}/{row.profile_id}",
        },
    )
    session.flush()
    return to_stored_link(row)

"""Platform data-deletion requests: the confirmation code and the status it answers."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from identitylink.storage._interaction_models import DeletionRequestRow
from identitylink.storage._models import utc_now
from identitylink.types import Platform

__all__ = ["DeletionRequest", "add_deletion_request", "get_deletion_request"]


class DeletionRequest(BaseModel, frozen=True, extra="forbid"):
    """A data-deletion request as its status URL reports it (no personal data)."""

    confirmation_code: str
    platform: str
    status: Literal["received", "completed"]
    requested_at: datetime
    completed_at: datetime | None


def _public(row: DeletionRequestRow) -> DeletionRequest:
    return DeletionRequest.model_validate(
        {c.key: getattr(row, c.key) for c in DeletionRequestRow.__table__.columns}
    )


def add_deletion_request(
    session: Session, platform: Platform, *, completed: bool
) -> DeletionRequest:
    """Store a new request with a fresh, unguessable confirmation code."""
    now = utc_now()
    row = DeletionRequestRow(
        confirmation_code=secrets.token_hex(16),
        platform=platform,
        status="completed" if completed else "received",
        requested_at=now,
        completed_at=now if completed else None,
    )
    session.add(row)
    session.flush()
    return _public(row)


def get_deletion_request(session: Session, code: str) -> DeletionRequest | None:
    """The request with confirmation code ``code``, or ``None``."""
    row = session.get(DeletionRequestRow, code)
    return None if row is None else _public(row)

"""The ``consent_events`` table: the append-only consent ledger.

One row per :class:`identitylink.consent.ConsentEvent`. Rows are never updated: the
ORM refuses it (``before_update``), and the only deletion is the erasure of a person
(a bulk ``DELETE`` in :mod:`identitylink.storage._consent_repo`), which the rights code
records in the audit log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from identitylink.exceptions import StorageError
from identitylink.storage._base import Base, UTCDateTime

__all__ = ["ConsentEventRow"]

_STATUSES = (
    "ConsentGiven",
    "RenewedConsentGiven",
    "ConsentRequested",
    "ConsentRequestDeferred",
    "ConsentRefused",
    "ConsentWithdrawn",
    "ConsentRevoked",
    "ConsentExpired",
    "ConsentInvalidated",
    "ConsentUnknown",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ConsentEventRow(Base):
    """One consent event, as stored. ``seq`` orders events recorded at the same time."""

    __tablename__ = "consent_events"
    __table_args__ = (
        UniqueConstraint("event_id"),
        CheckConstraint(
            _in("subject_kind", ("customer", "profile")), name="subject_kind"
        ),
        CheckConstraint(_in("status", _STATUSES), name="status"),
        CheckConstraint(
            "(subject_kind = 'customer' AND platform IS NULL AND scope IS NULL)"
            " OR (subject_kind = 'profile' AND platform IS NOT NULL"
            " AND scope IS NOT NULL)",
            name="subject_shape",
        ),
        CheckConstraint(
            "valid_for_seconds IS NULL OR valid_for_seconds > 0", name="valid_for"
        ),
        Index("ix_consent_events_subject_purpose_at", "subject_key", "purpose", "at"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=True,
    )
    event_id: Mapped[str] = mapped_column(String(64))
    subject_key: Mapped[str] = mapped_column(String(512))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(256), index=True)
    platform: Mapped[str | None] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(String(128))
    purpose: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(256))
    method: Mapped[str] = mapped_column(String(32))
    notice_version: Mapped[str | None] = mapped_column(String(128))
    valid_for_seconds: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    evidence: Mapped[str | None] = mapped_column(Text)


@event.listens_for(ConsentEventRow, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: ConsentEventRow) -> None:
    raise StorageError(
        f"consent event {target.event_id} is append-only: record a new event instead"
    )


@event.listens_for(ConsentEventRow, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: ConsentEventRow) -> None:
    raise StorageError(
        f"consent event {target.event_id} is append-only: only erasure of the whole "
        "subject removes events"
    )

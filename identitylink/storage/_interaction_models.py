"""The interaction log's tables: every mention, reply, DM or comment, and deletions.

An interaction is keyed by ``(platform, account_id, event_id)``: the platform's id
of the event as delivered to one of the firm's own accounts (X's ``for_user_id``, a
Facebook Page id). A webhook retried, or delivered twice, hits the unique
constraint instead of adding a row. The text is personal data and purgeable (the
platform deleted the post, the person asked); the row and its times stay for the
answer-time figures.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from identitylink.storage._base import Base, UTCDateTime
from identitylink.storage._models import utc_now

__all__ = ["INTERACTION_KINDS", "DeletionRequestRow", "InteractionRow"]

INTERACTION_KINDS: Final = ("mention", "reply", "dm", "comment")
"""What an interaction can be."""

_KINDS_CHECK = "kind IN ({})".format(", ".join(repr(k) for k in INTERACTION_KINDS))


class InteractionRow(Base):
    """One inbound interaction and when (and by whom) it was first answered."""

    __tablename__ = "interactions"
    __table_args__ = (
        UniqueConstraint("platform", "account_id", "event_id"),
        CheckConstraint(_KINDS_CHECK, name="kind"),
        Index("ix_interactions_profile", "platform", "scope", "profile_id"),
        Index("ix_interactions_customer_id", "customer_id"),
        Index("ix_interactions_received_at", "received_at"),
    )

    interaction_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(128))
    profile_id: Mapped[str] = mapped_column(String(64))
    handle: Mapped[str | None] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    text_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    in_reply_to: Mapped[str | None] = mapped_column(String(128))
    customer_id: Mapped[str | None] = mapped_column(String(256))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by: Mapped[str | None] = mapped_column(String(256))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class DeletionRequestRow(Base):
    """A platform's data-deletion request: its confirmation code and where it stands.

    Holds no personal data, so the status URL keeps answering after the erasure.
    """

    __tablename__ = "deletion_requests"

    confirmation_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

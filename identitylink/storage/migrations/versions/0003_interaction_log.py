"""the interaction log; platform data-deletion requests

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 03:20:00

``interactions`` holds every inbound mention, reply, DM and comment with its
answer time (issue 12); ``deletion_requests`` the confirmation codes of Meta's
data-deletion callback, so that the status URL answers after the erasure.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import identitylink.storage._base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> identitylink.storage._base.UTCDateTime:
    return identitylink.storage._base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "interactions",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("scope", sa.String(length=128), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("handle", sa.String(length=256), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_purged_at", _utc(), nullable=True),
        sa.Column("in_reply_to", sa.String(length=128), nullable=True),
        sa.Column("customer_id", sa.String(length=256), nullable=True),
        sa.Column("received_at", _utc(), nullable=False),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.Column("answered_by", sa.String(length=256), nullable=True),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('mention', 'reply', 'dm', 'comment')",
            name=op.f("ck_interactions_kind"),
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_interactions")),
        sa.UniqueConstraint(
            "platform",
            "account_id",
            "event_id",
            name=op.f("uq_interactions_platform_account_id_event_id"),
        ),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interactions_customer_id", ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_interactions_profile",
            ["platform", "scope", "profile_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_interactions_received_at", ["received_at"], unique=False
        )
    op.create_table(
        "deletion_requests",
        sa.Column("confirmation_code", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", _utc(), nullable=False),
        sa.Column("completed_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("confirmation_code", name=op.f("pk_deletion_requests")),
    )


def downgrade() -> None:
    op.drop_table("deletion_requests")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_received_at")
        batch_op.drop_index("ix_interactions_profile")
        batch_op.drop_index("ix_interactions_customer_id")
    op.drop_table("interactions")

"""one accepted link per profile; the suppression list of erased people

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 23:00:00

Existing stores may hold two ``accepted`` links for one profile (two CRM exports
with other ids, linked one after the other). Before the unique index is created,
every such link goes back to ``proposed`` with the reason "conflict", so that a
person decides which one is true; the audit log records the change.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import identitylink.storage._base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CONFLICTS = """
SELECT l.link_id FROM links l
WHERE l.status = 'accepted' AND EXISTS (
    SELECT 1 FROM links o
    WHERE o.status = 'accepted' AND o.link_id <> l.link_id
      AND o.platform = l.platform AND o.scope = l.scope
      AND o.profile_id = l.profile_id
)
"""


def upgrade() -> None:
    connection = op.get_bind()
    conflicting = [row[0] for row in connection.execute(sa.text(_CONFLICTS))]
    if conflicting:
        links = sa.table(
            "links",
            sa.column("link_id", sa.Integer),
            sa.column("status", sa.String),
            sa.column("reason", sa.Text),
        )
        op.execute(
            links.update()
            .where(links.c.link_id.in_(conflicting))
            .values(
                status="proposed",
                reason="conflict: another accepted link for the same profile "
                "(migration 0002); review which one is true",
            )
        )
        audit = sa.table(
            "audit_log",
            sa.column("at", identitylink.storage._base.UTCDateTime(timezone=True)),
            sa.column("actor", sa.String),
            sa.column("action", sa.String),
            sa.column("subject_type", sa.String),
            sa.column("subject_key", sa.Text),
            sa.column("details", sa.JSON),
        )
        from identitylink.storage._models import utc_now

        op.bulk_insert(
            audit,
            [
                {
                    "at": utc_now(),
                    "actor": "migration:0002",
                    "action": "conflict",
                    "subject_type": "link",
                    "subject_key": str(link_id),
                    "details": {
                        "from": "accepted",
                        "to": "proposed",
                        "reason": "another accepted link for the same profile",
                    },
                }
                for link_id in conflicting
            ],
        )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(
            "uq_links_one_accepted",
            ["platform", "scope", "profile_id"],
            unique=True,
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )
    op.create_table(
        "suppressions",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            identitylink.storage._base.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_suppressions")),
    )
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suppressions_person"), ["person"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suppressions_person"))
    op.drop_table("suppressions")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("uq_links_one_accepted")

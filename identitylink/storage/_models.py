"""The tables of the link store: customers, profiles, runs, decisions, links, audit.

Natural keys identify people across runs: a customer by its CRM id, a profile by
``(platform, scope, profile_id)``. Unique constraints, not Python checks, keep a
rerun or a concurrent run from duplicating anything. Links reference their customer
and profile by foreign key; the ids of the run and decision that proposed a link are
kept as plain columns (provenance, not integrity: per-row foreign-key checks would
dominate the bulk load of a large run).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from identitylink.storage._base import Base, UTCDateTime

__all__ = [
    "LEGAL_BASES",
    "LINK_STATUSES",
    "USABLE_STATUSES",
    "AuditEntry",
    "CustomerRow",
    "DecisionRow",
    "LinkRow",
    "LinkRunRow",
    "ProfileRow",
    "utc_now",
]

LINK_STATUSES: Final = (
    "proposed",
    "accepted",
    "rejected",
    "disputed",
    "withdrawn",
    "unlinked",
)
"""Every status a link can have; see the link lifecycle in the data-model docs."""

USABLE_STATUSES: Final = ("accepted",)
"""Statuses a lookup may return (consent permitting)."""

LEGAL_BASES: Final = (
    "opt_in_consent",
    "first_party_data",
    "public_data",
    "legitimate_interest",
)
"""The legal bases a link may rest on."""

RUN_STATUSES: Final = ("running", "complete", "failed")
BANDS: Final = ("auto", "review", "reject")

_ID = String(64)
_PLATFORM = String(16)
_SCOPE = String(128)
_CUSTOMER_ID = String(256)


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CustomerRow(Base):
    """A customer as matched: the fields matching uses, never the raw e-mail."""

    __tablename__ = "customers"

    customer_id: Mapped[str] = mapped_column(_CUSTOMER_ID, primary_key=True)
    given_names: Mapped[str | None] = mapped_column(Text)
    family_names: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(String(64))
    street: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[str | None] = mapped_column(String(10))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ProfileRow(Base):
    """A social profile: its key, where it came from and its purgeable cached data."""

    __tablename__ = "profiles"

    platform: Mapped[str] = mapped_column(_PLATFORM, primary_key=True)
    scope: Mapped[str] = mapped_column(_SCOPE, primary_key=True)
    profile_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    source: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cached_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class LinkRunRow(Base):
    """One linking run: what went in, what came out, how long it took."""

    __tablename__ = "link_runs"
    __table_args__ = (CheckConstraint(_in("status", RUN_STATUSES), name="status"),)

    run_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    spec_hash: Mapped[str] = mapped_column(String(128), index=True)
    inputs: Mapped[dict[str, str]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    timings: Mapped[dict[str, float]] = mapped_column(JSON)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    n_decisions: Mapped[int] = mapped_column(Integer, default=0)
    n_new_links: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DecisionRow(Base):
    """The linker's decision for one pair in one run, with its explanation."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(_in("band", BANDS), name="band"),
        Index("ix_decisions_profile_id", "profile_id"),
        Index("ix_decisions_customer_id", "customer_id"),
    )

    decision_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(32), index=True)
    platform: Mapped[str] = mapped_column(_PLATFORM)
    scope: Mapped[str] = mapped_column(_SCOPE)
    profile_id: Mapped[str] = mapped_column(_ID)
    customer_id: Mapped[str] = mapped_column(_CUSTOMER_ID)
    match_weight: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(8))
    explanation: Mapped[str] = mapped_column(Text)
    """The :class:`~identitylink.Explanation` as JSON text (e-mails masked)."""
    policy_refusal: Mapped[str | None] = mapped_column(Text)
    """Why the consent policy gate refused to make this pair a link, if it did."""


class LinkRow(Base):
    """The link between one profile and one customer, and where it stands."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("platform", "scope", "profile_id", "customer_id"),
        CheckConstraint(_in("status", LINK_STATUSES), name="status"),
        CheckConstraint(_in("legal_basis", LEGAL_BASES), name="legal_basis"),
        ForeignKeyConstraint(
            ["platform", "scope", "profile_id"],
            ["profiles.platform", "profiles.scope", "profiles.profile_id"],
            ondelete="CASCADE",
        ),
        Index("ix_links_customer_id", "customer_id"),
        Index("ix_links_status", "status"),
        # One truth per profile: at most one accepted link per (platform, scope, id).
        Index(
            "uq_links_one_accepted",
            "platform",
            "scope",
            "profile_id",
            unique=True,
            sqlite_where=text("status = 'accepted'"),
            postgresql_where=text("status = 'accepted'"),
        ),
    )

    link_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(_PLATFORM)
    scope: Mapped[str] = mapped_column(_SCOPE)
    profile_id: Mapped[str] = mapped_column(_ID)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.customer_id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(16))
    legal_basis: Mapped[str] = mapped_column(String(32))
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decision_id: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(256))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """One line of the append-only audit log.

    Rows are only ever inserted. The one exception is erasure: the erased person's
    entries are replaced by a single tombstone holding no personal data.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject", "subject_type", "subject_key"),)

    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)

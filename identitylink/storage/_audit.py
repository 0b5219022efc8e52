"""The append-only audit log and the keys that name its subjects."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from identitylink.storage._models import AuditEntry, utc_now

__all__ = ["SubjectType", "add_audit_entry", "customer_key", "profile_key"]

SubjectType = Literal["customer", "profile", "link", "run", "erased"]


def customer_key(customer_id: str) -> str:
    """The audit subject key of a customer: its CRM id."""
    return customer_id


def profile_key(platform: str, scope: str, profile_id: str) -> str:
    """The audit subject key of a profile: ``platform/scope/profile_id``."""
    return f"{platform}/{scope}/{profile_id}"


def add_audit_entry(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: SubjectType,
    subject_key: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one line to the audit log (in the caller's transaction)."""
    session.execute(
        insert(AuditEntry).values(
            at=utc_now(),
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_key=subject_key,
            details=details or {},
        )
    )

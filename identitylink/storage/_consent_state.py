"""The consent of stored subjects and links, read from the ledger and folded.

Read-only queries over the ``consent_events`` table that the lookups and the
rights exports need; :mod:`identitylink.consent` re-exports them as its public
API. Functions take the caller's ``Session`` and never write.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from identitylink._consent_model.events import ConsentEvent, Purpose, Subject
from identitylink._consent_model.policy import LegalBasis, link_usable
from identitylink._consent_model.state import ConsentState, fold_events
from identitylink.storage._consent_repo import list_events
from identitylink.types import Platform

__all__ = ["consent_state", "history", "link_consent_state", "lookup_allowed"]


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else now.astimezone(UTC)


def history(session: Session, subject: Subject) -> list[ConsentEvent]:
    """Every event of ``subject``, all purposes, oldest first."""
    return list_events(session, [subject])


def consent_state(
    session: Session,
    subject: Subject,
    purpose: Purpose,
    now: datetime | None = None,
) -> ConsentState:
    """The state of ``purpose`` for ``subject`` at ``now`` (default: the time now)."""
    return fold_events(list_events(session, [subject], purpose), purpose, _now(now))


def link_consent_state(
    session: Session,
    *,
    customer_id: str,
    platform: Platform,
    profile_id: str,
    scope: str = "global",
    purpose: Purpose = Purpose.IDENTITY_LINKING,
    now: datetime | None = None,
) -> ConsentState:
    """The state of ``purpose`` for a link: events of the customer and the profile.

    A person may consent on the web form (recorded on the customer) and withdraw by
    DM (recorded on the profile): both histories fold together in time order.
    """
    subjects = [
        Subject.customer(customer_id),
        Subject.profile(platform, profile_id, scope),
    ]
    return fold_events(list_events(session, subjects, purpose), purpose, _now(now))


def lookup_allowed(
    session: Session,
    *,
    link_status: str,
    legal_basis: LegalBasis | str,
    customer_id: str,
    platform: Platform,
    profile_id: str,
    scope: str = "global",
    purpose: Purpose = Purpose.IDENTITY_LINKING,
    now: datetime | None = None,
) -> bool:
    """May a lookup for ``purpose`` return this stored link at ``now``?

    Reads the consent of both sides of the link and applies
    :func:`~identitylink.consent.link_usable`.
    """
    when = _now(now)
    key: dict[str, Any] = {
        "customer_id": customer_id,
        "platform": platform,
        "profile_id": profile_id,
        "scope": scope,
        "now": when,
    }
    linking = link_consent_state(session, purpose=Purpose.IDENTITY_LINKING, **key)
    use = (
        None
        if purpose is Purpose.IDENTITY_LINKING
        else link_consent_state(session, purpose=purpose, **key)
    )
    return link_usable(link_status, legal_basis, linking, when, purpose_state=use)

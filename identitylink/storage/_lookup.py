"""Lookups: which customer is behind a profile, which profiles a customer has.

Only usable links come back: ``accepted`` ones whose consent allows the purpose.
Never a proposed, rejected, disputed, withdrawn or unlinked link, nor one whose
required consent is absent, withdrawn or expired (the consent ledger decides).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from identitylink.storage._links import StoredLink, to_stored_link
from identitylink.storage._models import USABLE_STATUSES, LinkRow, utc_now

__all__ = ["lookup_customer", "lookup_profiles"]


def _usable(session: Session, row: LinkRow, purpose: str, now: datetime) -> bool:
    # Imported here: the consent package builds on the store's modules.
    from identitylink.consent._events import Purpose
    from identitylink.consent._ledger import lookup_allowed

    return lookup_allowed(
        session,
        link_status=row.status,
        legal_basis=row.legal_basis,
        customer_id=row.customer_id,
        platform=row.platform,  # type: ignore[arg-type]  # CHECK: a Platform
        profile_id=row.profile_id,
        scope=row.scope,
        purpose=Purpose(purpose),
        now=now,
    )


def lookup_customer(
    session: Session,
    platform: str,
    profile_id: str,
    scope: str = "global",
    *,
    purpose: str = "identity_linking",
    now: datetime | None = None,
) -> StoredLink | None:
    """The usable link of a profile for ``purpose``, or ``None``.

    A profile has at most one accepted link (a unique index says so; a run that
    disagrees with it proposes its pair for review as a conflict), so there is never
    a choice to make between customers.
    """
    when = now or utc_now()
    rows = session.scalars(
        select(LinkRow)
        .where(
            LinkRow.platform == platform,
            LinkRow.scope == scope,
            LinkRow.profile_id == profile_id,
            LinkRow.status.in_(USABLE_STATUSES),
        )
        .order_by(LinkRow.decided_at.desc(), LinkRow.link_id.desc())
    )
    for row in rows:
        if _usable(session, row, purpose, when):
            return to_stored_link(row)
    return None


def lookup_profiles(
    session: Session,
    customer_id: str,
    *,
    purpose: str = "identity_linking",
    now: datetime | None = None,
) -> list[StoredLink]:
    """The usable links of a customer for ``purpose``, by platform and profile."""
    when = now or utc_now()
    rows = session.scalars(
        select(LinkRow)
        .where(
            LinkRow.customer_id == customer_id,
            LinkRow.status.in_(USABLE_STATUSES),
        )
        .order_by(LinkRow.platform, LinkRow.scope, LinkRow.profile_id)
    )
    return [to_stored_link(r) for r in rows if _usable(session, r, purpose, when)]

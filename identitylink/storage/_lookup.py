"""Lookups: which customer is behind a profile, which profiles a customer has.

Only usable links come back: ``accepted`` ones whose consent allows the purpose.
Never a proposed, rejected, disputed, withdrawn or unlinked link, nor one whose
required consent is absent, withdrawn or expired (the consent ledger decides).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, tuple_
from sqlalchemy.orm import Session

from identitylink._consent_model.events import Purpose
from identitylink._handles import parse_profile_ref
from identitylink.exceptions import InputError
from identitylink.storage._consent_state import lookup_allowed
from identitylink.storage._engine import core_rows
from identitylink.storage._links import StoredLink, to_stored_link
from identitylink.storage._models import USABLE_STATUSES, LinkRow, ProfileRow, utc_now

__all__ = ["lookup_customer", "lookup_profiles", "profiles_with_handle"]


_LINKS = LinkRow.__table__.c
_LINKS_BY_ID = (
    select(*_LINKS)
    .where(
        _LINKS.platform == bindparam("platform"),
        _LINKS.scope == bindparam("scope"),
        _LINKS.profile_id == bindparam("profile_id"),
    )
    .order_by(_LINKS.decided_at.desc(), _LINKS.link_id.desc())
)
"""One profile id's links, as a Core statement built once: a call per identify
reads plain rows (compiled once, from SQLAlchemy's cache) instead of ORM objects."""


def _usable(session: Session, row: Any, purpose: str, now: datetime) -> bool:
    """``row``: a :class:`LinkRow`, or a Core row of its columns."""
    return lookup_allowed(
        session,
        link_status=row.status,
        legal_basis=row.legal_basis,
        customer_id=row.customer_id,
        platform=row.platform,  # a Platform: the column has a CHECK
        profile_id=row.profile_id,
        scope=row.scope,
        purpose=Purpose(purpose),
        now=now,
    )


def _links_of(
    session: Session, platform: str, keys: list[tuple[str, str]]
) -> list[LinkRow]:
    """The usable-status links of profiles ``(scope, profile_id)``, newest first."""
    if not keys:
        return []
    return list(
        session.scalars(
            select(LinkRow)
            .where(
                LinkRow.platform == platform,
                tuple_(LinkRow.scope, LinkRow.profile_id).in_(keys),
                LinkRow.status.in_(USABLE_STATUSES),
            )
            .order_by(LinkRow.decided_at.desc(), LinkRow.link_id.desc())
        )
    )


def _links_by_id(
    session: Session, platform: str, scope: str, profile_id: str
) -> list[Any] | None:
    """The usable-status links of one profile id (Core rows of the link
    columns), newest first; ``None`` when the id has no link in any status (one
    query either way)."""
    params = {"platform": platform, "scope": scope, "profile_id": profile_id}
    rows = core_rows(session, _LINKS_BY_ID, params)
    if not rows:
        return None
    return [row for row in rows if row.status in USABLE_STATUSES]


def profiles_with_handle(
    session: Session, platform: str, handle: str, scope: str | None = None
) -> list[tuple[str, str]]:
    """``(scope, profile_id)`` of the stored profiles whose handle (username) is
    ``handle``, compared in lower case; any scope unless ``scope`` is given.

    A purged profile (consent withdrawn) keeps no handle and is not found.
    """
    username = ProfileRow.cached_data["username"].as_string()
    stmt = select(ProfileRow.scope, ProfileRow.profile_id).where(
        ProfileRow.platform == platform,
        func.lower(username) == handle.casefold(),
    )
    if scope is not None:
        stmt = stmt.where(ProfileRow.scope == scope)
    return [(row.scope, row.profile_id) for row in session.execute(stmt)]


def lookup_customer(
    session: Session,
    platform: str,
    profile_id: str,
    scope: str = "global",
    *,
    purpose: str = "identity_linking",
    now: datetime | None = None,
    by_id: bool = False,
) -> StoredLink | None:
    """The usable link of a profile for ``purpose``, or ``None``.

    ``profile_id`` is the platform's id, or the profile as people name it:
    ``@handle``, ``handle`` or its address (``https://x.com/handle``,
    ``twitter.com/handle``, ``facebook.com/username``,
    ``facebook.com/profile.php?id=...``). A text that is a stored profile's id is
    taken as the id; otherwise it is looked up among the stored profiles' handles
    (of any scope when ``scope`` is left at ``"global"``). ``by_id=True`` takes
    ``profile_id`` as the platform's id only, never as a handle or an address (one
    query; for a caller that holds the profile, such as the service's index).

    A profile has at most one accepted link (a unique index says so; a run that
    disagrees with it proposes its pair for review as a conflict), so there is never
    a choice to make between customers.

    Raises:
        InputError: ``profile_id`` is neither an id, a handle nor an address of
            ``platform``.
    """
    when = now or utc_now()
    text = profile_id.strip()
    named = text.startswith("@") or "/" in text
    rows: list[Any] | None = (
        None if named else _links_by_id(session, platform, scope, text)
    )
    if by_id:
        rows = rows or []
    elif rows is None:
        try:
            ref = parse_profile_ref(platform, text)
        except InputError:
            if named:
                raise
            return None  # an id with no link, and not a handle either
        if ref.kind == "id":
            keys = [(scope, ref.value)]
        else:
            by_handle = None if scope == "global" else scope
            keys = profiles_with_handle(session, platform, ref.value, by_handle) or [
                (scope, text)
            ]
        rows = _links_of(session, platform, keys)
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

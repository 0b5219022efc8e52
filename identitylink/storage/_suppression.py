"""Erasure that sticks: keyed hashes of an erased person's identifiers.

After :func:`~identitylink.storage.erase_customer` the next nightly ``link --db`` on
the same CRM export would bring the person back: their row, their profile data and
a link. The suppression list keeps, for each erased person, HMAC-SHA256 hashes of
their identifiers (customer id, profile keys, e-mail hash, E.164 phone), keyed by a
secret from the settings (``IDENTITYLINK_SUPPRESSION_KEY``), and nothing readable. A
run skips every decision whose customer or profile matches, stores nothing of it and
reports how many it skipped. A new consent event of the person (``grant``) lifts it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy import String, delete, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from identitylink.records import Customer
from identitylink.results import LinkDecision
from identitylink.storage._base import Base, UTCDateTime
from identitylink.storage._gate import pair_key
from identitylink.storage._hashing import email_hasher
from identitylink.storage._models import utc_now

__all__ = [
    "DEFAULT_SUPPRESSION_KEY",
    "SUPPRESSED_REASON",
    "SuppressionRow",
    "identifier_hashes",
    "is_suppressed_among",
    "lift_suppression",
    "suppress",
    "suppressed_hashes",
    "without_suppressed",
]

DEFAULT_SUPPRESSION_KEY = "identitylink-suppression-list-v1"
"""Used when no key is configured: the list still works, but anyone with the code
can test an identifier against it; set ``IDENTITYLINK_SUPPRESSION_KEY``."""


SUPPRESSED_REASON = (
    "suppressed: the person was erased; nothing is stored of them until they "
    "give consent again"
)
"""Why a run skipped a decision of someone on the suppression list."""


class SuppressionRow(Base):
    """One keyed hash of an erased person's identifier."""

    __tablename__ = "suppressions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The keyed hash of the erased subject, shared by all of its identifiers: a
    # consent of that subject lifts them together.
    person: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _key(key: str | SecretStr | None) -> bytes:
    if isinstance(key, SecretStr):
        key = key.get_secret_value()
    return (key or DEFAULT_SUPPRESSION_KEY).encode()


def identifier_hashes(
    key: str | SecretStr | None, kind: str, values: Iterable[str]
) -> list[str]:
    """The keyed hash of each ``kind:value`` (customer, profile, email, phone)."""
    keyed = hmac.new(_key(key), digestmod=hashlib.sha256)
    found = []
    for value in values:
        h = keyed.copy()
        h.update(f"{kind}:{value}".encode())
        found.append(h.hexdigest())
    return found


def suppress(
    session: Session,
    key: str | SecretStr | None,
    identifiers: dict[str, Sequence[str]],
    *,
    person: tuple[str, str],
) -> int:
    """Add the hashes of ``identifiers`` (kind -> values); returns how many are new.

    ``person`` is the erased subject (``("customer", id)`` or ``("profile", key)``),
    whose consent lifts every identifier added here.
    """
    now = utc_now()
    [owner] = identifier_hashes(key, person[0], [person[1]])
    known = suppressed_hashes(session)
    added = 0
    for kind, values in sorted(identifiers.items()):
        for digest in identifier_hashes(key, kind, [v for v in values if v]):
            if digest in known:
                continue
            session.add(
                SuppressionRow(key_hash=digest, kind=kind, person=owner, created_at=now)
            )
            known.add(digest)
            added += 1
    session.flush()
    return added


def suppressed_hashes(session: Session) -> set[str]:
    """Every hash on the list (erasures are rare: the list stays small)."""
    return set(session.scalars(select(SuppressionRow.key_hash)))


def lift_suppression(
    session: Session, key: str | SecretStr | None, kind: str, value: str
) -> int:
    """Remove an erased subject's identifiers (the person consented again)."""
    [digest] = identifier_hashes(key, kind, [value])
    result: Any = session.execute(
        delete(SuppressionRow).where(
            or_(SuppressionRow.key_hash == digest, SuppressionRow.person == digest)
        )
    )
    return int(result.rowcount)


def is_suppressed_among(
    hashes: set[str], key: str | SecretStr | None, kind: str, values: Sequence[str]
) -> list[bool]:
    """For each value, whether its hash is in ``hashes``."""
    if not hashes:
        return [False] * len(values)
    return [d in hashes for d in identifier_hashes(key, kind, values)]


def without_suppressed(
    session: Session,
    decisions: list[LinkDecision],
    customers: Iterable[Customer] | None,
    email_salt: str | SecretStr | None,
    key: str | SecretStr | None,
) -> tuple[list[LinkDecision], dict[tuple[str, str, str, str], str]]:
    """Drop the decisions of erased people: nothing of them is stored again."""
    hashes = suppressed_hashes(session)
    if not hashes or not decisions:
        return decisions, {}
    ids = sorted({d.customer_id for d in decisions})
    erased = {
        i
        for i, hit in zip(
            ids, is_suppressed_among(hashes, key, "customer", ids), strict=True
        )
        if hit
    }
    needed = set(ids) - erased
    hasher = email_hasher(email_salt) if email_salt else None
    for c in customers or ():
        if c.customer_id not in needed:
            continue
        email = [hasher(c.email)] if hasher and c.email else []
        phone = [c.phone] if c.phone else []
        if any(is_suppressed_among(hashes, key, "email", email)) or any(
            is_suppressed_among(hashes, key, "phone", phone)
        ):
            erased.add(c.customer_id)
    profiles = [
        f"{d.profile_platform}:{d.profile_scope}:{d.profile_id}" for d in decisions
    ]
    hit_profiles = is_suppressed_among(hashes, key, "profile", profiles)
    kept: list[LinkDecision] = []
    dropped: dict[tuple[str, str, str, str], str] = {}
    for d, profile_hit in zip(decisions, hit_profiles, strict=True):
        if profile_hit or d.customer_id in erased:
            dropped[pair_key(d)] = SUPPRESSED_REASON
        else:
            kept.append(d)
    return kept, dropped

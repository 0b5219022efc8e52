"""Data-subject rights: access export, erasure, unlink, dispute (GDPR Art. 15-22).

* Access: one JSON-ready dict of everything held about a customer or a profile.
* Erasure: the person's rows, links, decisions, consent events and audit lines go;
  one tombstone line stays in the audit log (no personal data: at most a salted hash).
* Unlink ends a link for good; a dispute freezes it (no lookup returns it) until
  :func:`resolve_dispute`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from pydantic import BaseModel, SecretStr
from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import Subject
from identitylink.storage._audit import add_audit_entry, customer_key, profile_key
from identitylink.storage._consent_repo import erase_subject_events
from identitylink.storage._consent_state import history
from identitylink.storage._hashing import salted_hash
from identitylink.storage._interactions import (
    delete_interactions,
    export_interactions,
)
from identitylink.storage._links import StoredLink, change_status
from identitylink.storage._models import (
    AuditEntry,
    CustomerRow,
    DecisionRow,
    LinkRow,
    LinkRunRow,
    ProfileRow,
    utc_now,
)
from identitylink.storage._suppression import suppress
from identitylink.types import Platform

__all__ = [
    "ErasureReport",
    "dispute_link",
    "erase_customer",
    "erase_profile",
    "export_customer",
    "export_profile",
    "resolve_dispute",
    "unlink",
]


class ErasureReport(BaseModel, frozen=True, extra="forbid"):
    """What an erasure removed."""

    subject: str
    links: int
    decisions: int
    consent_events: int
    audit_entries: int
    profiles: int
    customers: int
    interactions: int = 0


# --- access -----------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _row_dict(row: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        c.key: _jsonable(getattr(row, c.key))
        for c in row.__table__.columns
        if c.key not in exclude
    }


def _links_export(session: Session, links: list[LinkRow]) -> list[dict[str, Any]]:
    out = []
    for link in links:
        item = _row_dict(link)
        decision = (
            session.get(DecisionRow, link.decision_id) if link.decision_id else None
        )
        if decision is not None:
            run = session.get(LinkRunRow, decision.run_id)
            item["decision"] = {
                **_row_dict(decision, exclude=("explanation",)),
                "explanation": json.loads(decision.explanation),
                "run": {
                    "spec_hash": run.spec_hash if run else None,
                    "inputs": run.inputs if run else None,
                    "started_at": _jsonable(run.started_at) if run else None,
                },
            }
        out.append(item)
    return out


def _consent_history(session: Session, subjects: list[Subject]) -> list[dict[str, Any]]:
    return [
        e.model_dump(mode="json")
        for subject in subjects
        for e in history(session, subject)
    ]


def _audit_export(
    session: Session, subject_type: str, key: str, link_ids: list[int]
) -> list[dict[str, Any]]:
    stmt = (
        select(AuditEntry)
        .where(_audit_filter(subject_type, key, link_ids))
        .order_by(AuditEntry.entry_id)
    )
    return [_row_dict(e) for e in session.scalars(stmt)]


def _audit_filter(subject_type: str, key: str, link_ids: list[int]) -> Any:
    return or_(
        (AuditEntry.subject_type == subject_type) & (AuditEntry.subject_key == key),
        (AuditEntry.subject_type == "link")
        & AuditEntry.subject_key.in_([str(i) for i in link_ids]),
    )


def export_customer(session: Session, customer_id: str) -> dict[str, Any]:
    """Everything held about a customer, as a JSON-ready dict (GDPR Art. 15).

    The customer's matched fields, every link (any status) with its decision, score,
    explanation and the run that produced it, the linked profiles' data, the other
    decisions naming the customer, the consent history of the customer and of the
    linked profiles, and the audit log lines about them. Empty lists if nothing is
    held.
    """
    customer = session.get(CustomerRow, customer_id)
    links = list(
        session.scalars(
            select(LinkRow)
            .where(LinkRow.customer_id == customer_id)
            .order_by(LinkRow.link_id)
        )
    )
    linked_ids = {link.decision_id for link in links}
    other_decisions = [
        _row_dict(d, exclude=("explanation",))
        for d in session.scalars(
            select(DecisionRow)
            .where(DecisionRow.customer_id == customer_id)
            .order_by(DecisionRow.decision_id)
        )
        if d.decision_id not in linked_ids
    ]
    profiles = [
        _row_dict(p)
        for p in (
            session.get(ProfileRow, (link.platform, link.scope, link.profile_id))
            for link in links
        )
        if p is not None
    ]
    subjects = [Subject.customer(customer_id)] + [
        Subject.profile(link.platform, link.profile_id, link.scope)  # type: ignore[arg-type]  # CHECK: a Platform
        for link in links
    ]
    return {
        "subject": {"type": "customer", "customer_id": customer_id},
        "exported_at": utc_now().isoformat(),
        "customer": _row_dict(customer) if customer is not None else None,
        "links": _links_export(session, links),
        "profiles": profiles,
        "other_decisions": other_decisions,
        "consent_history": _consent_history(session, subjects),
        "interactions": export_interactions(session, customer_id=customer_id),
        "audit_log": _audit_export(
            session,
            "customer",
            customer_key(customer_id),
            [link.link_id for link in links],
        ),
    }


def export_profile(
    session: Session, platform: Platform, profile_id: str, scope: str = "global"
) -> dict[str, Any]:
    """Everything held about a social profile, as a JSON-ready dict (GDPR Art. 15).

    The profile's source, fetch time and cached platform data, every link (any
    status) with its decision and explanation, the other decisions naming it, its
    consent history and the audit log lines about it and its links.
    """
    profile = session.get(ProfileRow, (platform, scope, profile_id))
    where = (
        (LinkRow.platform == platform)
        & (LinkRow.scope == scope)
        & (LinkRow.profile_id == profile_id)
    )
    links = list(
        session.scalars(select(LinkRow).where(where).order_by(LinkRow.link_id))
    )
    linked_ids = {link.decision_id for link in links}
    other_decisions = [
        _row_dict(d, exclude=("explanation",))
        for d in session.scalars(
            select(DecisionRow)
            .where(
                DecisionRow.platform == platform,
                DecisionRow.scope == scope,
                DecisionRow.profile_id == profile_id,
            )
            .order_by(DecisionRow.decision_id)
        )
        if d.decision_id not in linked_ids
    ]
    return {
        "subject": {
            "type": "profile",
            "platform": platform,
            "scope": scope,
            "profile_id": profile_id,
        },
        "exported_at": utc_now().isoformat(),
        "profile": _row_dict(profile) if profile is not None else None,
        "links": _links_export(session, links),
        "other_decisions": other_decisions,
        "consent_history": _consent_history(
            session, [Subject.profile(platform, profile_id, scope)]
        ),
        "interactions": export_interactions(
            session, profile=(platform, scope, profile_id)
        ),
        "audit_log": _audit_export(
            session,
            "profile",
            profile_key(platform, scope, profile_id),
            [link.link_id for link in links],
        ),
    }


# --- erasure ----------------------------------------------------------------------


def _count_delete(session: Session, stmt: Any) -> int:
    result = session.execute(stmt.execution_options(synchronize_session=False))
    return int(cast(CursorResult[Any], result).rowcount)


def _tombstone(
    session: Session,
    *,
    actor: str,
    subject_key: str,
    salt: str | SecretStr | None,
    reason: str | None,
    report: ErasureReport,
) -> None:
    add_audit_entry(
        session,
        actor=actor,
        action="erasure",
        subject_type="erased",
        subject_key=salted_hash(subject_key, salt) if salt is not None else "",
        details={
            "reason": reason,
            **report.model_dump(exclude={"subject"}),
        },
    )


def _erase_consent(session: Session, subject: Subject) -> int:
    return erase_subject_events(session, subject)


def erase_customer(
    session: Session,
    customer_id: str,
    *,
    actor: str,
    reason: str | None = None,
    salt: str | SecretStr | None = None,
    suppression_key: str | SecretStr | None = None,
) -> ErasureReport:
    """Erase a customer (GDPR Art. 17) and keep a tombstone in the audit log.

    The erasure sticks: keyed hashes (``suppression_key``, the settings'
    ``IDENTITYLINK_SUPPRESSION_KEY``) of the customer id, of the profiles erased with
    it, of its stored e-mail hash and of its phone go on the suppression list, and
    later runs skip the person until they give consent again.

    Deletes the customer's row, links, decisions, consent events and audit lines.
    Profiles the customer was linked to by an ``accepted`` link (the same person)
    and that no other customer is linked to are erased as well. The tombstone holds
    the time, the actor, the counts and, if ``salt`` is given, a salted hash of the
    customer id (to recognise the id if it is imported again); nothing else.
    """
    links = list(
        session.scalars(select(LinkRow).where(LinkRow.customer_id == customer_id))
    )
    same_person = {
        (link.platform, link.scope, link.profile_id)
        for link in links
        if link.status == "accepted"
    }
    link_ids = [link.link_id for link in links]
    stored = session.get(CustomerRow, customer_id)
    suppress(
        session,
        suppression_key,
        {
            "customer": [customer_id],
            "profile": [f"{p}:{sc}:{i}" for p, sc, i in sorted(same_person)],
            "email": [stored.email_hash] if stored and stored.email_hash else [],
            "phone": [stored.phone] if stored and stored.phone else [],
        },
        person=("customer", customer_id),
    )
    n_audit = _count_delete(
        session,
        delete(AuditEntry).where(
            _audit_filter("customer", customer_key(customer_id), link_ids)
        ),
    )
    n_links = _count_delete(
        session, delete(LinkRow).where(LinkRow.customer_id == customer_id)
    )
    n_decisions = _count_delete(
        session, delete(DecisionRow).where(DecisionRow.customer_id == customer_id)
    )
    n_consent = _erase_consent(session, Subject.customer(customer_id))
    n_interactions = delete_interactions(session, customer_id=customer_id)
    n_customers = _count_delete(
        session, delete(CustomerRow).where(CustomerRow.customer_id == customer_id)
    )
    n_profiles = 0
    for platform, scope, profile_id in sorted(same_person):
        still_linked = session.scalar(
            select(func.count())
            .select_from(LinkRow)
            .where(
                LinkRow.platform == platform,
                LinkRow.scope == scope,
                LinkRow.profile_id == profile_id,
            )
        )
        if not still_linked:
            sub = _erase_profile_rows(session, platform, scope, profile_id)
            n_profiles += sub.profiles
            n_decisions += sub.decisions
            n_consent += sub.consent_events
            n_audit += sub.audit_entries
            n_interactions += sub.interactions
    report = ErasureReport(
        subject=customer_key(customer_id),
        links=n_links,
        decisions=n_decisions,
        consent_events=n_consent,
        audit_entries=n_audit,
        profiles=n_profiles,
        customers=n_customers,
        interactions=n_interactions,
    )
    _tombstone(
        session,
        actor=actor,
        subject_key=customer_key(customer_id),
        salt=salt,
        reason=reason,
        report=report,
    )
    return report


def _erase_profile_rows(
    session: Session, platform: str, scope: str, profile_id: str
) -> ErasureReport:
    key = profile_key(platform, scope, profile_id)
    link_ids = list(
        session.scalars(
            select(LinkRow.link_id).where(
                LinkRow.platform == platform,
                LinkRow.scope == scope,
                LinkRow.profile_id == profile_id,
            )
        )
    )
    n_audit = _count_delete(
        session, delete(AuditEntry).where(_audit_filter("profile", key, link_ids))
    )
    n_links = _count_delete(
        session, delete(LinkRow).where(LinkRow.link_id.in_(link_ids))
    )
    n_decisions = _count_delete(
        session,
        delete(DecisionRow).where(
            DecisionRow.platform == platform,
            DecisionRow.scope == scope,
            DecisionRow.profile_id == profile_id,
        ),
    )
    n_consent = _erase_consent(
        session,
        Subject.profile(platform, profile_id, scope),  # type: ignore[arg-type]  # CHECK: a Platform
    )
    n_interactions = delete_interactions(
        session, profiles=[(platform, scope, profile_id)]
    )
    n_profiles = _count_delete(
        session,
        delete(ProfileRow).where(
            ProfileRow.platform == platform,
            ProfileRow.scope == scope,
            ProfileRow.profile_id == profile_id,
        ),
    )
    return ErasureReport(
        subject=key,
        links=n_links,
        decisions=n_decisions,
        consent_events=n_consent,
        audit_entries=n_audit,
        profiles=n_profiles,
        customers=0,
        interactions=n_interactions,
    )


def erase_profile(
    session: Session,
    platform: Platform,
    profile_id: str,
    scope: str = "global",
    *,
    actor: str,
    reason: str | None = None,
    salt: str | SecretStr | None = None,
    suppression_key: str | SecretStr | None = None,
) -> ErasureReport:
    """Erase a social profile (GDPR Art. 17; a platform's data-deletion callback).

    Its key goes on the suppression list (see :func:`erase_customer`).

    Deletes the profile's row and cached data, its links, decisions, consent events
    and audit lines, and keeps a tombstone as :func:`erase_customer` does. The CRM
    customers it was linked to stay.
    """
    report = _erase_profile_rows(session, platform, scope, profile_id)
    profile = f"{platform}:{scope}:{profile_id}"
    suppress(
        session, suppression_key, {"profile": [profile]}, person=("profile", profile)
    )
    _tombstone(
        session,
        actor=actor,
        subject_key=report.subject,
        salt=salt,
        reason=reason,
        report=report,
    )
    return report


# --- unlink and dispute -------------------------------------------------------------


def unlink(
    session: Session, link_id: int, *, actor: str, reason: str | None = None
) -> StoredLink:
    """End a link for good (status ``unlinked``): no lookup or rerun revives it."""
    return change_status(
        session,
        link_id,
        "unlinked",
        allowed_from=("proposed", "accepted", "rejected"),
        actor=actor,
        reason=reason,
        action="unlink",
    )


def dispute_link(
    session: Session, link_id: int, *, actor: str, reason: str | None = None
) -> StoredLink:
    """The person contests the link: it is frozen (``disputed``) until resolved."""
    return change_status(
        session,
        link_id,
        "disputed",
        allowed_from=("proposed", "accepted"),
        actor=actor,
        reason=reason,
        action="dispute",
    )


def resolve_dispute(
    session: Session,
    link_id: int,
    *,
    actor: str,
    upheld: bool,
    reason: str | None = None,
) -> StoredLink:
    """Close a dispute: ``upheld`` keeps the link (``accepted``), else ``unlinked``."""
    return change_status(
        session,
        link_id,
        "accepted" if upheld else "unlinked",
        allowed_from=("disputed",),
        actor=actor,
        reason=reason,
        action="resolve_dispute",
    )

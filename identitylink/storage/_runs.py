"""Persist a :class:`~identitylink.LinkResult` as one atomic run.

Everything a run writes goes through the caller's transaction: a run killed half-way
leaves nothing visible, and the run row flips to ``complete`` last. Rows go in with
bulk statements (``COPY`` for decisions on PostgreSQL), in a fixed key order so that
concurrent runs never deadlock, and with ``ON CONFLICT DO NOTHING`` so that a rerun
or a concurrent run on overlapping data adds no duplicate link.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import SecretStr
from sqlalchemy import Table, and_, case, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from identitylink._gc import gc_paused
from identitylink.exceptions import ConfigurationError
from identitylink.records import Customer, SocialProfile
from identitylink.results import Explanation, LinkResult
from identitylink.storage._audit import add_audit_entry
from identitylink.storage._base import Base
from identitylink.storage._bulk import copy_rows, upsert
from identitylink.storage._gate import pair_key, screen_run
from identitylink.storage._hashing import email_hasher
from identitylink.storage._models import (
    LEGAL_BASES,
    CustomerRow,
    DecisionRow,
    LinkRow,
    LinkRunRow,
    ProfileRow,
    utc_now,
)
from identitylink.storage._suppression import without_suppressed

if TYPE_CHECKING:
    from identitylink._consent_model.policy import LinkEvidence

__all__ = ["CONFLICT_REASON", "run_fingerprint", "save_run", "save_run_with_refusals"]

CONFLICT_REASON = (
    "conflict: the profile has an accepted link to another customer; "
    "review which one is true"
)
"""Reason stored on a link that a run proposed against an accepted one."""


LegalBasis = Literal[
    "opt_in_consent", "first_party_data", "public_data", "legitimate_interest"
]

_DECISION_COLUMNS = (
    "run_id",
    "platform",
    "scope",
    "profile_id",
    "customer_id",
    "match_weight",
    "probability",
    "band",
    "explanation",
    "policy_refusal",
)
_PROFILE_DATA_EXCLUDE = {
    "platform",
    "profile_id",
    "scope",
    "source",
    "fetched_at",
    "raw",
}


def run_fingerprint(spec_hash: str, inputs: dict[str, str]) -> str:
    """What identifies "the same run": the spec hash and the inputs, hashed."""
    text = json.dumps({"spec": spec_hash, "inputs": inputs}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def save_run(
    session: Session,
    result: LinkResult,
    *,
    inputs: dict[str, str],
    customers: Iterable[Customer] | None = None,
    profiles: Iterable[SocialProfile] | None = None,
    email_salt: str | SecretStr | None = None,
    legal_basis: LegalBasis = "first_party_data",
    evidence: LinkEvidence | None = None,
    suppression_key: str | SecretStr | None = None,
) -> str:
    """Store ``result`` as a new run and return its run id.

    ``inputs`` names what went in (``{"crm": "crm.csv", ...}``). ``customers`` and
    ``profiles`` are the records linked: when given, the matching fields of the
    customers (with a salted hash of the e-mail instead of the address, if
    ``email_salt`` is given) and the profiles' public data are stored too; either
    way every customer and profile a decision names gets a row. Links are created
    for the ``auto`` band (status ``accepted``, decided by ``auto``) and the
    ``review`` band (status ``proposed``); a link that exists already keeps its
    status, so a rerun never undoes a review, a withdrawal or an unlink.

    Every decision goes through the consent policy gate
    (:func:`identitylink.consent.screen_links`) with ``legal_basis`` and
    ``evidence`` (by default: CRM data the customers gave you, matched against the
    profiles' public fields, which X's policy allows without opt-in consent unless
    the person refused or withdrew). A refused decision is stored with its reason
    but gets no link, and is reported in the run's errors; the good ones are kept.
    A decision of an erased person (on the suppression list, keyed by
    ``suppression_key``) is skipped and nothing of it is stored; the run's counts say
    how many (``suppressed``).
    Never commits: the caller's :func:`~identitylink.storage.session_scope` makes
    the run atomic.
    """
    run_id, _ = save_run_with_refusals(
        session,
        result,
        inputs=inputs,
        customers=customers,
        profiles=profiles,
        email_salt=email_salt,
        legal_basis=legal_basis,
        evidence=evidence,
        suppression_key=suppression_key,
    )
    return run_id


def save_run_with_refusals(
    session: Session,
    result: LinkResult,
    *,
    inputs: dict[str, str],
    customers: Iterable[Customer] | None = None,
    profiles: Iterable[SocialProfile] | None = None,
    email_salt: str | SecretStr | None = None,
    legal_basis: LegalBasis = "first_party_data",
    evidence: LinkEvidence | None = None,
    suppression_key: str | SecretStr | None = None,
) -> tuple[str, dict[tuple[str, str, str, str], str]]:
    """:func:`save_run`, also returning the refusals (policy, suppression) by pair."""
    if legal_basis not in LEGAL_BASES:
        raise ConfigurationError(
            f"legal_basis {legal_basis!r} is not one of {', '.join(LEGAL_BASES)}"
        )
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"database backend {dialect!r} is not supported: use SQLite or PostgreSQL"
        )
    with gc_paused():
        return _save(
            session,
            result,
            dict(inputs),
            customers,
            profiles,
            email_salt,
            legal_basis,
            evidence,
            dialect,
            suppression_key,
        )


def _save(
    session: Session,
    result: LinkResult,
    inputs: dict[str, str],
    customers: Iterable[Customer] | None,
    profiles: Iterable[SocialProfile] | None,
    email_salt: str | SecretStr | None,
    legal_basis: str,
    evidence: LinkEvidence | None,
    dialect: str,
    suppression_key: str | SecretStr | None,
) -> tuple[str, dict[tuple[str, str, str, str], str]]:
    now = utc_now()
    run_id = uuid.uuid4().hex
    customers = None if customers is None else list(customers)
    session.execute(
        insert(LinkRunRow).values(
            run_id=run_id,
            spec_hash=result.spec_hash,
            inputs=dict(inputs),
            fingerprint=run_fingerprint(result.spec_hash, dict(inputs)),
            counts=dict(result.counts),
            timings=dict(result.timings),
            errors=[e.model_dump(mode="json") for e in result.errors],
            status="running",
            n_decisions=0,
            n_new_links=0,
            started_at=now,
        )
    )
    decisions = sorted(
        result.links,
        key=lambda d: (
            d.profile_platform,
            d.profile_scope,
            d.profile_id,
            d.customer_id,
        ),
    )
    decisions, suppressed = without_suppressed(
        session, decisions, customers, email_salt, suppression_key
    )
    refusals, evidence_json = screen_run(session, decisions, legal_basis, evidence)
    _save_customers(session, dialect, decisions, customers, email_salt)
    _save_profiles(session, dialect, decisions, profiles)
    decision_rows = [
        (
            run_id,
            d.profile_platform,
            d.profile_scope,
            d.profile_id,
            d.customer_id,
            d.match_weight,
            d.probability,
            d.band,
            _stored_explanation(d.explanation),
            refusals.get(pair_key(d)),
        )
        for d in decisions
    ]
    copy_rows(session, dialect, "decisions", _DECISION_COLUMNS, decision_rows)
    n_new_links = _create_links(
        session, dialect, run_id, legal_basis, evidence_json, now
    )
    add_audit_entry(
        session,
        actor="auto",
        action="run_saved",
        subject_type="run",
        subject_key=run_id,
        details={
            "decisions": len(decision_rows),
            "new_links": n_new_links,
            "refused_by_policy": len(refusals),
            "suppressed": len(suppressed),
        },
    )
    session.execute(
        update(LinkRunRow)
        .where(LinkRunRow.run_id == run_id)
        .values(
            status="complete",
            n_decisions=len(decision_rows),
            n_new_links=n_new_links,
            counts={
                **result.counts,
                "refused_by_policy": len(refusals),
                "suppressed": len(suppressed),
            },
            errors=[
                *(e.model_dump(mode="json") for e in result.errors),
                *(
                    {"source": "policy", "record_id": "/".join(k[:3]), "reason": why}
                    for k, why in sorted(refusals.items())
                ),
            ],
            finished_at=utc_now(),
        )
    )
    return run_id, {**refusals, **suppressed}


def _mask_email(value: str | None) -> str | None:
    if value is None or "@" not in value:
        return value
    local, _, domain = value.rpartition("@")
    return f"{local[:2]}***@{domain}"


def _stored_explanation(explanation: Explanation) -> str:
    """The explanation as JSON, e-mail addresses masked (``ro***@example.com``).

    The store keeps only a salted hash of e-mail addresses; explanations must not
    bring them back in clear. The domain and two letters stay for the reviewer.
    """
    text = explanation.model_dump_json()
    if "@" not in text:
        return text
    terms = tuple(
        t.model_copy(
            update={"left": _mask_email(t.left), "right": _mask_email(t.right)}
        )
        for t in explanation.terms
    )
    return explanation.model_copy(update={"terms": terms}).model_dump_json()


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _dialect_insert(dialect: str, table: Table) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


_CUSTOMER_COLUMNS = (
    "customer_id",
    "given_names",
    "family_names",
    "full_name",
    "email_hash",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "birth_date",
    "first_seen_at",
)
_PROFILE_COLUMNS = (
    "platform",
    "scope",
    "profile_id",
    "source",
    "fetched_at",
    "cached_data",
    "first_seen_at",
)


def _customer_row(
    c: Customer, hasher: Callable[[str], str] | None, now: datetime
) -> tuple[Any, ...]:
    return (
        c.customer_id,
        " ".join(c.given_names) or None,
        " ".join((*c.name_particles, *c.family_names)) or None,
        c.full_name,
        hasher(c.email) if c.email and hasher else None,
        c.phone,
        c.street,
        c.postcode,
        c.city,
        c.country,
        c.birth_date.isoformat() if c.birth_date else None,
        now,
    )


def _profile_row(p: SocialProfile, now: datetime) -> tuple[Any, ...]:
    data = p.model_dump(mode="json", exclude=_PROFILE_DATA_EXCLUDE, exclude_none=True)
    fetched = p.fetched_at
    if fetched is not None:  # naive times are taken as UTC, as the readers give them
        fetched = (
            fetched.replace(tzinfo=UTC)
            if fetched.tzinfo is None
            else fetched.astimezone(UTC)
        )
    return (p.platform, p.scope, p.profile_id, p.source, fetched, data, now)


def _save_customers(
    session: Session,
    dialect: str,
    decisions: Sequence[Any],
    customers: Iterable[Customer] | None,
    salt: str | SecretStr | None,
) -> None:
    table = _table(CustomerRow)
    now = utc_now()
    needed = {d.customer_id for d in decisions}
    # Data minimisation: only the customers some decision names are kept.
    given = {c.customer_id: c for c in customers or () if c.customer_id in needed}
    hasher = email_hasher(salt) if salt else None
    rows = [_customer_row(given[k], hasher, now) for k in sorted(given)]
    upsert(
        session,
        dialect,
        table,
        _CUSTOMER_COLUMNS,
        rows,
        keys=("customer_id",),
        update=_CUSTOMER_COLUMNS[1:-1],
    )
    needed -= given.keys()
    upsert(
        session,
        dialect,
        table,
        ("customer_id", "first_seen_at"),
        [(k, now) for k in sorted(needed)],
        keys=("customer_id",),
    )


def _save_profiles(
    session: Session,
    dialect: str,
    decisions: Sequence[Any],
    profiles: Iterable[SocialProfile] | None,
) -> None:
    table = _table(ProfileRow)
    now = utc_now()
    keys = ("platform", "scope", "profile_id")
    needed = {(d.profile_platform, d.profile_scope, d.profile_id) for d in decisions}
    # Data minimisation: only the profiles some decision names are kept.
    given = {p.key: p for p in profiles or () if p.key in needed}
    # Purged data stays purged: a rerun must not re-cache a withdrawn profile.
    upsert(
        session,
        dialect,
        table,
        _PROFILE_COLUMNS,
        [_profile_row(given[k], now) for k in sorted(given)],
        keys=keys,
        update=("source", "fetched_at", "cached_data"),
        only_if_null="purged_at",
    )
    needed -= given.keys()
    upsert(
        session,
        dialect,
        table,
        (*keys, "first_seen_at"),
        [(*k, now) for k in sorted(needed)],
        keys=keys,
    )


def _create_links(
    session: Session,
    dialect: str,
    run_id: str,
    legal_basis: str,
    evidence: dict[str, Any],
    now: Any,
) -> int:
    d = _table(DecisionRow).c
    held = aliased(LinkRow)
    # One truth per profile: an auto decision for a profile that already has an
    # accepted link to another customer goes to review as a conflict instead.
    conflict = (
        select(held.link_id)
        .where(
            held.platform == d.platform,
            held.scope == d.scope,
            held.profile_id == d.profile_id,
            held.customer_id != d.customer_id,
            held.status == "accepted",
        )
        .exists()
    )
    is_auto = and_(d.band == "auto", ~conflict)
    conflict_reason = case(
        (and_(d.band == "auto", conflict), literal(CONFLICT_REASON)), else_=None
    )
    source = (
        select(
            d.platform,
            d.scope,
            d.profile_id,
            d.customer_id,
            case((is_auto, literal("accepted")), else_=literal("proposed")),
            literal(legal_basis),
            literal(evidence, _table(LinkRow).c.evidence.type),
            d.decision_id,
            d.run_id,
            case((is_auto, literal("auto")), else_=None),
            case(
                (is_auto, literal(now, _table(LinkRow).c.decided_at.type)), else_=None
            ),
            literal(now, _table(LinkRow).c.created_at.type),
            literal(now, _table(LinkRow).c.updated_at.type),
            conflict_reason,
        )
        .where(
            d.run_id == run_id,
            d.band.in_(("auto", "review")),
            d.policy_refusal.is_(None),
        )
        .order_by(d.platform, d.scope, d.profile_id, d.customer_id)
    )
    stmt = (
        _dialect_insert(dialect, _table(LinkRow))
        .from_select(
            [
                "platform",
                "scope",
                "profile_id",
                "customer_id",
                "status",
                "legal_basis",
                "evidence",
                "decision_id",
                "run_id",
                "decided_by",
                "decided_at",
                "created_at",
                "updated_at",
                "reason",
            ],
            source,
        )
        .on_conflict_do_nothing(
            index_elements=["platform", "scope", "profile_id", "customer_id"]
        )
    )
    stmt = stmt.execution_options(preserve_rowcount=True)
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]  # CursorResult

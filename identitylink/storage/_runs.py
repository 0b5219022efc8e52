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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, cast

from pydantic import SecretStr
from sqlalchemy import Table, case, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from identitylink.exceptions import ConfigurationError
from identitylink.records import Customer, SocialProfile
from identitylink.results import LinkResult
from identitylink.storage._audit import add_audit_entry
from identitylink.storage._base import Base
from identitylink.storage._hashing import hash_email
from identitylink.storage._models import (
    LEGAL_BASES,
    CustomerRow,
    DecisionRow,
    LinkRow,
    LinkRunRow,
    ProfileRow,
    utc_now,
)

__all__ = ["run_fingerprint", "save_run"]

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
    legal_basis: LegalBasis = "public_data",
    batch_size: int = 10_000,
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
    ``legal_basis`` is what new links rest on. Never commits: the caller's
    :func:`~identitylink.storage.session_scope` makes the run atomic.
    """
    if legal_basis not in LEGAL_BASES:
        raise ConfigurationError(
            f"legal_basis {legal_basis!r} is not one of {', '.join(LEGAL_BASES)}"
        )
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"database backend {dialect!r} is not supported: use SQLite or PostgreSQL"
        )
    now = utc_now()
    run_id = uuid.uuid4().hex
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
    _save_customers(
        session, dialect, decisions, customers, email_salt, batch_size=batch_size
    )
    _save_profiles(session, dialect, decisions, profiles, batch_size=batch_size)
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
            d.explanation.model_dump_json(),
        )
        for d in decisions
    ]
    _save_decisions(session, dialect, decision_rows, batch_size=batch_size)
    n_new_links = _create_links(session, dialect, run_id, legal_basis, now)
    add_audit_entry(
        session,
        actor="auto",
        action="run_saved",
        subject_type="run",
        subject_key=run_id,
        details={"decisions": len(decision_rows), "new_links": n_new_links},
    )
    session.execute(
        update(LinkRunRow)
        .where(LinkRunRow.run_id == run_id)
        .values(
            status="complete",
            n_decisions=len(decision_rows),
            n_new_links=n_new_links,
            finished_at=utc_now(),
        )
    )
    return run_id


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _dialect_insert(dialect: str, table: Table) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _customer_row(c: Customer, salt: str | SecretStr | None) -> dict[str, Any]:
    return {
        "customer_id": c.customer_id,
        "given_names": " ".join(c.given_names) or None,
        "family_names": " ".join((*c.name_particles, *c.family_names)) or None,
        "full_name": c.full_name,
        "email_hash": hash_email(c.email, salt) if c.email and salt else None,
        "phone": c.phone,
        "street": c.street,
        "postcode": c.postcode,
        "city": c.city,
        "country": c.country,
        "birth_date": c.birth_date.isoformat() if c.birth_date else None,
    }


def _save_customers(
    session: Session,
    dialect: str,
    decisions: Sequence[Any],
    customers: Iterable[Customer] | None,
    salt: str | SecretStr | None,
    *,
    batch_size: int,
) -> None:
    table = _table(CustomerRow)
    now = utc_now()
    given = {c.customer_id: c for c in customers or ()}
    needed = {d.customer_id for d in decisions}
    if given:
        rows = [
            {**_customer_row(given[k], salt), "first_seen_at": now}
            for k in sorted(given)
        ]
        stmt = _dialect_insert(dialect, table)
        updatable = [c for c in rows[0] if c not in ("customer_id", "first_seen_at")]
        stmt = stmt.on_conflict_do_update(
            index_elements=["customer_id"],
            set_={c: stmt.excluded[c] for c in updatable},
        )
        for batch in _batches(rows, batch_size):
            session.execute(stmt, list(batch))
    bare = [
        {"customer_id": k, "first_seen_at": now} for k in sorted(needed - given.keys())
    ]
    stmt = _dialect_insert(dialect, table).on_conflict_do_nothing(
        index_elements=["customer_id"]
    )
    for batch in _batches(bare, batch_size):
        session.execute(stmt, list(batch))


def _save_profiles(
    session: Session,
    dialect: str,
    decisions: Sequence[Any],
    profiles: Iterable[SocialProfile] | None,
    *,
    batch_size: int,
) -> None:
    table = _table(ProfileRow)
    now = utc_now()
    keys = ["platform", "scope", "profile_id"]
    given = {p.key: p for p in profiles or ()}
    needed = {(d.profile_platform, d.profile_scope, d.profile_id) for d in decisions}
    if given:
        rows = [
            {
                "platform": p.platform,
                "scope": p.scope,
                "profile_id": p.profile_id,
                "source": p.source,
                "fetched_at": p.fetched_at,
                "cached_data": p.model_dump(
                    mode="json", exclude=_PROFILE_DATA_EXCLUDE, exclude_none=True
                ),
                "first_seen_at": now,
            }
            for p in (given[k] for k in sorted(given))
        ]
        stmt = _dialect_insert(dialect, table)
        # Purged data stays purged: a rerun must not re-cache a withdrawn profile.
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={c: stmt.excluded[c] for c in ("source", "fetched_at", "cached_data")},
            where=table.c.purged_at.is_(None),
        )
        for batch in _batches(rows, batch_size):
            session.execute(stmt, list(batch))
    bare = [
        {"platform": k[0], "scope": k[1], "profile_id": k[2], "first_seen_at": now}
        for k in sorted(needed - given.keys())
    ]
    stmt = _dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=keys)
    for batch in _batches(bare, batch_size):
        session.execute(stmt, list(batch))


def _save_decisions(
    session: Session, dialect: str, rows: Sequence[tuple[Any, ...]], *, batch_size: int
) -> None:
    if not rows:
        return
    if dialect == "postgresql":
        raw = session.connection().connection.driver_connection
        columns = ", ".join(_DECISION_COLUMNS)
        with (
            raw.cursor() as cursor,  # type: ignore[union-attr]  # psycopg connection
            cursor.copy(f"COPY decisions ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    stmt = insert(_table(DecisionRow))
    for batch in _batches(rows, batch_size):
        session.execute(
            stmt, [dict(zip(_DECISION_COLUMNS, r, strict=True)) for r in batch]
        )


def _create_links(
    session: Session, dialect: str, run_id: str, legal_basis: str, now: Any
) -> int:
    d = _table(DecisionRow).c
    is_auto = d.band == "auto"
    source = (
        select(
            d.platform,
            d.scope,
            d.profile_id,
            d.customer_id,
            case((is_auto, literal("accepted")), else_=literal("proposed")),
            literal(legal_basis),
            d.decision_id,
            d.run_id,
            case((is_auto, literal("auto")), else_=None),
            case(
                (is_auto, literal(now, _table(LinkRow).c.decided_at.type)), else_=None
            ),
            literal(now, _table(LinkRow).c.created_at.type),
            literal(now, _table(LinkRow).c.updated_at.type),
        )
        .where(d.run_id == run_id, d.band.in_(("auto", "review")))
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
                "decision_id",
                "run_id",
                "decided_by",
                "decided_at",
                "created_at",
                "updated_at",
            ],
            source,
        )
        .on_conflict_do_nothing(
            index_elements=["platform", "scope", "profile_id", "customer_id"]
        )
    )
    stmt = stmt.execution_options(preserve_rowcount=True)
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]  # CursorResult

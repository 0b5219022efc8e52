"""The consent policy gate over a run: which decisions may become links.

A linking run produces thousands of decisions resting on one legal basis and one kind
of evidence (the inputs it read). :func:`screen_links` reads the identity-linking
events of every person involved in a few queries, folds them per link and runs
:func:`~identitylink.consent.check_link` on each: allowed decisions go on to be
stored, refused ones are reported with the reason and skipped, never failing the good
ones. :func:`screen_run` feeds it a run about to be saved. The policy itself is the
pure consent model's; this module only reads the ledger in bulk for it (and
:mod:`identitylink.consent` re-exports :func:`screen_links`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import (
    ConsentEvent,
    Purpose,
    customer_subject_key,
    profile_subject_key,
)
from identitylink._consent_model.policy import (
    DataSource,
    LegalBasis,
    LinkEvidence,
    PolicyDecision,
    check_link,
)
from identitylink._consent_model.state import fold_events
from identitylink.exceptions import ConsentError
from identitylink.results import LinkDecision
from identitylink.storage._consent_models import ConsentEventRow
from identitylink.storage._consent_repo import list_events_by_key
from identitylink.storage._engine import core_rows
from identitylink.storage._models import utc_now

__all__ = [
    "DEFAULT_EVIDENCE",
    "RefusedLink",
    "Screening",
    "pair_key",
    "screen_links",
    "screen_run",
    "subjects_with_events",
]

_CHUNK = 5000  # keys per query: within SQLite's and PostgreSQL's parameter limits

DEFAULT_EVIDENCE = LinkEvidence(
    sources=frozenset({DataSource.FIRST_PARTY, DataSource.PUBLIC_PROFILE}),
    note="CRM data the customer gave, matched against public profile fields",
)
"""What a run rests on when its caller does not say: CRM data and public profiles."""


@dataclass(frozen=True)
class RefusedLink:
    """A decision the gate refused, and why (the error names profile and basis)."""

    decision: LinkDecision
    error: ConsentError


@dataclass(frozen=True)
class Screening:
    """The outcome of :func:`screen_links`: what may be stored, and what may not."""

    allowed: tuple[LinkDecision, ...]
    refused: tuple[RefusedLink, ...]
    decisions: tuple[PolicyDecision, ...]
    """The gate's answer for each allowed decision, in the same order."""


def _sides(decision: LinkDecision) -> tuple[str, str]:
    return (
        customer_subject_key(decision.customer_id),
        profile_subject_key(
            decision.profile_platform, decision.profile_scope, decision.profile_id
        ),
    )


def _events_by_subject(
    session: Session, keys: Sequence[str]
) -> dict[str, list[ConsentEvent]]:
    found: dict[str, list[ConsentEvent]] = defaultdict(list)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for event in list_events_by_key(session, chunk, Purpose.IDENTITY_LINKING):
            found[event.subject.key].append(event)
    return found


_WITH_EVENTS = (
    select(ConsentEventRow.__table__.c.subject_key)
    .where(
        ConsentEventRow.__table__.c.purpose == Purpose.IDENTITY_LINKING.value,
        ConsentEventRow.__table__.c.subject_key.in_(bindparam("keys", expanding=True)),
    )
    .distinct()
)


def subjects_with_events(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` have an identity-linking consent event (the others share
    the "unknown" state); only those keys are read, never the whole ledger. One
    Core statement, built once (a run and each identify call read through it)."""
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        rows = core_rows(
            session, _WITH_EVENTS, {"keys": list(keys[start : start + _CHUNK])}
        )
        found.update(row.subject_key for row in rows)
    return found


def screen_links(
    session: Session,
    decisions: Iterable[LinkDecision],
    *,
    legal_basis: LegalBasis,
    evidence: LinkEvidence,
    now: datetime | None = None,
) -> Screening:
    """Run the policy gate on every decision of a run, reading consent in bulk.

    ``legal_basis`` and ``evidence`` describe the run (for example ``public_data``
    and ``{public_profile}`` when the CRM was matched on public profile fields only).
    Each decision is checked against the identity-linking consent of its customer
    and its profile at ``now``.
    """
    when = datetime.now(UTC) if now is None else now.astimezone(UTC)
    items = list(decisions)
    events = _events_by_subject(session, sorted({k for d in items for k in _sides(d)}))
    unknown = fold_events((), Purpose.IDENTITY_LINKING, when)
    allowed: list[LinkDecision] = []
    answers: list[PolicyDecision] = []
    refused: list[RefusedLink] = []
    for decision in items:
        customer, profile = _sides(decision)
        mine = events.get(customer, []) + events.get(profile, [])
        state = fold_events(mine, Purpose.IDENTITY_LINKING, when) if mine else unknown
        try:
            answer = check_link(
                decision.profile_platform,
                legal_basis,
                evidence,
                state,
                profile_id=decision.profile_id,
                customer_id=decision.customer_id,
            )
        except ConsentError as error:
            refused.append(RefusedLink(decision=decision, error=error))
            continue
        allowed.append(decision)
        answers.append(answer)
    return Screening(
        allowed=tuple(allowed), refused=tuple(refused), decisions=tuple(answers)
    )


def pair_key(d: LinkDecision) -> tuple[str, str, str, str]:
    return (d.profile_platform, d.profile_scope, d.profile_id, d.customer_id)


def screen_run(
    session: Session,
    decisions: Sequence[LinkDecision],
    legal_basis: str,
    evidence: LinkEvidence | None,
) -> tuple[dict[tuple[str, str, str, str], str], dict[str, Any]]:
    """Run the policy gate: the refused pairs with their reasons, and the evidence.

    Pairs where neither side has an identity-linking consent event share one
    consent state ("unknown"): the gate is asked once per platform for them, and
    pair by pair only if it refuses (so that each refusal names its pair). The
    others go through :func:`screen_links`.
    """
    if evidence is None:
        evidence = DEFAULT_EVIDENCE
    basis = LegalBasis(legal_basis)
    candidates = [d for d in decisions if d.band != "reject"]
    with_events = subjects_with_events(
        session, sorted({k for d in candidates for k in _sides(d)})
    )
    known = [
        d
        for d in candidates
        if customer_subject_key(d.customer_id) in with_events
        or profile_subject_key(d.profile_platform, d.profile_scope, d.profile_id)
        in with_events
    ]
    screening = screen_links(session, known, legal_basis=basis, evidence=evidence)
    refusals = {pair_key(r.decision): str(r.error) for r in screening.refused}
    unknown = fold_events((), Purpose.IDENTITY_LINKING, utc_now())
    known_pairs = {pair_key(d) for d in known}
    allowed_platforms: dict[str, bool] = {}
    for d in candidates:
        if pair_key(d) in known_pairs:
            continue
        if allowed_platforms.get(d.profile_platform) is True:
            continue
        try:
            check_link(
                d.profile_platform,
                basis,
                evidence,
                unknown,
                profile_id=d.profile_id,
                customer_id=d.customer_id,
            )
            allowed_platforms[d.profile_platform] = True
        except ConsentError as error:
            refusals[pair_key(d)] = str(error)
    return refusals, evidence.model_dump(mode="json")

"""The policy gate over a whole run: which decisions may become links.

A linking run produces thousands of decisions resting on one legal basis and one kind
of evidence (the inputs it read). :func:`screen_links` reads the identity-linking
events of every person involved in a few queries, folds them per link and runs
:func:`check_link` on each: allowed decisions go on to be stored, refused ones are
reported with the reason and skipped, never failing the good ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from identitylink.consent._events import (
    ConsentEvent,
    Purpose,
    customer_subject_key,
    profile_subject_key,
)
from identitylink.consent._policy import (
    LegalBasis,
    LinkEvidence,
    PolicyDecision,
    check_link,
)
from identitylink.consent._state import fold_events
from identitylink.exceptions import ConsentError
from identitylink.results import LinkDecision
from identitylink.storage._consent_repo import list_events_by_key

__all__ = ["RefusedLink", "Screening", "screen_links"]

_CHUNK = 5000  # keys per query: within SQLite's and PostgreSQL's parameter limits


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

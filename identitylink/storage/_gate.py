"""The consent policy gate over a run about to be saved.

Which decisions of a run may become links, given the run's legal basis and evidence
and the identity-linking consent of each person. The consent package decides; this
module only feeds it the run in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from identitylink.results import LinkDecision
from identitylink.storage._models import utc_now

if TYPE_CHECKING:
    from identitylink.consent import LinkEvidence

__all__ = ["pair_key", "screen_run"]


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
    others go through :func:`~identitylink.consent.screen_links`.
    """
    # Imported here: the consent package builds on the store's modules.
    from identitylink.consent._events import (
        Purpose,
        customer_subject_key,
        profile_subject_key,
    )
    from identitylink.consent._policy import DataSource, check_link
    from identitylink.consent._policy import LegalBasis as Basis
    from identitylink.consent._policy import LinkEvidence as Evidence
    from identitylink.consent._screening import screen_links
    from identitylink.consent._state import fold_events
    from identitylink.exceptions import ConsentError
    from identitylink.storage._consent_models import ConsentEventRow

    if evidence is None:
        evidence = Evidence(
            sources=frozenset({DataSource.FIRST_PARTY, DataSource.PUBLIC_PROFILE}),
            note="CRM data the customer gave, matched against public profile fields",
        )
    basis = Basis(legal_basis)
    with_events = set(
        session.scalars(
            select(ConsentEventRow.subject_key)
            .where(ConsentEventRow.purpose == Purpose.IDENTITY_LINKING.value)
            .distinct()
        )
    )
    candidates = [d for d in decisions if d.band != "reject"]
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

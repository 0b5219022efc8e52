"""The policy gate over a run: refused decisions are reported and skipped."""

from __future__ import annotations

import time
from datetime import timedelta

from conftest import T0
from sqlalchemy.orm import Session

from identitylink import (
    ComparisonTerm,
    ConsentMissingError,
    Explanation,
    LinkDecision,
    PolicyViolationError,
)
from identitylink.consent import (
    DataSource,
    LegalBasis,
    LinkEvidence,
    Method,
    Purpose,
    Subject,
    grant,
    screen_links,
    withdraw,
)

LINKING = Purpose.IDENTITY_LINKING
PUBLIC_ONLY = LinkEvidence(sources=frozenset({DataSource.PUBLIC_PROFILE}))
BOUGHT = LinkEvidence(sources=frozenset({DataSource.THIRD_PARTY}))
EXPLANATION = Explanation(
    prior_weight=-10.0,
    terms=(ComparisonTerm(comparison="name", level="exact", weight=12.0),),
    match_weight=2.0,
    probability=0.8,
)


def _decision(profile_id: str, customer_id: str) -> LinkDecision:
    return LinkDecision(
        profile_platform="twitter",
        profile_id=profile_id,
        customer_id=customer_id,
        match_weight=2.0,
        probability=0.8,
        band="auto",
        explanation=EXPLANATION,
    )


def test_objections_are_refused_and_the_rest_allowed(session: Session) -> None:
    withdraw(session, Subject.profile("twitter", "2"), LINKING,
             actor="data_subject", method=Method.DM_KEYWORD, at=T0)  # fmt: skip
    decisions = [_decision("1", "C1"), _decision("2", "C2"), _decision("3", "C3")]

    screening = screen_links(
        session, decisions, legal_basis=LegalBasis.PUBLIC_DATA,
        evidence=PUBLIC_ONLY, now=T0 + timedelta(days=1),
    )  # fmt: skip

    assert screening.allowed == (decisions[0], decisions[2])
    assert all(d.public_data_only for d in screening.decisions)
    assert [r.decision for r in screening.refused] == [decisions[1]]
    error = screening.refused[0].error
    assert isinstance(error, PolicyViolationError)
    assert "'2'" in str(error)
    assert "'C2'" in str(error)


def test_third_party_data_needs_each_persons_consent(session: Session) -> None:
    grant(session, Subject.customer("C1"), LINKING, actor="data_subject",
          method=Method.WEB_FORM, notice_version="v1", at=T0)  # fmt: skip
    decisions = [_decision("1", "C1"), _decision("2", "C2")]

    screening = screen_links(
        session, decisions, legal_basis=LegalBasis.OPT_IN_CONSENT,
        evidence=BOUGHT, now=T0 + timedelta(days=1),
    )  # fmt: skip

    assert screening.allowed == (decisions[0],)
    assert screening.decisions[0].consent_event_id is not None
    assert isinstance(screening.refused[0].error, ConsentMissingError)


def test_a_large_run_is_screened_in_bulk(session: Session) -> None:
    for i in range(0, 1000, 10):
        grant(session, Subject.customer(f"C{i}"), LINKING, actor="data_subject",
              method=Method.WEB_FORM, notice_version="v1", at=T0)  # fmt: skip
    decisions = [_decision(str(i), f"C{i}") for i in range(10_000)]

    started = time.perf_counter()
    screening = screen_links(
        session, decisions, legal_basis=LegalBasis.OPT_IN_CONSENT,
        evidence=BOUGHT, now=T0 + timedelta(days=1),
    )  # fmt: skip
    elapsed = time.perf_counter() - started

    assert len(screening.allowed) == 100
    assert len(screening.refused) == 9_900
    assert elapsed < 60  # generous: the machine is shared

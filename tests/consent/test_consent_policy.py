"""The policy gate: X's off-platform matching rule, case by case, and lookups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import T0

from identitylink import (
    ConfigurationError,
    ConsentError,
    ConsentMissingError,
    ConsentWithdrawnError,
    PolicyViolationError,
)
from identitylink.consent import (
    ConsentEvent,
    ConsentState,
    ConsentStatus,
    DataSource,
    LegalBasis,
    LinkEvidence,
    Method,
    Purpose,
    Subject,
    check_link,
    fold_events,
    link_usable,
)

PERSON = Subject.profile("twitter", "1234")
NOW = T0 + timedelta(days=100)

FP = DataSource.FIRST_PARTY
PUB = DataSource.PUBLIC_PROFILE
PRIV = DataSource.PLATFORM_PRIVATE
THIRD = DataSource.THIRD_PARTY

CONSENT = LegalBasis.OPT_IN_CONSENT
FIRST = LegalBasis.FIRST_PARTY_DATA
PUBLIC = LegalBasis.PUBLIC_DATA
LI = LegalBasis.LEGITIMATE_INTEREST


def _event(
    status: ConsentStatus,
    days: float,
    purpose: Purpose = Purpose.IDENTITY_LINKING,
    valid_days: float | None = None,
) -> ConsentEvent:
    return ConsentEvent(
        subject=PERSON,
        purpose=purpose,
        status=status,
        at=T0 + timedelta(days=days),
        actor="data_subject",
        method=Method.DM_KEYWORD,
        notice_version="v2" if status.gives_consent else None,
        valid_for=None if valid_days is None else timedelta(days=valid_days),
    )


def _state(kind: str, purpose: Purpose = Purpose.IDENTITY_LINKING) -> ConsentState:
    events = {
        "none": [],
        "given": [_event(ConsentStatus.GIVEN, 0, purpose)],
        "expired": [_event(ConsentStatus.GIVEN, 0, purpose, valid_days=30)],
        "withdrawn": [
            _event(ConsentStatus.GIVEN, 0, purpose),
            _event(ConsentStatus.WITHDRAWN, 50, purpose),
        ],
        "refused": [_event(ConsentStatus.REFUSED, 0, purpose)],
        "revoked": [
            _event(ConsentStatus.GIVEN, 0, purpose),
            _event(ConsentStatus.REVOKED, 50, purpose),
        ],
        "pending": [_event(ConsentStatus.REQUESTED, 0, purpose)],
    }[kind]
    return fold_events(events, purpose, NOW)


# platform, basis, evidence sources, consent, expected: None (allowed) or the error.
GATE_CASES: list[
    tuple[str, LegalBasis, set[DataSource], str, type[Exception] | None]
] = [
    # X: express opt-in consent covers any data, but it must be valid now.
    ("twitter", CONSENT, {THIRD}, "given", None),
    ("twitter", CONSENT, {PUB, FP, PRIV}, "given", None),
    ("twitter", CONSENT, {PUB}, "none", ConsentMissingError),
    ("twitter", CONSENT, {PUB}, "pending", ConsentMissingError),
    ("twitter", CONSENT, {PUB}, "refused", ConsentMissingError),
    ("twitter", CONSENT, {PUB}, "expired", ConsentWithdrawnError),
    ("twitter", CONSENT, {PUB}, "withdrawn", ConsentWithdrawnError),
    ("twitter", CONSENT, {PUB}, "revoked", ConsentWithdrawnError),
    # X without consent: data the person gave you, and public profile data, only.
    ("twitter", FIRST, {FP}, "none", None),
    ("twitter", FIRST, {FP, PUB}, "none", None),
    ("twitter", PUBLIC, {PUB}, "none", None),
    ("twitter", LI, {FP, PUB}, "none", None),
    ("twitter", FIRST, {FP, THIRD}, "none", ConsentMissingError),
    ("twitter", FIRST, {FP, PRIV}, "none", ConsentMissingError),
    ("twitter", PUBLIC, {PUB, THIRD}, "expired", ConsentMissingError),
    ("twitter", LI, {THIRD}, "none", ConsentMissingError),
    ("twitter", LI, {PRIV}, "pending", ConsentMissingError),
    # ... consent exists but the basis claimed does not cover the data: fix the basis.
    ("twitter", FIRST, {THIRD}, "given", PolicyViolationError),
    # ... a public-data basis cannot carry first-party data.
    ("twitter", PUBLIC, {PUB, FP}, "none", PolicyViolationError),
    # ... a person who refused or withdrew is not linked on other grounds.
    ("twitter", PUBLIC, {PUB}, "refused", PolicyViolationError),
    ("twitter", FIRST, {FP}, "withdrawn", PolicyViolationError),
    ("twitter", LI, {PUB}, "withdrawn", PolicyViolationError),
    # ... but a controller's revocation or a lapse is no objection.
    ("twitter", PUBLIC, {PUB}, "revoked", None),
    ("twitter", FIRST, {FP}, "expired", None),
    # Facebook: data from Facebook Login with granted permissions counts as given.
    ("facebook", FIRST, {FP, PRIV}, "none", None),
    ("facebook", LI, {PUB, PRIV}, "none", None),
    ("facebook", PUBLIC, {PUB}, "none", None),
    ("facebook", FIRST, {THIRD}, "none", ConsentMissingError),
    ("facebook", CONSENT, {THIRD}, "given", None),
    ("facebook", CONSENT, {FP}, "withdrawn", ConsentWithdrawnError),
    ("facebook", PUBLIC, {PRIV}, "none", PolicyViolationError),
]


@pytest.mark.parametrize(
    ("platform", "basis", "sources", "consent", "expected"),
    GATE_CASES,
    ids=[
        f"{p}-{b.value}-{'+'.join(sorted(s))}-{c}-{e.__name__ if e else 'allowed'}"
        for p, b, s, c, e in GATE_CASES
    ],
)
def test_policy_gate_case_by_case(
    platform: str,
    basis: LegalBasis,
    sources: set[DataSource],
    consent: str,
    expected: type[Exception] | None,
) -> None:
    evidence = LinkEvidence(sources=frozenset(sources), fields=("display_name",))
    state = _state(consent)
    if expected is None:
        decision = check_link(platform, basis, evidence, state)  # type: ignore[arg-type]
        assert basis == decision.legal_basis
        assert (basis is CONSENT) == decision.requires_consent
    else:
        with pytest.raises(expected) as info:
            check_link(platform, basis, evidence, state, profile_id="1234")  # type: ignore[arg-type]
        assert type(info.value) is expected


def test_refusal_message_names_profile_purpose_and_basis() -> None:
    evidence = LinkEvidence(sources=frozenset({FP, THIRD}))

    with pytest.raises(ConsentMissingError) as info:
        check_link(
            "twitter",
            FIRST,
            evidence,
            _state("none"),
            profile_id="1234",
            customer_id="C9",
        )

    message = str(info.value)
    for part in (
        "'1234'",
        "'C9'",
        "identity_linking",
        "first_party_data",
        "third_party",
    ):
        assert part in message
    assert "express opt-in consent" in message


def test_a_link_on_public_data_says_so() -> None:
    decision = check_link(
        "twitter", PUBLIC, LinkEvidence(sources=frozenset({PUB})), _state("none")
    )

    assert decision.public_data_only
    assert "public profile data only" in decision.summary()


def test_a_consent_link_names_its_consent_event() -> None:
    state = _state("given")

    decision = check_link(
        "twitter", CONSENT, LinkEvidence(sources=frozenset({PUB})), state
    )

    assert state.event is not None
    assert state.event.event_id == decision.consent_event_id


def test_gate_needs_the_identity_linking_state() -> None:
    with pytest.raises(ConfigurationError, match="identity_linking"):
        check_link(
            "twitter",
            PUBLIC,
            LinkEvidence(sources=frozenset({PUB})),
            _state("given", Purpose.CUSTOMER_CARE),
        )


def test_evidence_must_name_a_source() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LinkEvidence(sources=frozenset())


def test_every_refusal_is_a_consent_error() -> None:
    assert all(issubclass(e, ConsentError) for *_, e in GATE_CASES if e is not None)


# link status, basis, consent, usable?
USABLE_CASES: list[tuple[str, LegalBasis, str, bool]] = [
    ("accepted", CONSENT, "given", True),
    ("accepted", CONSENT, "expired", False),
    ("accepted", CONSENT, "withdrawn", False),
    ("accepted", CONSENT, "revoked", False),
    ("accepted", CONSENT, "none", False),
    ("accepted", PUBLIC, "none", True),
    ("accepted", PUBLIC, "expired", True),
    ("accepted", PUBLIC, "withdrawn", False),
    ("accepted", FIRST, "refused", False),
    ("accepted", LI, "revoked", True),
    ("disputed", CONSENT, "given", False),
    ("disputed", PUBLIC, "none", False),
    ("withdrawn", PUBLIC, "given", False),
    ("unlinked", CONSENT, "given", False),
    ("rejected", CONSENT, "given", False),
    ("proposed", CONSENT, "given", False),
    ("some_future_status", PUBLIC, "given", False),
]


@pytest.mark.parametrize(("status", "basis", "consent", "usable"), USABLE_CASES)
def test_link_usable_case_by_case(
    status: str, basis: LegalBasis, consent: str, usable: bool
) -> None:
    assert usable == link_usable(status, basis, _state(consent), NOW)


def test_an_unknown_basis_is_not_usable() -> None:
    assert not link_usable("accepted", "gut_feeling", _state("given"), NOW)


def test_link_usable_rechecks_expiry_at_lookup_time() -> None:
    events = [_event(ConsentStatus.GIVEN, 0, valid_days=200)]
    state = fold_events(events, Purpose.IDENTITY_LINKING, NOW)

    assert link_usable("accepted", CONSENT, state, NOW)
    assert not link_usable("accepted", CONSENT, state, T0 + timedelta(days=200))


@pytest.mark.parametrize(
    ("purpose", "consent", "usable"),
    [
        (Purpose.PERSONALISED_MARKETING, "given", True),
        (Purpose.PERSONALISED_MARKETING, "none", False),
        (Purpose.PERSONALISED_MARKETING, "expired", False),
        (Purpose.CUSTOMER_CARE, "none", True),
        (Purpose.CUSTOMER_CARE, "withdrawn", False),
    ],
)
def test_purpose_of_the_lookup_is_checked_too(
    purpose: Purpose, consent: str, usable: bool
) -> None:
    purpose_state = _state(consent, purpose)

    assert usable == link_usable(
        "accepted", PUBLIC, _state("none"), NOW, purpose_state=purpose_state
    )

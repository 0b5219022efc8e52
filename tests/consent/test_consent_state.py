"""Folding events into the state of a purpose (pure; no database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import T0

from identitylink.consent import (
    ConsentEvent,
    ConsentStateName,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
    fold_events,
)

ALICE = Subject.customer("C1")
LINKING = Purpose.IDENTITY_LINKING


def ev(
    status: ConsentStatus,
    days: float,
    *,
    valid_days: float | None = None,
    purpose: Purpose = LINKING,
    subject: Subject = ALICE,
) -> ConsentEvent:
    return ConsentEvent(
        subject=subject,
        purpose=purpose,
        status=status,
        at=T0 + timedelta(days=days),
        actor="data_subject",
        method=Method.WEB_FORM,
        notice_version="v1" if status.gives_consent else None,
        valid_for=None if valid_days is None else timedelta(days=valid_days),
    )


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_no_events_means_unknown_and_not_valid() -> None:
    state = fold_events([], LINKING, at(0))

    assert state.status == ConsentStateName.UNKNOWN
    assert not state.is_valid()
    assert state.event is None


def test_given_consent_is_valid_until_withdrawn() -> None:
    given = ev(ConsentStatus.GIVEN, 0)
    withdrawn = ev(ConsentStatus.WITHDRAWN, 10)

    assert fold_events([given, withdrawn], LINKING, at(5)).is_valid()
    state = fold_events([given, withdrawn], LINKING, at(10))
    assert state.status == ConsentStateName.WITHDRAWN
    assert state.objected
    assert withdrawn == state.event


def test_consent_expires_after_its_validity() -> None:
    events = [ev(ConsentStatus.GIVEN, 0, valid_days=30)]

    assert fold_events(events, LINKING, at(29.9)).is_valid()
    expired = fold_events(events, LINKING, at(30))
    assert expired.status == ConsentStateName.EXPIRED
    assert at(30) == expired.since
    assert not expired.is_valid()


def test_a_valid_state_checked_later_is_no_longer_valid() -> None:
    state = fold_events([ev(ConsentStatus.GIVEN, 0, valid_days=30)], LINKING, at(1))

    assert state.is_valid()
    assert not state.is_valid(at(31))


def test_renewal_extends_validity() -> None:
    events = [
        ev(ConsentStatus.GIVEN, 0, valid_days=30),
        ev(ConsentStatus.RENEWED, 25, valid_days=30),
    ]

    assert fold_events(events, LINKING, at(50)).is_valid()
    assert not fold_events(events, LINKING, at(55)).is_valid()


def test_a_request_does_not_cancel_valid_consent() -> None:
    events = [
        ev(ConsentStatus.GIVEN, 0, valid_days=30),
        ev(ConsentStatus.REQUESTED, 20),
        ev(ConsentStatus.REQUEST_DEFERRED, 21),
    ]

    assert fold_events(events, LINKING, at(22)).status == ConsentStateName.GIVEN


def test_a_request_after_expiry_makes_it_pending() -> None:
    events = [
        ev(ConsentStatus.GIVEN, 0, valid_days=30),
        ev(ConsentStatus.REQUESTED, 40),
    ]

    assert fold_events(events, LINKING, at(41)).status == ConsentStateName.PENDING


def test_an_objection_survives_revocation_until_consent_is_given_again() -> None:
    events = [
        ev(ConsentStatus.GIVEN, 0),
        ev(ConsentStatus.WITHDRAWN, 1),
        ev(ConsentStatus.REVOKED, 2),
    ]

    revoked = fold_events(events, LINKING, at(3))
    assert revoked.status == ConsentStateName.REVOKED
    assert revoked.objected

    regiven = fold_events([*events, ev(ConsentStatus.GIVEN, 4)], LINKING, at(5))
    assert regiven.is_valid()
    assert not regiven.objected


def test_refusal_is_an_objection() -> None:
    state = fold_events([ev(ConsentStatus.REFUSED, 0)], LINKING, at(1))

    assert state.status == ConsentStateName.REFUSED
    assert state.objected


def test_future_events_and_other_purposes_are_ignored() -> None:
    events = [
        ev(ConsentStatus.GIVEN, 0),
        ev(ConsentStatus.WITHDRAWN, 0, purpose=Purpose.PERSONALISED_MARKETING),
        ev(ConsentStatus.WITHDRAWN, 10),
    ]

    assert fold_events(events, LINKING, at(5)).is_valid()


def test_events_at_the_same_instant_apply_in_the_order_given() -> None:
    given, withdrawn = ev(ConsentStatus.GIVEN, 0), ev(ConsentStatus.WITHDRAWN, 0)

    assert not fold_events([given, withdrawn], LINKING, at(0)).is_valid()
    assert fold_events([withdrawn, given], LINKING, at(0)).is_valid()


def test_events_of_a_customer_and_a_profile_fold_in_time_order() -> None:
    profile = Subject.profile("twitter", "99")
    events = [
        ev(ConsentStatus.WITHDRAWN, 3, subject=profile),
        ev(ConsentStatus.GIVEN, 1),
    ]

    state = fold_events(events, LINKING, at(4))
    assert state.status == ConsentStateName.WITHDRAWN
    assert (ALICE.key, profile.key) == state.subjects


def test_history_is_not_modified_by_folding() -> None:
    events = [ev(ConsentStatus.WITHDRAWN, 2), ev(ConsentStatus.GIVEN, 1)]
    before = list(events)

    fold_events(events, LINKING, at(3))

    assert before == events

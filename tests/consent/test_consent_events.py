"""Consent events and subjects: validation at the boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import T0
from pydantic import ValidationError

from identitylink.consent import ConsentEvent, ConsentStatus, Method, Purpose, Subject


def _event(**changes: object) -> ConsentEvent:
    data: dict[str, object] = {
        "subject": Subject.customer("C1"),
        "purpose": Purpose.IDENTITY_LINKING,
        "status": ConsentStatus.GIVEN,
        "at": T0,
        "actor": "data_subject",
        "method": Method.WEB_FORM,
        "notice_version": "v3",
    }
    data.update(changes)
    return ConsentEvent.model_validate(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("customer:C-001", Subject.customer("C-001")),
        ("customer:a:b", Subject.customer("a:b")),
        ("profile:twitter:123", Subject.profile("twitter", "123")),
        ("profile:twitter:global:123", Subject.profile("twitter", "123")),
        ("profile:facebook:app:42:987", Subject.profile("facebook", "987", "app:42")),
    ],
)
def test_subject_parse_reads_every_form(text: str, expected: Subject) -> None:
    assert expected == Subject.parse(text)
    assert expected == Subject.parse(expected.key)


@pytest.mark.parametrize(
    "text", ["", "customer:", "profile:myspace:1", "profile:twitter", "C1"]
)
def test_subject_parse_refuses_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="customer:<id>"):
        Subject.parse(text)


def test_subject_iri_is_a_urn_with_reserved_characters_escaped() -> None:
    assert Subject.customer("Jane Doe").iri == "urn:identitylink:customer:Jane%20Doe"


def test_profile_subject_needs_platform_and_scope() -> None:
    with pytest.raises(ValidationError, match="platform and a scope"):
        Subject(kind="profile", id="1")


def test_event_time_is_normalised_to_utc() -> None:
    paris = timezone(timedelta(hours=1))
    event = _event(at=datetime(2026, 1, 1, 13, 0, tzinfo=paris))

    assert event.at == T0
    assert event.at.tzinfo == UTC


def test_naive_event_time_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        _event(at=datetime(2026, 1, 1, 12, 0))


def test_given_consent_needs_the_notice_version() -> None:
    with pytest.raises(ValidationError, match="notice_version"):
        _event(notice_version=None)


def test_withdrawal_needs_no_notice_but_cannot_carry_a_validity() -> None:
    withdrawn = _event(status=ConsentStatus.WITHDRAWN, notice_version=None)
    assert withdrawn.expires_at is None
    with pytest.raises(ValidationError, match="valid_for only applies"):
        _event(status=ConsentStatus.WITHDRAWN, valid_for=timedelta(days=1))


def test_validity_sets_expiry() -> None:
    event = _event(valid_for=timedelta(days=365))

    assert T0 + timedelta(days=365) == event.expires_at


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(seconds=-1)])
def test_validity_must_be_positive(duration: timedelta) -> None:
    with pytest.raises(ValidationError, match="positive"):
        _event(valid_for=duration)


def test_events_are_frozen_and_closed() -> None:
    event = _event()
    with pytest.raises(ValidationError):
        event.actor = "someone else"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        _event(colour="blue")


def test_each_event_gets_its_own_id() -> None:
    assert _event().event_id != _event().event_id

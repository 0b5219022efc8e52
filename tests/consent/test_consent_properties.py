"""Property: no lookup ever returns a withdrawn, expired-consent or disputed link.

Random event sequences (statuses, times with ties, validities, a customer and a
profile side), random link statuses and bases, random lookup times. The expected
answer is computed by an independent, deliberately naive reading of the rules.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import T0
from hypothesis import given, settings
from hypothesis import strategies as st

from identitylink.consent import (
    ConsentEvent,
    ConsentStatus,
    LegalBasis,
    Method,
    Purpose,
    Subject,
    fold_events,
    link_usable,
)

LINKING = Purpose.IDENTITY_LINKING
SIDES = (Subject.customer("C1"), Subject.profile("twitter", "77"))
LINK_STATUSES = (
    "proposed",
    "accepted",
    "rejected",
    "disputed",
    "withdrawn",
    "unlinked",
)
ENDING = {
    ConsentStatus.REFUSED,
    ConsentStatus.WITHDRAWN,
    ConsentStatus.REVOKED,
    ConsentStatus.EXPIRED,
    ConsentStatus.INVALIDATED,
    ConsentStatus.UNKNOWN,
}


@st.composite
def consent_events(draw: st.DrawFn) -> ConsentEvent:
    status = draw(st.sampled_from(list(ConsentStatus)))
    valid = draw(st.none() | st.integers(1, 20)) if status.gives_consent else None
    return ConsentEvent(
        subject=draw(st.sampled_from(SIDES)),
        purpose=draw(st.sampled_from([LINKING, Purpose.CUSTOMER_CARE])),
        status=status,
        at=T0 + timedelta(days=draw(st.integers(0, 30))),
        actor="data_subject",
        method=Method.WEB_FORM,
        notice_version="v1" if status.gives_consent else None,
        valid_for=None if valid is None else timedelta(days=valid),
    )


def _in_effect(events: list[ConsentEvent], now: datetime) -> list[ConsentEvent]:
    """The identity-linking events up to ``now``, in time order (ties as given)."""
    return sorted(
        (e for e in events if e.purpose is LINKING and e.at <= now), key=lambda e: e.at
    )


def _objection_stands(events: list[ConsentEvent], now: datetime) -> bool:
    last_no = last_yes = -1
    for i, e in enumerate(_in_effect(events, now)):
        if e.status in (ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED):
            last_no = i
        if e.status.gives_consent:
            last_yes = i
    return last_no > last_yes


def _consent_valid(events: list[ConsentEvent], now: datetime) -> bool:
    ordered = _in_effect(events, now)
    gives = [i for i, e in enumerate(ordered) if e.status.gives_consent]
    if not gives:
        return False
    last = ordered[gives[-1]]
    if last.expires_at is not None and now >= last.expires_at:
        return False
    return not any(e.status in ENDING for e in ordered[gives[-1] + 1 :])


@settings(max_examples=250, deadline=None)
@given(
    events=st.lists(consent_events(), max_size=12),
    link_status=st.sampled_from(LINK_STATUSES),
    basis=st.sampled_from(list(LegalBasis)),
    day=st.integers(0, 45),
    hours_later=st.integers(0, 24 * 30),
)
def test_lookup_never_returns_a_link_it_must_not(
    events: list[ConsentEvent],
    link_status: str,
    basis: LegalBasis,
    day: int,
    hours_later: int,
) -> None:
    folded_at = T0 + timedelta(days=day)
    now = folded_at + timedelta(hours=hours_later)
    state = fold_events(events, LINKING, folded_at)

    usable = link_usable(link_status, basis, state, now)

    if link_status in ("withdrawn", "disputed", "unlinked", "rejected", "proposed"):
        assert not usable
    if _objection_stands(events, folded_at):
        assert not usable
    if basis is LegalBasis.OPT_IN_CONSENT and usable:
        # Valid when folded and not yet lapsed when the lookup happens.
        assert _consent_valid(events, folded_at)
        assert state.expires_at is None or now < state.expires_at
    expected = (
        link_status == "accepted"
        and not _objection_stands(events, folded_at)
        and (
            basis is not LegalBasis.OPT_IN_CONSENT
            or (
                _consent_valid(events, folded_at)
                and (state.expires_at is None or now < state.expires_at)
            )
        )
    )
    assert expected == usable


@settings(max_examples=150, deadline=None)
@given(events=st.lists(consent_events(), max_size=12), day=st.integers(0, 45))
def test_folding_agrees_with_the_naive_reading(
    events: list[ConsentEvent], day: int
) -> None:
    now = T0 + timedelta(days=day)

    state = fold_events(events, LINKING, now)

    assert _consent_valid(events, now) == state.is_valid()
    assert _objection_stands(events, now) == state.objected

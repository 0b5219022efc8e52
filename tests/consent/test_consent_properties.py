"""Property: no lookup ever returns a withdrawn, expired-consent or disputed link.

Random event sequences (statuses, times with ties, validities, a customer and a
profile side), random link statuses and bases, random lookup times. The expected
answer is computed by an independent, deliberately naive reading of the rules.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import T0
from consent_oracle import (
    LINK_STATUSES,
    consent_events,
    consent_valid,
    objection_stands,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from identitylink.consent import (
    ConsentEvent,
    LegalBasis,
    Purpose,
    fold_events,
    link_usable,
)

LINKING = Purpose.IDENTITY_LINKING
LINKING_ONLY = (LINKING, Purpose.CUSTOMER_CARE)


def _objection_stands(events: list[ConsentEvent], now: datetime) -> bool:
    return objection_stands(events, LINKING, now)


def _consent_valid(events: list[ConsentEvent], now: datetime) -> bool:
    return consent_valid(events, LINKING, now)


@settings(max_examples=250, deadline=None)
@given(
    events=st.lists(consent_events(LINKING_ONLY), max_size=12),
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
@given(
    events=st.lists(consent_events(LINKING_ONLY), max_size=12), day=st.integers(0, 45)
)
def test_folding_agrees_with_the_naive_reading(
    events: list[ConsentEvent], day: int
) -> None:
    now = T0 + timedelta(days=day)

    state = fold_events(events, LINKING, now)

    assert _consent_valid(events, now) == state.is_valid()
    assert _objection_stands(events, now) == state.objected

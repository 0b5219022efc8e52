"""A deliberately naive reading of the consent rules, for property tests.

Written independently of :func:`identitylink.consent.fold_events`: it scans the
events directly instead of folding a state machine.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import T0
from hypothesis import strategies as st

from identitylink.consent import ConsentEvent, ConsentStatus, Method, Purpose, Subject

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
def consent_events(
    draw: st.DrawFn, purposes: tuple[Purpose, ...] = tuple(Purpose)
) -> ConsentEvent:
    """One random event of either side of a link, within 30 days of ``T0``."""
    status = draw(st.sampled_from(list(ConsentStatus)))
    valid = draw(st.none() | st.integers(1, 20)) if status.gives_consent else None
    return ConsentEvent(
        subject=draw(st.sampled_from(SIDES)),
        purpose=draw(st.sampled_from(purposes)),
        status=status,
        at=T0 + timedelta(days=draw(st.integers(0, 30))),
        actor="data_subject",
        method=Method.WEB_FORM,
        notice_version="v1" if status.gives_consent else None,
        valid_for=None if valid is None else timedelta(days=valid),
    )


def in_effect(
    events: list[ConsentEvent], purpose: Purpose, now: datetime
) -> list[ConsentEvent]:
    """The events of ``purpose`` up to ``now``, in time order (ties as given)."""
    return sorted(
        (e for e in events if e.purpose is purpose and e.at <= now), key=lambda e: e.at
    )


def objection_stands(
    events: list[ConsentEvent], purpose: Purpose, now: datetime
) -> bool:
    """Did the person refuse or withdraw, and not give consent since?"""
    last_no = last_yes = -1
    for i, e in enumerate(in_effect(events, purpose, now)):
        if e.status in (ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED):
            last_no = i
        if e.status.gives_consent:
            last_yes = i
    return last_no > last_yes


def consent_valid(events: list[ConsentEvent], purpose: Purpose, now: datetime) -> bool:
    """Is the last consent given still unexpired and not ended by a later event?"""
    ordered = in_effect(events, purpose, now)
    gives = [i for i, e in enumerate(ordered) if e.status.gives_consent]
    if not gives:
        return False
    last = ordered[gives[-1]]
    if last.expires_at is not None and now >= last.expires_at:
        return False
    return not any(e.status in ENDING for e in ordered[gives[-1] + 1 :])

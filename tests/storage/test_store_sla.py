"""The answer-time report: share within the threshold, median, p90, open, overdue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from identitylink.storage import (
    NewInteraction,
    mark_answered,
    record_interaction,
    session_scope,
    sla_report,
)

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _record(
    session: Session,
    event_id: str,
    *,
    received: datetime,
    answer_after: timedelta | None,
    platform: str = "twitter",
    kind: str = "mention",
) -> None:
    new = NewInteraction.model_validate(
        {
            "platform": platform,
            "account_id": "ACME",
            "event_id": event_id,
            "profile_id": f"P-{event_id}",
            "kind": kind,
            "received_at": received,
        }
    )
    stored = record_interaction(session, new)
    if answer_after is not None:
        mark_answered(
            session,
            stored.interaction.interaction_id,
            by="ana",
            at=received + answer_after,
        )


@pytest.fixture
def logged(engine: Engine) -> Engine:
    """Day 1: answers after 10, 20, 40, 100 min; day 2: one open for 2 h, one 10 min."""
    with session_scope(engine) as session:
        for i, minutes in enumerate([10, 20, 40, 100]):
            _record(
                session,
                f"a{i}",
                received=T0 + timedelta(hours=i),
                answer_after=timedelta(minutes=minutes),
                kind="dm" if i == 3 else "mention",
            )
        _record(
            session,
            "overdue",
            received=NOW - timedelta(hours=2),
            answer_after=None,
            platform="facebook",
            kind="comment",
        )
        _record(
            session,
            "fresh",
            received=NOW - timedelta(minutes=10),
            answer_after=None,
        )
    return engine


def test_overall_figures(logged: Engine) -> None:
    with session_scope(logged) as session:
        report = sla_report(session, now=NOW)
    overall = report.overall
    assert (overall.received, overall.answered, overall.answered_within) == (6, 4, 2)
    assert (overall.open, overall.overdue) == (2, 1)
    # Known outcomes: 4 answered + 1 overdue; the fresh one is still in its window.
    assert overall.share_within == pytest.approx(2 / 5)
    assert overall.median_seconds == pytest.approx(30 * 60)
    assert overall.p90_seconds == pytest.approx(82 * 60)
    assert sorted(report.answer_seconds) == [600.0, 1200.0, 2400.0, 6000.0]


def test_channels_days_and_the_open_list(logged: Engine) -> None:
    with session_scope(logged) as session:
        report = sla_report(session, now=NOW)
    assert list(report.by_channel) == [
        "facebook/comment",
        "twitter/dm",
        "twitter/mention",
    ]
    assert report.by_channel["twitter/mention"].answered_within == 2
    assert report.by_channel["facebook/comment"].share_within == 0.0
    assert report.by_day["2026-12-06"].received == 4
    assert report.by_day["2026-12-07"].share_within == 0.0
    assert [(u.platform, u.overdue) for u in report.unanswered] == [
        ("facebook", True),
        ("twitter", False),
    ]
    assert report.unanswered[0].waiting_seconds == 7200.0


def test_threshold_and_since(logged: Engine) -> None:
    with session_scope(logged) as session:
        strict = sla_report(session, now=NOW, threshold=timedelta(minutes=15))
        recent = sla_report(session, now=NOW, since=NOW - timedelta(hours=3))
    assert strict.threshold_minutes == 15
    assert strict.overall.answered_within == 1
    assert strict.overall.overdue == 1
    assert recent.overall.received == 2
    assert recent.overall.median_seconds is None


def test_an_empty_log_has_nothing_to_measure(engine: Engine) -> None:
    with session_scope(engine) as session:
        report = sla_report(session, now=NOW)
    assert report.overall.received == 0
    assert report.overall.share_within is None
    assert report.unanswered == []

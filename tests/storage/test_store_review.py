"""The review queue: pending links with explanations, accept/reject, labels."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from store_factories import make_result

from identitylink import LinkNotFoundError, LinkStateError
from identitylink.storage import (
    ReviewLabel,
    accept_link,
    dispute_link,
    list_pending_reviews,
    reject_link,
    review_labels,
    save_run,
    session_scope,
)
from identitylink.storage._models import AuditEntry


@pytest.fixture
def saved(engine: Engine) -> Engine:
    """12 decisions saved: P0, P4, P8 wait for review, the rest are automatic."""
    with session_scope(engine) as session:
        save_run(session, make_result(12), inputs={})
    return engine


def test_pending_lists_review_band_links_with_explanations(saved: Engine) -> None:
    with session_scope(saved) as session:
        pending = list_pending_reviews(session)
    assert sorted(p.profile_id for p in pending) == ["P0", "P4", "P8"]
    assert all(p.band == "review" for p in pending)
    assert all(p.explanation.terms[0].comparison == "name" for p in pending)
    weights = [p.match_weight for p in pending]
    assert weights == sorted(weights, reverse=True)


def test_pending_filters_by_platform_and_limit(saved: Engine) -> None:
    with session_scope(saved) as session:
        facebook = list_pending_reviews(session, platform="facebook")
        first = list_pending_reviews(session, limit=1)
        none = list_pending_reviews(session, band="auto")
    assert {p.platform for p in facebook} == {"facebook"}
    assert len(first) == 1
    assert none == []


def test_accept_and_reject_record_reviewer_reason_and_audit(saved: Engine) -> None:
    with session_scope(saved) as session:
        pending = list_pending_reviews(session)
        accepted = accept_link(session, pending[0].link_id, reviewer="ana", reason="ok")
        rejected = reject_link(session, pending[1].link_id, reviewer="bo", reason="no")
    with session_scope(saved) as session:
        remaining = list_pending_reviews(session)
        actions = list(session.scalars(select(AuditEntry.action)))
    assert (accepted.status, accepted.decided_by, accepted.reason) == (
        "accepted",
        "ana",
        "ok",
    )
    assert (rejected.status, rejected.decided_by) == ("rejected", "bo")
    assert [p.link_id for p in remaining] == [pending[2].link_id]
    assert actions.count("review_accept") == 1
    assert actions.count("review_reject") == 1


def test_reviewed_links_become_labels_automatic_ones_do_not(saved: Engine) -> None:
    with session_scope(saved) as session:
        pending = list_pending_reviews(session)
        accept_link(session, pending[0].link_id, reviewer="ana")
        reject_link(session, pending[1].link_id, reviewer="ana")
        labels = review_labels(session)
    assert sorted(labels) == sorted(
        [
            ReviewLabel(
                pending[0].platform, pending[0].profile_id, pending[0].customer_id, True
            ),
            ReviewLabel(
                pending[1].platform,
                pending[1].profile_id,
                pending[1].customer_id,
                False,
            ),
        ]
    )


def test_a_disputed_link_cannot_be_reviewed(saved: Engine) -> None:
    with session_scope(saved) as session:
        link_id = list_pending_reviews(session)[0].link_id
        dispute_link(session, link_id, actor="person")
    with session_scope(saved) as session, pytest.raises(LinkStateError, match="frozen"):
        accept_link(session, link_id, reviewer="ana")


def test_review_of_a_missing_link_or_by_auto_is_refused(saved: Engine) -> None:
    with session_scope(saved) as session, pytest.raises(LinkNotFoundError, match="999"):
        accept_link(session, 999, reviewer="ana")
    with session_scope(saved) as session:
        link_id = list_pending_reviews(session)[0].link_id
    with session_scope(saved) as session, pytest.raises(LinkStateError, match="auto"):
        reject_link(session, link_id, reviewer="auto")

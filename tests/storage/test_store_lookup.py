"""Lookups return only usable links: accepted, not frozen, not ended."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from store_factories import make_result

from identitylink.storage import (
    accept_link,
    dispute_link,
    lookup_customer,
    lookup_profiles,
    reject_link,
    resolve_dispute,
    save_run,
    session_scope,
    unlink,
)
from identitylink.storage._models import LinkRow


def _link_id(engine: Engine, profile_id: str) -> int:
    with session_scope(engine) as session:
        return session.scalars(
            select(LinkRow.link_id).where(LinkRow.profile_id == profile_id)
        ).one()


@pytest.fixture
def saved(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        save_run(session, make_result(8), inputs={})
    return engine


def test_an_automatic_link_is_found_both_ways(saved: Engine) -> None:
    with session_scope(saved) as session:
        found = lookup_customer(session, "twitter", "P1")
        profiles = lookup_profiles(session, "C1")
    assert found is not None and found.customer_id == "C1"
    assert [p.profile_id for p in profiles] == ["P1"]


def test_a_proposed_link_is_not_returned_until_accepted(saved: Engine) -> None:
    link_id = _link_id(saved, "P0")
    with session_scope(saved) as session:
        before = lookup_customer(session, "facebook", "P0")
        accept_link(session, link_id, reviewer="ana")
    with session_scope(saved) as session:
        after = lookup_customer(session, "facebook", "P0")
    assert before is None
    assert after is not None and after.decided_by == "ana"


@pytest.mark.parametrize("end", ["reject", "unlink", "dispute"])
def test_rejected_unlinked_and_disputed_links_are_never_returned(
    saved: Engine, end: str
) -> None:
    link_id = _link_id(saved, "P3")
    with session_scope(saved) as session:
        if end == "reject":
            reject_link(session, link_id, reviewer="ana")
        elif end == "unlink":
            unlink(session, link_id, actor="ana")
        else:
            dispute_link(session, link_id, actor="the person", reason="not me")
    with session_scope(saved) as session:
        assert lookup_customer(session, "twitter", "P3") is None
        assert lookup_profiles(session, "C3") == []


def test_a_dispute_upheld_makes_the_link_usable_again(saved: Engine) -> None:
    link_id = _link_id(saved, "P5")
    with session_scope(saved) as session:
        dispute_link(session, link_id, actor="the person")
        resolve_dispute(session, link_id, actor="dpo", upheld=True, reason="verified")
        found = lookup_customer(session, "twitter", "P5")
    assert found is not None and found.status == "accepted"


def test_a_rerun_does_not_revive_an_unlinked_link(saved: Engine) -> None:
    link_id = _link_id(saved, "P1")
    with session_scope(saved) as session:
        unlink(session, link_id, actor="ana")
    with session_scope(saved) as session:
        save_run(session, make_result(8), inputs={})
    with session_scope(saved) as session:
        assert lookup_customer(session, "twitter", "P1") is None

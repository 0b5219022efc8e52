"""Access export, erasure with a tombstone, unlink and dispute."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from store_factories import make_result

from identitylink import LinkStateError
from identitylink.consent import ConsentStatus, Method, Purpose, Subject, grant
from identitylink.records import Customer, SocialProfile
from identitylink.storage import (
    accept_link,
    dispute_link,
    erase_customer,
    erase_profile,
    export_customer,
    export_profile,
    resolve_dispute,
    save_run,
    session_scope,
    unlink,
)
from identitylink.storage._models import (
    AuditEntry,
    CustomerRow,
    DecisionRow,
    LinkRow,
    ProfileRow,
)

SALT = "a-long-enough-test-salt"


@pytest.fixture
def saved(engine: Engine) -> Engine:
    """Four decisions P0..P3 -> C0..C3, with customer and profile data."""
    customers = [Customer(customer_id=f"C{i}", city="Lyon") for i in range(4)]
    profiles = [
        SocialProfile(
            platform="twitter" if i % 2 else "facebook",
            profile_id=f"P{i}",
            display_name=f"person {i}",
            source="dump.jsonl",
        )
        for i in range(4)
    ]
    with session_scope(engine) as session:
        save_run(
            session,
            make_result(4),
            inputs={"crm": "crm.csv"},
            customers=customers,
            profiles=profiles,
        )
    return engine


def _link_id(engine: Engine, profile_id: str) -> int:
    with session_scope(engine) as session:
        return session.scalars(
            select(LinkRow.link_id).where(LinkRow.profile_id == profile_id)
        ).one()


def _grant(engine: Engine, customer_id: str) -> None:
    with session_scope(engine) as session:
        grant(
            session,
            Subject.customer(customer_id),
            Purpose.IDENTITY_LINKING,
            actor="web",
            method=Method.WEB_FORM,
            notice_version="v1",
            valid_for=timedelta(days=365),
        )


def test_customer_export_holds_links_scores_explanations_and_consent(
    saved: Engine,
) -> None:
    _grant(saved, "C1")
    with session_scope(saved) as session:
        export = export_customer(session, "C1")
    text = json.dumps(export)  # JSON-ready all the way down
    assert export["customer"]["city"] == "Lyon"
    [link] = export["links"]
    assert (link["profile_id"], link["status"]) == ("P1", "accepted")
    assert link["decision"]["probability"] == pytest.approx(0.99)
    assert link["decision"]["explanation"]["terms"][0]["comparison"] == "name"
    assert link["decision"]["run"]["inputs"] == {"crm": "crm.csv"}
    assert export["profiles"][0]["cached_data"] == {"display_name": "person 1"}
    assert [e["status"] for e in export["consent_history"]] == [
        ConsentStatus.GIVEN.value
    ]
    assert "P1" in text


def test_profile_export_holds_its_links_and_audit(saved: Engine) -> None:
    link_id = _link_id(saved, "P1")
    with session_scope(saved) as session:
        dispute_link(session, link_id, actor="the person", reason="not me")
    with session_scope(saved) as session:
        export = export_profile(session, "twitter", "P1")
    assert export["profile"]["source"] == "dump.jsonl"
    assert [link["status"] for link in export["links"]] == ["disputed"]
    assert [a["action"] for a in export["audit_log"]] == ["dispute"]


def test_export_of_an_unknown_person_is_empty(saved: Engine) -> None:
    with session_scope(saved) as session:
        export = export_customer(session, "nobody")
    assert export["customer"] is None
    assert export["links"] == export["consent_history"] == []


def test_erasure_removes_the_customer_and_keeps_only_a_tombstone(
    saved: Engine,
) -> None:
    _grant(saved, "C1")
    link_id = _link_id(saved, "P1")
    with session_scope(saved) as session:
        dispute_link(session, link_id, actor="the person")
        resolve_dispute(session, link_id, actor="dpo", upheld=True)
    with session_scope(saved) as session:
        report = erase_customer(session, "C1", actor="dpo", reason="Art. 17", salt=SALT)
    with session_scope(saved) as session:
        left = {
            table.__name__: session.scalar(
                select(func.count()).select_from(table).where(where)
            )
            for table, where in [
                (CustomerRow, CustomerRow.customer_id == "C1"),
                (LinkRow, LinkRow.customer_id == "C1"),
                (DecisionRow, DecisionRow.customer_id == "C1"),
                (ProfileRow, ProfileRow.profile_id == "P1"),
            ]
        }
        audit = list(session.scalars(select(AuditEntry)))
        export = export_customer(session, "C1")
    assert set(left.values()) == {0}
    assert (report.customers, report.links, report.profiles) == (1, 1, 1)
    assert report.consent_events == 1
    mentions = [a for a in audit if "C1" in json.dumps(a.details) + a.subject_key]
    assert mentions == []
    [tombstone] = [a for a in audit if a.action == "erasure"]
    assert tombstone.subject_type == "erased"
    assert len(tombstone.subject_key) == 64
    assert export["links"] == export["consent_history"] == []


def test_profile_erasure_keeps_the_customer(saved: Engine) -> None:
    with session_scope(saved) as session:
        report = erase_profile(session, "facebook", "P2", actor="meta-callback")
    with session_scope(saved) as session:
        assert session.get(ProfileRow, ("facebook", "global", "P2")) is None
        assert session.get(CustomerRow, "C2") is not None
    assert (report.profiles, report.links, report.decisions) == (1, 1, 1)


def test_an_unlinked_link_is_final(saved: Engine) -> None:
    link_id = _link_id(saved, "P1")
    with session_scope(saved) as session:
        ended = unlink(session, link_id, actor="ana", reason="customer asked")
    assert (ended.status, ended.reason) == ("unlinked", "customer asked")
    with (
        session_scope(saved) as session,
        pytest.raises(LinkStateError, match="unlinked"),
    ):
        accept_link(session, link_id, reviewer="ana")


def test_a_dispute_resolved_against_the_link_unlinks_it(saved: Engine) -> None:
    link_id = _link_id(saved, "P3")
    with session_scope(saved) as session:
        dispute_link(session, link_id, actor="the person")
    with session_scope(saved) as session, pytest.raises(LinkStateError, match="frozen"):
        unlink(session, link_id, actor="ana")
    with session_scope(saved) as session:
        closed = resolve_dispute(session, link_id, actor="dpo", upheld=False)
    assert closed.status == "unlinked"

"""The interaction log: record once, list, answer, purge, export and erase."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from store_factories import make_result

from identitylink import InputError, InteractionNotFoundError
from identitylink.storage import (
    NewInteraction,
    erase_customer,
    erase_profile,
    export_customer,
    list_interactions,
    mark_answered,
    mark_answered_by_reply,
    purge_interaction_text,
    record_interaction,
    save_run,
    session_scope,
)

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _new(event_id: str = "e1", **changes: object) -> NewInteraction:
    fields: dict[str, object] = {
        "platform": "twitter",
        "account_id": "ACME",
        "event_id": event_id,
        "profile_id": "P1",
        "handle": "ana_b",
        "kind": "mention",
        "text": "@acme my parcel is late",
        "received_at": T0,
    }
    fields.update(changes)
    return NewInteraction.model_validate(fields)


def test_the_same_event_to_the_same_account_is_stored_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = record_interaction(session, _new())
        again = record_interaction(session, _new(text="changed on retry"))
        other_account = record_interaction(session, _new(account_id="ACME_SUPPORT"))
    with session_scope(engine) as session:
        stored = list_interactions(session)
    assert (first.created, again.created, other_account.created) == (
        True,
        False,
        True,
    )
    assert again.interaction == first.interaction
    assert [(i.account_id, i.text) for i in stored] == [
        ("ACME", "@acme my parcel is late"),
        ("ACME_SUPPORT", "@acme my parcel is late"),
    ]


def test_a_linked_profile_names_its_customer(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_run(session, make_result(4), inputs={})
        linked = record_interaction(session, _new(profile_id="P1"))
        unknown = record_interaction(session, _new("e2", profile_id="nobody"))
        not_looked_up = record_interaction(
            session, _new("e3", profile_id="P1"), link_customer=False
        )
    assert linked.interaction.customer_id == "C1"
    assert unknown.interaction.customer_id is None
    assert not_looked_up.interaction.customer_id is None


def test_list_filters_and_orders_oldest_first(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_interaction(session, _new("late", received_at=T0 + timedelta(hours=1)))
        record_interaction(session, _new("early", received_at=T0))
        record_interaction(
            session,
            _new(
                "dm",
                platform="facebook",
                scope="page:9",
                account_id="9",
                kind="dm",
                received_at=T0 + timedelta(minutes=5),
            ),
        )
        answered = record_interaction(
            session, _new("done", received_at=T0 + timedelta(minutes=1))
        )
        mark_answered(
            session,
            answered.interaction.interaction_id,
            by="ana",
            at=T0 + timedelta(minutes=3),
        )
    with session_scope(engine) as session:
        everything = [i.event_id for i in list_interactions(session)]
        twitter_open = [
            i.event_id
            for i in list_interactions(session, platform="twitter", unanswered=True)
        ]
        since = [
            i.event_id
            for i in list_interactions(session, since=T0 + timedelta(minutes=2))
        ]
        page = list_interactions(session, platform="facebook", profile=("page:9", "P1"))
    assert everything == ["early", "done", "dm", "late"]
    assert twitter_open == ["early", "late"]
    assert since == ["dm", "late"]
    assert [i.kind for i in page] == ["dm"]


def test_the_first_answer_counts(engine: Engine) -> None:
    with session_scope(engine) as session:
        iid = record_interaction(session, _new()).interaction.interaction_id
        first = mark_answered(session, iid, by="ana", at=T0 + timedelta(minutes=12))
        second = mark_answered(session, iid, by="bo", at=T0 + timedelta(hours=2))
    assert (first.answered_by, first.answered_at) == ("ana", T0 + timedelta(minutes=12))
    assert second == first


def test_answers_to_unknown_or_before_receipt_are_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        iid = record_interaction(session, _new()).interaction.interaction_id
        with pytest.raises(InteractionNotFoundError, match="no interaction 999"):
            mark_answered(session, 999, by="ana")
        with pytest.raises(InputError, match=rf"interaction {iid}: answered_at"):
            mark_answered(session, iid, by="ana", at=T0 - timedelta(minutes=1))
        assert list_interactions(session)[0].answered_at is None


def test_a_reply_seen_in_a_webhook_answers_the_right_interactions(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        record_interaction(session, _new("t1"))
        record_interaction(session, _new("t2"))
        record_interaction(session, _new("d1", kind="dm"))
        record_interaction(
            session, _new("d2", kind="dm", received_at=T0 + timedelta(hours=3))
        )
        at = T0 + timedelta(minutes=20)
        by_post = mark_answered_by_reply(
            session, "twitter", "ACME", by="x:ACME", at=at, in_reply_to="t2"
        )
        by_person = mark_answered_by_reply(
            session, "twitter", "ACME", by="x:ACME", at=at, profile=("global", "P1")
        )
    with session_scope(engine) as session:
        answered = {i.event_id: i.answered_at for i in list_interactions(session)}
    assert (by_post, by_person) == (1, 2)
    assert answered == {"t1": at, "t2": at, "d1": at, "d2": None}


def test_a_deleted_post_loses_its_text_and_keeps_its_times(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_interaction(session, _new())
        record_interaction(session, _new(account_id="ACME_SUPPORT"))
        record_interaction(session, _new("kept"))
        purged = purge_interaction_text(session, "twitter", "e1", actor="x")
        again = purge_interaction_text(session, "twitter", "e1", actor="x")
    with session_scope(engine) as session:
        stored = {(i.account_id, i.event_id): i for i in list_interactions(session)}
    assert (purged, again) == (2, 0)
    assert stored["ACME", "e1"].text is None
    assert stored["ACME", "e1"].text_purged_at is not None
    assert stored["ACME", "e1"].received_at == T0
    assert stored["ACME", "kept"].text == "@acme my parcel is late"


def test_a_customers_interactions_are_exported_and_erased(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_run(session, make_result(4), inputs={})
        record_interaction(session, _new("mine", profile_id="P1"))
        record_interaction(session, _new("other", profile_id="P3"))
    with session_scope(engine) as session:
        exported = export_customer(session, "C1")
        report = erase_customer(session, "C1", actor="dpo")
    with session_scope(engine) as session:
        left = [i.event_id for i in list_interactions(session)]
    assert [i["event_id"] for i in exported["interactions"]] == ["mine"]
    assert report.interactions == 1
    assert left == ["other"]


def test_an_erased_profile_takes_its_interactions(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_interaction(session, _new("a", profile_id="X1"))
        record_interaction(session, _new("b", profile_id="X2"))
        report = erase_profile(session, "twitter", "X1", actor="x")
    with session_scope(engine) as session:
        left = [i.profile_id for i in list_interactions(session)]
    assert report.interactions == 1
    assert left == ["X2"]


def test_a_bad_interaction_names_its_field() -> None:
    with pytest.raises(ValueError, match="kind"):
        _new(kind="like")
    with pytest.raises(ValueError, match="received_at"):
        _new(received_at=datetime(2026, 12, 7, 9, 0))

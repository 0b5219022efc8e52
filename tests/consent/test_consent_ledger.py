"""The consent ledger on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import T0
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from identitylink import StorageError
from identitylink.consent import (
    ConsentEvent,
    ConsentStateName,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
    consent_state,
    fold_events,
    grant,
    history,
    link_consent_state,
    record_event,
    withdraw,
)
from identitylink.storage import lookup_customer, lookup_profiles, session_scope
from identitylink.storage._consent_models import ConsentEventRow
from identitylink.storage._models import AuditEntry, CustomerRow, LinkRow, ProfileRow

ALICE = Subject.customer("C1")
LINKING = Purpose.IDENTITY_LINKING


def _add_link(
    session: Session,
    customer_id: str,
    platform: str,
    profile_id: str,
    *,
    status: str = "accepted",
    basis: str = "opt_in_consent",
) -> int:
    now = datetime.now(UTC)
    if session.get(CustomerRow, customer_id) is None:
        session.add(CustomerRow(customer_id=customer_id, first_seen_at=now))
    session.add(
        ProfileRow(
            platform=platform,
            scope="global",
            profile_id=profile_id,
            source="test",
            fetched_at=now,
            cached_data={"display_name": f"name of {profile_id}"},
            first_seen_at=now,
        )
    )
    session.flush()  # the link's foreign keys need both rows first
    link = LinkRow(
        platform=platform,
        scope="global",
        profile_id=profile_id,
        customer_id=customer_id,
        status=status,
        legal_basis=basis,
        decided_by="auto",
        decided_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(link)
    session.flush()
    return link.link_id


def test_events_read_back_exactly_as_recorded(session: Session) -> None:
    given = ConsentEvent(
        subject=Subject.profile("facebook", "55", "app:9"),
        purpose=Purpose.CUSTOMER_CARE,
        status=ConsentStatus.GIVEN,
        at=T0,
        actor="data_subject",
        method=Method.MOBILE_APP,
        notice_version="2026-01",
        valid_for=timedelta(days=365, hours=3),
        evidence="form submission 81",
    )
    withdrawn = given.model_copy(
        update={
            "event_id": "e-2",
            "status": ConsentStatus.WITHDRAWN,
            "at": T0 + timedelta(days=3),
            "valid_for": None,
            "notice_version": None,
        }
    )
    record_event(session, withdrawn)
    record_event(session, given)

    assert [given, withdrawn] == history(session, given.subject)
    assert history(session, ALICE) == []


def test_state_from_the_database_is_the_fold_of_its_history(session: Session) -> None:
    grant(
        session,
        ALICE,
        LINKING,
        actor="data_subject",
        method=Method.WEB_FORM,
        notice_version="v1",
        valid_for=timedelta(days=30),
        at=T0,
    )

    state = consent_state(session, ALICE, LINKING, T0 + timedelta(days=1))

    assert state.is_valid()
    assert fold_events(history(session, ALICE), LINKING, state.as_of) == state
    assert (
        consent_state(session, ALICE, LINKING, T0 + timedelta(days=31)).status
        == ConsentStateName.EXPIRED
    )


def test_granting_again_while_valid_is_a_renewal(session: Session) -> None:
    kwargs = {
        "actor": "data_subject",
        "method": Method.WEB_FORM,
        "notice_version": "v1",
    }
    first = grant(session, ALICE, LINKING, at=T0, **kwargs)  # type: ignore[arg-type]
    second = grant(session, ALICE, LINKING, at=T0 + timedelta(days=1), **kwargs)  # type: ignore[arg-type]

    assert first.status == ConsentStatus.GIVEN
    assert second.status == ConsentStatus.RENEWED


def test_ledger_rows_cannot_be_edited_or_deleted(engine: Engine) -> None:
    with session_scope(engine) as session:
        grant(
            session, ALICE, LINKING, actor="a", method=Method.EMAIL, notice_version="v1"
        )

    with (
        pytest.raises(StorageError, match="append-only"),
        session_scope(engine) as session,
    ):
        row = session.scalars(select(ConsentEventRow)).one()
        row.status = "ConsentWithdrawn"
        session.flush()
    with (
        pytest.raises(StorageError, match="append-only"),
        session_scope(engine) as session,
    ):
        session.delete(session.scalars(select(ConsentEventRow)).one())
        session.flush()
    with session_scope(engine) as session:
        assert history(session, ALICE)[0].status == ConsentStatus.GIVEN


def test_withdrawing_is_one_call_with_every_consequence(engine: Engine) -> None:
    with session_scope(engine) as session:
        grant(
            session,
            ALICE,
            LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
            notice_version="v1",
            at=T0,
        )
        on_x = _add_link(session, "C1", "twitter", "111")
        pending = _add_link(session, "C1", "facebook", "222", status="proposed")
        public = _add_link(session, "C1", "twitter", "333", basis="public_data")
        other = _add_link(session, "C2", "twitter", "444", basis="public_data")
    with session_scope(engine) as session:
        assert lookup_customer(session, "twitter", "111") is not None

    with session_scope(engine) as session:
        result = withdraw(
            session, ALICE, LINKING, actor="data_subject", method=Method.DM_KEYWORD
        )

    assert (on_x, pending, public) == result.withdrawn_link_ids
    with session_scope(engine) as session:
        statuses = dict(session.execute(select(LinkRow.link_id, LinkRow.status)).all())
        assert {
            on_x: "withdrawn",
            pending: "withdrawn",
            public: "withdrawn",
            other: "accepted",
        } == statuses
        profiles = {p.profile_id: p for p in session.scalars(select(ProfileRow))}
        for purged in ("111", "222", "333"):
            assert profiles[purged].cached_data is None
            assert profiles[purged].purged_at is not None
        assert profiles["444"].cached_data is not None
        assert lookup_customer(session, "twitter", "111") is None
        assert lookup_customer(session, "twitter", "333") is None
        assert lookup_customer(session, "twitter", "444") is not None
        actions = [a for (a,) in session.execute(select(AuditEntry.action))]
        assert "consent:ConsentWithdrawn" in actions
        assert actions.count("withdraw") == 3
        assert actions.count("profile:purged") == 3
        assert (
            consent_state(session, ALICE, LINKING).status == ConsentStateName.WITHDRAWN
        )


def test_withdrawing_by_dm_on_the_profile_ends_that_link_only(engine: Engine) -> None:
    with session_scope(engine) as session:
        grant(
            session,
            ALICE,
            LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
            notice_version="v1",
            at=T0,
        )
        on_x = _add_link(session, "C1", "twitter", "111")
        on_fb = _add_link(session, "C1", "facebook", "222")

    with session_scope(engine) as session:
        result = withdraw(
            session,
            Subject.profile("twitter", "111"),
            LINKING,
            actor="data_subject",
            method=Method.DM_KEYWORD,
        )
        assert (on_x,) == result.withdrawn_link_ids
        assert result.purged_profiles == (("twitter", "global", "111"),)

    with session_scope(engine) as session:
        assert lookup_customer(session, "twitter", "111") is None
        assert [on_fb] == [link.link_id for link in lookup_profiles(session, "C1")]
        # Both sides' histories count for the link: the profile withdrew.
        state = link_consent_state(
            session, customer_id="C1", platform="twitter", profile_id="111"
        )
        assert state.objected


def test_withdrawing_marketing_keeps_the_link_but_stops_marketing_lookups(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        for purpose in (LINKING, Purpose.PERSONALISED_MARKETING):
            grant(
                session,
                ALICE,
                purpose,
                actor="data_subject",
                method=Method.WEB_FORM,
                notice_version="v1",
                at=T0,
            )
        link = _add_link(session, "C1", "twitter", "111")
    with session_scope(engine) as session:
        assert (
            lookup_customer(session, "twitter", "111", purpose="personalised_marketing")
            is not None
        )

    with session_scope(engine) as session:
        result = withdraw(
            session,
            ALICE,
            Purpose.PERSONALISED_MARKETING,
            actor="agent:jo",
            method=Method.CALL_CENTRE,
        )
        assert result.withdrawn_link_ids == ()

    with session_scope(engine) as session:
        found = lookup_customer(session, "twitter", "111")
        assert found is not None and link == found.link_id
        assert (
            lookup_customer(session, "twitter", "111", purpose="personalised_marketing")
            is None
        )


def test_a_lookup_after_consent_expires_returns_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        grant(
            session,
            ALICE,
            LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
            notice_version="v1",
            valid_for=timedelta(days=30),
            at=T0,
        )
        _add_link(session, "C1", "twitter", "111")

    with session_scope(engine) as session:
        assert (
            lookup_customer(session, "twitter", "111", now=T0 + timedelta(days=29))
            is not None
        )
        assert (
            lookup_customer(session, "twitter", "111", now=T0 + timedelta(days=30))
            is None
        )

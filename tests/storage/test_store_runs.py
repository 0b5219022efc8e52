"""Saving a link result: one atomic run, no duplicate link on a rerun."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from store_factories import make_decision, make_result

from identitylink.consent import (
    ConsentEvent,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
    record_event,
)
from identitylink.records import Customer, SocialProfile
from identitylink.results import ComparisonTerm, LinkResult
from identitylink.storage import save_run, session_scope
from identitylink.storage._models import (
    CustomerRow,
    DecisionRow,
    LinkRow,
    LinkRunRow,
    ProfileRow,
)


def _count(engine: Engine, table: type) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_save_run_stores_decisions_links_and_a_complete_run(engine: Engine) -> None:
    result = make_result(8)
    with session_scope(engine) as session:
        run_id = save_run(session, result, inputs={"crm": "crm.csv"})
    with session_scope(engine) as session:
        run = session.get_one(LinkRunRow, run_id)
        statuses = dict(
            session.execute(
                select(LinkRow.profile_id, LinkRow.status).order_by(LinkRow.profile_id)
            ).all()
        )
        auto_link = session.scalars(
            select(LinkRow).where(LinkRow.profile_id == "P1")
        ).one()
    assert (run.status, run.n_decisions, run.n_new_links) == ("complete", 8, 8)
    assert run.inputs == {"crm": "crm.csv"}
    assert statuses["P0"] == "proposed"  # review band
    assert statuses["P4"] == "proposed"
    assert statuses["P1"] == "accepted"  # auto band
    assert (auto_link.decided_by, auto_link.legal_basis) == ("auto", "first_party_data")
    assert auto_link.evidence is not None
    assert sorted(auto_link.evidence["sources"]) == ["first_party", "public_profile"]
    assert auto_link.decided_at is not None and auto_link.decided_at.tzinfo is not None
    assert _count(engine, DecisionRow) == 8
    assert _count(engine, CustomerRow) == 8
    assert _count(engine, ProfileRow) == 8


def test_rerun_on_same_inputs_adds_no_duplicate_link(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_run(session, make_result(10), inputs={"crm": "a.csv"})
    with session_scope(engine) as session:
        second = save_run(session, make_result(15), inputs={"crm": "a.csv"})
        run = session.get_one(LinkRunRow, second)
    assert run.n_new_links == 5
    assert _count(engine, LinkRow) == 15
    assert _count(engine, CustomerRow) == 15


def test_customer_fields_are_stored_with_a_salted_email_hash(engine: Engine) -> None:
    customer = Customer(
        customer_id="C1",
        given_names=("María", "José"),
        family_names=("García",),
        email="Maria@Example.com",
        city="Sevilla",
    )
    profile = SocialProfile(platform="twitter", profile_id="P1", display_name="MJ")
    with session_scope(engine) as session:
        save_run(
            session,
            make_result(2),
            inputs={},
            customers=[customer],
            profiles=[profile],
            email_salt="a-long-enough-test-salt",
        )
    with session_scope(engine) as session:
        row = session.get_one(CustomerRow, "C1")
        prof = session.get_one(ProfileRow, ("twitter", "global", "P1"))
    assert (row.given_names, row.family_names, row.city) == (
        "María José",
        "García",
        "Sevilla",
    )
    assert row.email_hash is not None and "example" not in row.email_hash
    assert len(row.email_hash) == 64
    assert prof.cached_data == {"display_name": "MJ"}


def test_a_failed_save_leaves_nothing_behind(engine: Engine) -> None:
    result = make_result(6)
    try:
        with session_scope(engine) as session:
            save_run(session, result, inputs={})
            raise RuntimeError("killed")
    except RuntimeError:
        pass
    assert _count(engine, LinkRunRow) == 0
    assert _count(engine, LinkRow) == 0
    assert _count(engine, DecisionRow) == 0


def test_only_customers_and_profiles_named_by_a_decision_are_kept(
    engine: Engine,
) -> None:
    customers = [Customer(customer_id=f"C{i}") for i in range(10)]
    profiles = [SocialProfile(platform="twitter", profile_id=f"X{i}") for i in range(5)]
    with session_scope(engine) as session:
        save_run(
            session, make_result(3), inputs={}, customers=customers, profiles=profiles
        )
    assert _count(engine, CustomerRow) == 3
    assert _count(engine, ProfileRow) == 3


def test_a_rerun_refreshes_customer_fields_but_never_purged_profile_data(
    engine: Engine,
) -> None:
    def save(city: str, name: str) -> None:
        with session_scope(engine) as session:
            save_run(
                session,
                make_result(2),
                inputs={},
                customers=[Customer(customer_id="C1", city=city)],
                profiles=[
                    SocialProfile(
                        platform="twitter", profile_id="P1", display_name=name
                    )
                ],
            )

    save("Lyon", "first")
    with session_scope(engine) as session:
        profile = session.get_one(ProfileRow, ("twitter", "global", "P1"))
        profile.cached_data = None
        profile.purged_at = profile.first_seen_at
    save("Paris", "second")
    with session_scope(engine) as session:
        customer = session.get_one(CustomerRow, "C1")
        profile = session.get_one(ProfileRow, ("twitter", "global", "P1"))
    assert customer.city == "Paris"
    assert profile.cached_data is None


def test_explanations_are_stored_without_clear_email_addresses(engine: Engine) -> None:
    decision = make_decision("P1", "C1")
    terms = (
        *decision.explanation.terms,
        ComparisonTerm(
            comparison="email",
            level="exact",
            weight=9.0,
            left="ana@x.org",
            right="ana@x.org",
        ),
    )
    decision = decision.model_copy(
        update={"explanation": decision.explanation.model_copy(update={"terms": terms})}
    )
    result = LinkResult(links=(decision,), spec_hash="s")
    with session_scope(engine) as session:
        save_run(session, result, inputs={})
    with session_scope(engine) as session:
        stored = session.scalars(select(DecisionRow.explanation)).one()
    assert "ana@x.org" not in stored
    assert "an***@x.org" in stored


def _record(engine: Engine, subject: Subject, status: ConsentStatus) -> None:
    with session_scope(engine) as session:
        record_event(
            session,
            ConsentEvent(
                subject=subject,
                purpose=Purpose.IDENTITY_LINKING,
                status=status,
                at=datetime.now(UTC) - timedelta(minutes=1),
                actor="the person",
                method=Method.DM_KEYWORD,
                notice_version="v1",
            ),
        )


def test_the_policy_gate_refuses_a_link_the_person_refused(engine: Engine) -> None:
    _record(engine, Subject.customer("C1"), ConsentStatus.REFUSED)
    with session_scope(engine) as session:
        run_id = save_run(session, make_result(4), inputs={})
    with session_scope(engine) as session:
        run = session.get_one(LinkRunRow, run_id)
        linked = set(session.scalars(select(LinkRow.customer_id)))
        refusal = session.scalars(
            select(DecisionRow.policy_refusal).where(DecisionRow.customer_id == "C1")
        ).one()
    assert linked == {"C0", "C2", "C3"}
    assert refusal is not None and "'P1'" in refusal
    assert run.counts["refused_by_policy"] == 1
    assert [e["record_id"] for e in run.errors] == ["twitter/global/P1"]


def test_opt_in_consent_links_only_people_who_opted_in(engine: Engine) -> None:
    _record(engine, Subject.profile("twitter", "P3"), ConsentStatus.GIVEN)
    with session_scope(engine) as session:
        save_run(session, make_result(4), inputs={}, legal_basis="opt_in_consent")
    with session_scope(engine) as session:
        linked = list(session.scalars(select(LinkRow.profile_id)))
    assert linked == ["P3"]

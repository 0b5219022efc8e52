"""One truth per profile, and erasure that sticks (issue 15 items 4 and 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from store_factories import make_decision

from identitylink import Customer, LinkResult, LinkStateError
from identitylink.consent import Method, Purpose, Subject, grant
from identitylink.storage import (
    accept_link,
    erase_customer,
    lookup_customer,
    make_engine,
    session_scope,
    store_run,
    upgrade_schema,
)
from identitylink.storage._models import CustomerRow, DecisionRow, LinkRow

SALT = "a-salt-of-sixteen-chars"


def _result(*pairs: tuple[str, str]) -> LinkResult:
    links = tuple(make_decision(p, c) for p, c in pairs)
    return LinkResult(links=links, spec_hash="s", counts={"links": len(links)})


def _customer(customer_id: str, email: str, phone: str | None = None) -> Customer:
    return Customer(
        customer_id=customer_id,
        given_names=("Ana",),
        family_names=("Silva",),
        email=email,
        phone=phone,
    )


def _accepted(engine: Engine, profile_id: str) -> list[str]:
    with session_scope(engine) as session:
        return list(
            session.scalars(
                select(LinkRow.customer_id).where(
                    LinkRow.profile_id == profile_id, LinkRow.status == "accepted"
                )
            )
        )


def test_a_second_export_proposes_a_conflict_instead_of_a_second_truth(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        store_run(session, _result(("101", "C1")), inputs={"crm": "a.csv"})
    with session_scope(engine) as session:
        stored = store_run(session, _result(("101", "X-77")), inputs={"crm": "b.csv"})
    assert _accepted(engine, "101") == ["C1"]
    with session_scope(engine) as session:
        conflict = session.scalars(
            select(LinkRow).where(LinkRow.customer_id == "X-77")
        ).one()
        assert conflict.status == "proposed"
        assert conflict.reason is not None and "conflict" in conflict.reason
        found = lookup_customer(session, "twitter", "101")
        assert found is not None and found.customer_id == "C1"
        with pytest.raises(LinkStateError, match="one truth"):
            accept_link(session, conflict.link_id, reviewer="ana")
    assert stored.result.links[0].customer_id == "X-77"


def test_the_database_refuses_two_accepted_links_for_one_profile(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        store_run(session, _result(("101", "C1"), ("102", "C2")), inputs={})
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"), engine.begin() as c:
        c.execute(text("UPDATE links SET profile_id = '101' WHERE customer_id = 'C2'"))


def test_erasure_sticks_until_the_person_consents_again(engine: Engine) -> None:
    customers = [_customer("C1", "ana@example.com"), _customer("C2", "bo@example.com")]
    result = _result(("101", "C1"), ("102", "C2"))
    with session_scope(engine) as session:
        store_run(session, result, inputs={}, customers=customers, email_salt=SALT)
    with session_scope(engine) as session:
        erase_customer(session, "C1", actor="dpo")
    with session_scope(engine) as session:
        again = store_run(
            session, result, inputs={}, customers=customers, email_salt=SALT
        )
    assert [d.customer_id for d in again.result.links] == ["C2"]
    assert [r.customer_id for r in again.refused] == ["C1"]
    assert again.result.counts["refused"] == 1
    with session_scope(engine) as session:
        for table in (CustomerRow, DecisionRow, LinkRow):
            n = session.scalar(
                select(func.count()).select_from(table).where(table.customer_id == "C1")
            )
            assert n == 0, table.__tablename__
        grant(
            session,
            Subject.customer("C1"),
            Purpose.IDENTITY_LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
            notice_version="v1",
        )
    with session_scope(engine) as session:
        back = store_run(session, result, inputs={}, customers=customers)
    assert {d.customer_id for d in back.result.links} == {"C1", "C2"}


def test_an_erased_person_under_a_new_id_is_recognised_by_email(
    engine: Engine,
) -> None:
    first = [_customer("C1", "Ana@Example.com", "+33612345678")]
    with session_scope(engine) as session:
        store_run(
            session, _result(("101", "C1")), inputs={}, customers=first,
            email_salt=SALT,
        )  # fmt: skip
    with session_scope(engine) as session:
        erase_customer(session, "C1", actor="dpo")
    reimported = [_customer("K-9", "ana@example.com")]
    with session_scope(engine) as session:
        again = store_run(
            session, _result(("555", "K-9")), inputs={}, customers=reimported,
            email_salt=SALT,
        )  # fmt: skip
    assert again.result.links == ()
    assert "suppressed" in again.refused[0].reason


def test_migration_0002_turns_duplicate_truths_into_conflicts(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine, "0001")
    now = "2026-12-01 10:00:00"
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO customers (customer_id, first_seen_at) VALUES "
                f"('C1', '{now}'), ('C2', '{now}')"
            )
        )
        c.execute(
            text(
                "INSERT INTO profiles (platform, scope, profile_id, first_seen_at) "
                f"VALUES ('twitter', 'global', '101', '{now}')"
            )
        )
        for customer in ("C1", "C2"):
            c.execute(
                text(
                    "INSERT INTO links (platform, scope, profile_id, customer_id, "
                    "status, legal_basis, created_at, updated_at) VALUES "
                    f"('twitter', 'global', '101', '{customer}', 'accepted', "
                    f"'first_party_data', '{now}', '{now}')"
                )
            )
    upgrade_schema(engine)
    assert _accepted(engine, "101") == []
    with engine.connect() as c:
        statuses = [r[0] for r in c.execute(text("SELECT status FROM links"))]
    engine.dispose()
    assert statuses == ["proposed", "proposed"]

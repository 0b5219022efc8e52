"""Property, end to end on SQLite: ``lookup_customer`` never returns a link it must not.

Random link statuses and bases, random consent histories on both sides of the link
(recorded in the ledger), random purposes and lookup times; the expected answer comes
from the naive oracle, not from the code under test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from conftest import T0
from consent_oracle import (
    LINK_STATUSES,
    consent_events,
    consent_valid,
    objection_stands,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from identitylink.consent import (
    CONSENT_ONLY_PURPOSES,
    ConsentEvent,
    LegalBasis,
    Purpose,
    Subject,
    record_event,
)
from identitylink.storage import lookup_customer, make_engine, upgrade_schema
from identitylink.storage._models import CustomerRow, LinkRow, ProfileRow, utc_now


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'p.db'}")
    upgrade_schema(engine)
    yield engine
    engine.dispose()


def _store(
    session: Session, customer_id: str, profile_id: str, status: str, basis: str
) -> None:
    now = utc_now()
    session.add(CustomerRow(customer_id=customer_id, first_seen_at=now))
    session.add(
        ProfileRow(
            platform="twitter", scope="global", profile_id=profile_id, first_seen_at=now
        )
    )
    session.flush()
    session.add(
        LinkRow(
            platform="twitter",
            scope="global",
            profile_id=profile_id,
            customer_id=customer_id,
            status=status,
            legal_basis=basis,
            decided_at=now,
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    events=st.lists(consent_events(), max_size=10),
    link_status=st.sampled_from(LINK_STATUSES),
    basis=st.sampled_from(list(LegalBasis)),
    purpose=st.sampled_from(list(Purpose)),
    day=st.integers(0, 45),
)
def test_lookup_customer_never_returns_a_link_it_must_not(
    sqlite_engine: Engine,
    events: list[ConsentEvent],
    link_status: str,
    basis: LegalBasis,
    purpose: Purpose,
    day: int,
) -> None:
    customer_id, profile_id = f"C{uuid.uuid4().hex}", str(uuid.uuid4().int % 10**18)
    sides = {
        "customer": Subject.customer(customer_id),
        "profile": Subject.profile("twitter", profile_id),
    }
    mine = [
        e.model_copy(
            update={"subject": sides[e.subject.kind], "event_id": str(uuid.uuid4())}
        )
        for e in events
    ]
    now = T0 + timedelta(days=day)
    session = sessionmaker(bind=sqlite_engine)()
    try:
        _store(session, customer_id, profile_id, link_status, basis.value)
        for event in mine:
            record_event(session, event)

        found = lookup_customer(
            session, "twitter", profile_id, purpose=purpose.value, now=now
        )
    finally:
        session.rollback()
        session.close()

    linking = Purpose.IDENTITY_LINKING
    expected = (
        link_status == "accepted"
        and not objection_stands(mine, linking, now)
        and (
            basis is not LegalBasis.OPT_IN_CONSENT or consent_valid(mine, linking, now)
        )
        and not objection_stands(mine, purpose, now)
        and (purpose not in CONSENT_ONLY_PURPOSES or consent_valid(mine, purpose, now))
    )
    assert expected == (found is not None)
    if found is not None:
        assert found.status == "accepted"
        assert found.customer_id == customer_id

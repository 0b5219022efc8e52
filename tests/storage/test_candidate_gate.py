"""The consent gate of one profile's candidates (identify) refuses exactly what
the run's gate and the suppression list refuse, in every consent state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _shipped_sample import Sample
from sqlalchemy import Engine
from sqlalchemy.orm import Session

import identitylink as il
from identitylink.consent import Method, Purpose, Subject, grant, withdraw
from identitylink.storage import (
    make_engine,
    save_run,
    session_scope,
    upgrade_schema,
)
from identitylink.storage._candidate_gate import refused_candidates
from identitylink.storage._gate import screen_run
from identitylink.storage._rights import erase_customer
from identitylink.storage._suppression import without_suppressed

BASIS = "first_party_data"


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    upgrade_schema(engine)
    yield engine
    engine.dispose()


def _decisions(p: il.SocialProfile, ids: list[str]) -> list[il.LinkDecision]:
    return [
        il.LinkDecision(
            profile_platform=p.platform,
            profile_id=p.profile_id,
            profile_scope=p.scope,
            customer_id=c,
            match_weight=1.0,
            probability=0.5,
            band="review",
            explanation=il.Explanation(
                prior_weight=0.0, terms=(), match_weight=1.0, probability=0.5
            ),
        )
        for c in ids
    ]


def _reference(
    session: Session, p: il.SocialProfile, ids: list[str], crm: dict[str, il.Customer]
) -> set[str]:
    """The run's path: the suppression list, then the run's consent gate."""
    pseudo = _decisions(p, ids)
    kept, _ = without_suppressed(
        session, pseudo, [crm[c] for c in ids if c in crm], None, None
    )
    out = set(ids) - {d.customer_id for d in kept}
    refusals, _ = screen_run(session, kept, BASIS, None)
    return out | {key[3] for key in refusals}


def test_the_candidate_gate_refuses_what_the_run_refuses(
    sample: Sample, store: Engine
) -> None:
    crm = {c.customer_id: c for c in sample.crm.records}
    ids = list(crm)[:40]
    profiles = sample.profiles[:6]
    result = il.Linker(sample.spec).link(sample.crm, sample.profiles)
    with session_scope(store) as session:
        save_run(session, result, inputs={"crm": "s"}, customers=sample.crm.records)
        actor = {"actor": "data_subject", "method": Method.WEB_FORM}
        withdraw(
            session,
            Subject(kind="customer", id=ids[0]),
            Purpose.IDENTITY_LINKING,
            **actor,
        )
        grant(
            session,
            Subject(kind="customer", id=ids[1]),
            Purpose.IDENTITY_LINKING,
            notice_version="v1",
            **actor,
        )
        p = profiles[1]
        withdraw(
            session,
            Subject(
                kind="profile", id=p.profile_id, platform=p.platform, scope=p.scope
            ),
            Purpose.IDENTITY_LINKING,
            **actor,
        )
    with session_scope(store) as session:
        erase_customer(session, ids[2], actor="dpo")
    with session_scope(store) as session:
        for p in profiles:
            got = refused_candidates(
                session,
                (p.platform, p.scope, p.profile_id),
                ids,
                decisions=lambda some, p=p: _decisions(p, list(some)),
                customers=lambda some: [crm[c] for c in some if c in crm],
                legal_basis=BASIS,
                email_salt=None,
                suppression_key=None,
            )
            assert got == _reference(session, p, ids, crm), p.profile_id
        # The states above are all in play: a withdrawal and an erasure refuse.
        first = profiles[0]
        refused = _reference(session, first, ids, crm)
        assert ids[0] in refused and ids[2] in refused and ids[1] not in refused

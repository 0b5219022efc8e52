"""``Index.identify``: one profile at a time decides as the batch linker does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _shipped_sample import Sample
from sqlalchemy import Engine

import identitylink as il
from identitylink.consent import Method, Purpose, Subject, withdraw
from identitylink.storage import make_engine, save_run, session_scope, upgrade_schema


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


def _same(a: il.LinkDecision | None, b: il.LinkDecision | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.customer_id, a.band) == (b.customer_id, b.band) and abs(
        a.probability - b.probability
    ) < 1e-9


@pytest.mark.parametrize("platform", ["twitter", "facebook"])
def test_identify_equals_batch_for_every_profile_of_a_platform(
    sample: Sample, platform: str
) -> None:
    profiles = sample.twitter if platform == "twitter" else sample.facebook
    batch = il.Linker(sample.spec).link(sample.crm, profiles)
    decided = {d.profile_id: d for d in batch.links}
    index = il.Index(sample.spec, sample.crm, profiles)
    differ = [
        p.profile_id
        for p in profiles
        if not _same(index.identify(p).decision, decided.get(p.profile_id))
    ]
    assert differ == []
    assert len(decided) > len(profiles) // 3  # the comparison is not vacuous


def test_a_profile_the_index_does_not_know_is_decided_as_a_batch_run_with_it(
    sample: Sample,
) -> None:
    # The index knows the Twitter profiles; each Facebook profile is new to it
    # (scored through the index's own blocking and columns, not the known ones'),
    # and its answer is the batch's over the Twitter profiles and it.
    index = il.Index(sample.spec, sample.crm, sample.twitter)
    linker = il.Linker(sample.spec)
    differ, decided = [], 0
    for p in sample.facebook[::3]:
        batch = linker.link(sample.crm, [*sample.twitter, p])
        mine = next((d for d in batch.links if d.profile_id == p.profile_id), None)
        decided += mine is not None
        if not _same(index.identify(p).decision, mine):
            differ.append(p.profile_id)
    assert differ == []
    assert decided > len(sample.facebook[::3]) // 3


def test_identify_with_both_platforms_known_matches_every_batch_decision(
    sample: Sample,
) -> None:
    batch = il.Linker(sample.spec).link(sample.crm, sample.profiles)
    decided = {(d.profile_platform, d.profile_id): d for d in batch.links}
    index = il.Index(sample.spec, sample.crm, sample.profiles)
    alone = il.Index(sample.spec, sample.crm)
    same = same_alone = 0
    for p in sample.profiles:
        b = decided.get((p.platform, p.profile_id))
        same += _same(index.identify(p).decision, b)
        same_alone += _same(alone.identify(p).decision, b)
    n = len(sample.profiles)
    # Known profiles bring the batch's cross-platform evidence in: without them
    # about one profile in ten decides differently, with them none does.
    assert same == n
    assert same > same_alone


def test_candidates_are_ranked_and_the_decided_one_carries_its_band(
    sample: Sample,
) -> None:
    index = il.Index(sample.spec, sample.crm, sample.profiles)
    answers = [index.identify(p, candidates=3) for p in sample.profiles[:40]]
    decided = [a for a in answers if a.decision is not None]
    assert decided
    for a in answers:
        weights = [c.match_weight for c in a.candidates]
        assert weights == sorted(weights, reverse=True)
        assert len(a.candidates) <= 3
    for a in decided:
        assert a.decision is not None
        top = {c.customer_id: c.band for c in a.candidates}
        assert top.get(a.decision.customer_id) == a.decision.band


def test_incremental_updates_equal_an_index_built_on_the_final_data(
    sample: Sample,
) -> None:
    customers = list(sample.crm.records)
    first, rest = customers[:200], customers[200:]
    index = il.Index(sample.spec, first, sample.profiles[:100])
    index.upsert(rest)
    index.upsert_profiles(sample.profiles[100:])
    stray = sample.profiles[3].model_copy(update={"profile_id": "999000111"})
    index.upsert_profiles([stray])
    assert index.remove_profiles([stray.key]) == 1
    changed = customers[5].model_copy(update={"email": None, "phone": None})
    index.upsert([changed])
    gone = [customers[7].customer_id]
    index.remove(gone)
    final = [changed if c.customer_id == changed.customer_id else c for c in customers]
    final = [c for c in final if c.customer_id not in gone]
    fresh = il.Index(sample.spec, final, sample.profiles)
    assert len(index) == len(fresh) == len(customers) - 1
    for p in sample.profiles[::4]:
        a, b = index.identify(p), fresh.identify(p)
        assert _same(a.decision, b.decision), p.profile_id
        assert [c.customer_id for c in a.candidates] == [
            c.customer_id for c in b.candidates
        ]
        assert gone[0] not in {c.customer_id for c in a.candidates}


def test_after_updates_the_links_equal_a_full_relink_on_the_final_data(
    sample: Sample,
) -> None:
    customers = list(sample.crm.records)
    profiles = sample.twitter
    index = il.Index(sample.spec, customers[:150], profiles[:40])
    index.upsert(customers[150:])
    index.upsert_profiles(profiles[40:])
    stray = profiles[2].model_copy(update={"profile_id": "999000222"})
    index.upsert_profiles([stray])
    index.remove_profiles([stray.key])
    moved = profiles[9].model_copy(update={"location_text": "Reykjavik, IS"})
    index.upsert_profiles([moved])
    changed = customers[11].model_copy(update={"email": None, "city": None})
    index.upsert([changed])
    gone = {customers[4].customer_id, customers[20].customer_id}
    index.remove(gone)
    final_customers = [
        changed if c.customer_id == changed.customer_id else c
        for c in customers
        if c.customer_id not in gone
    ]
    final_profiles = [moved if p.key == moved.key else p for p in profiles]
    batch = il.Linker(sample.spec).link(final_customers, final_profiles)
    decided = {d.profile_id: d for d in batch.links}
    differ = [
        p.profile_id
        for p in final_profiles
        if not _same(index.identify(p).decision, decided.get(p.profile_id))
    ]
    assert differ == []
    assert decided and not gone & {d.customer_id for d in batch.links}


def test_an_untrained_spec_is_refused(sample: Sample) -> None:
    with pytest.raises(il.ConfigurationError, match="trained spec"):
        il.Index(il.LinkSpec.default(), sample.crm)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'index.db'}")
    upgrade_schema(engine)
    yield engine
    engine.dispose()


def test_a_withdrawn_customer_is_never_returned(sample: Sample, store: Engine) -> None:
    index = il.Index(sample.spec, sample.crm, sample.profiles)
    answers = [(p, index.identify(p)) for p in sample.profiles]
    profile, answer = next((p, a) for p, a in answers if a.decision is not None)
    assert answer.decision is not None
    cid = answer.decision.customer_id
    result = il.Linker(sample.spec).link(sample.crm, sample.profiles)
    with session_scope(store) as session:
        save_run(
            session, result, inputs={"crm": "sample"}, customers=sample.crm.records
        )
    with session_scope(store) as session:
        before = index.identify(profile, session=session)
        assert before.decision is not None
        assert before.decision.customer_id == cid
        withdraw(
            session,
            Subject(kind="customer", id=cid),
            Purpose.IDENTITY_LINKING,
            actor="data_subject",
            method=Method.WEB_FORM,
        )
    with session_scope(store) as session:
        after = index.identify(profile, session=session)
    assert after.decision is None or after.decision.customer_id != cid
    assert cid not in {c.customer_id for c in after.candidates}
    assert after.refused >= 1
    assert after.stored is None or after.stored.customer_id != cid

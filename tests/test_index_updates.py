"""Profile updates on a built index: the changed profiles are scored alone and
only those they can affect are re-decided, and the answers equal a batch run on
the final data (``Index.upsert_profiles`` / ``remove_profiles`` after
``identify``)."""

from __future__ import annotations

import pytest
from _shipped_sample import Sample

import identitylink as il

Key = tuple[str, str, str]


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


def _answer(d: il.LinkDecision | None) -> tuple[str, str, float] | None:
    return None if d is None else (d.customer_id, d.band, round(d.probability, 9))


def _differ(
    sample: Sample, index: il.Index, final: dict[Key, il.SocialProfile]
) -> list[str]:
    """Profiles whose index answer is not the batch's on the final profiles."""
    profiles = list(final.values())
    batch = il.Linker(sample.spec).link(sample.crm, profiles)
    decided = {(d.profile_platform, d.profile_id): d for d in batch.links}
    return [
        p.profile_id
        for p in profiles
        if _answer(index.identify(p).decision)
        != _answer(decided.get((p.platform, p.profile_id)))
    ]


def test_updates_after_identify_equal_a_batch_run_on_the_final_data(
    sample: Sample,
) -> None:
    final: dict[Key, il.SocialProfile] = {p.key: p for p in sample.profiles[:-30]}
    index = il.Index(sample.spec, sample.crm, list(final.values()))
    assert _differ(sample, index, final) == []  # built; every later change patches

    steps: list[list[il.SocialProfile]] = [
        sample.profiles[-30:-20],  # new profiles
        [
            sample.twitter[9].model_copy(update={"location_text": "Reykjavik, IS"}),
            sample.facebook[4].model_copy(update={"display_name": None}),
        ],
        sample.profiles[-20:],
    ]
    for step in steps:
        index.upsert_profiles(step)
        for p in step:
            final[p.key] = p
        assert _differ(sample, index, final) == []
    gone = [sample.twitter[3].key, sample.facebook[7].key]
    index.remove_profiles(gone)
    for key in gone:
        del final[key]
    assert _differ(sample, index, final) == []
    back = sample.twitter[3]  # removed, then added again: now last in the order
    index.upsert_profiles([back])
    final[back.key] = back
    assert _differ(sample, index, final) == []
    # Between two identifications: one removed, a new one, the first one back.
    again, new = sample.facebook[2], sample.facebook[11]
    twin = new.model_copy(update={"profile_id": "990001"})
    index.remove_profiles([again.key])
    index.upsert_profiles([twin, again])
    del final[again.key]
    final[twin.key] = twin
    final[again.key] = again
    assert _differ(sample, index, final) == []


def test_one_changed_profile_re_decides_only_the_profiles_it_can_move(
    sample: Sample,
) -> None:
    index = il.Index(sample.spec, sample.crm, sample.profiles)
    index.identify(sample.profiles[0])
    changed = sample.facebook[4].model_copy(update={"location_text": "Oslo, NO"})
    index.upsert_profiles([changed])
    index.identify(changed)
    snapshot = index._snapshot  # the state the change left (private: white box)
    assert snapshot is not None and snapshot.known is not None
    redone = snapshot.known.extra.patched_rows
    # The changed profile, and the few others with an edge where it is a partner.
    assert 1 <= redone < len(sample.profiles) // 10

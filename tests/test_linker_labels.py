"""A run given reviewed pairs keeps them (``Linker.link(..., labels=...)``)."""

from __future__ import annotations

import pytest
from _link_data import population

from identitylink import Customer, Linker, LinkResult, LinkSpec, SocialProfile

Data = tuple[list[Customer], list[SocialProfile], set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def data() -> Data:
    return population()


@pytest.fixture(scope="module")
def trained(data: Data) -> LinkSpec:
    customers, profiles, _ = data
    return Linker().train(customers, profiles)


@pytest.fixture(scope="module")
def plain(data: Data, trained: LinkSpec) -> LinkResult:
    customers, profiles, _ = data
    return Linker(trained).link(customers, profiles, rejected=True)


def _links(result: LinkResult) -> dict[tuple[str, str], str]:
    return {(d.profile_platform, d.profile_id): d.customer_id for d in result.links}


def test_a_rejected_pair_is_not_linked_and_the_rest_stays(
    data: Data, trained: LinkSpec, plain: LinkResult
) -> None:
    customers, profiles, _ = data
    first = plain.links[0]
    label = (first.profile_platform, first.profile_id, first.customer_id, False)
    result = Linker(trained).link(customers, profiles, labels=[label])
    after = _links(result)
    key = (first.profile_platform, first.profile_id)
    assert after.get(key) != first.customer_id
    before = _links(plain)
    unchanged = {k: v for k, v in before.items() if k != key}
    assert sum(after.get(k) == v for k, v in unchanged.items()) >= len(unchanged) - 2


def test_a_rejected_namesake_no_longer_holds_its_profile_back(
    data: Data, trained: LinkSpec, plain: LinkResult
) -> None:
    """A profile left unlinked because two customers score alike (here: a copy of
    its customer under another id) links once a reviewer rejects the copy."""
    customers, profiles, _ = data
    first = plain.links[0]
    original = next(c for c in customers if c.customer_id == first.customer_id)
    twin = original.model_copy(
        update={"customer_id": "twin-of-" + original.customer_id}
    )
    key = (first.profile_platform, first.profile_id)
    with_twin = [*customers, twin]
    held = _links(Linker(trained).link(with_twin, profiles))
    assert key not in held  # two customers alike: neither is linked
    label = (*key, twin.customer_id, False)
    result = Linker(trained).link(with_twin, profiles, labels=[label])
    assert _links(result).get(key) == original.customer_id


def test_an_accepted_pair_is_linked_auto_whatever_it_scores(
    data: Data, trained: LinkSpec, plain: LinkResult
) -> None:
    customers, profiles, _ = data
    linked = _links(plain)
    unlinked = next(p for p in profiles if (p.platform, p.profile_id) not in linked)
    customer = customers[-1]  # blocking may never pair them: the pair is added
    label = (unlinked.platform, unlinked.profile_id, customer.customer_id, True)
    result = Linker(trained).link(customers, profiles, labels=[label])
    decision = next(
        d
        for d in result.links
        if (d.profile_platform, d.profile_id)
        == (unlinked.platform, unlinked.profile_id)
    )
    assert decision.customer_id == customer.customer_id
    assert decision.band == "auto"
    assert "accepted by a reviewer" in decision.explanation.notes


def test_labels_of_records_not_in_the_run_are_ignored(
    data: Data, trained: LinkSpec, plain: LinkResult
) -> None:
    customers, profiles, _ = data
    labels = [("twitter", "no-such-profile", customers[0].customer_id, True)]
    result = Linker(trained).link(customers, profiles, labels=labels)
    assert _links(result) == _links(plain)

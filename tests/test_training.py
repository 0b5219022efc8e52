"""Training: m of its own for a platform the e-mail anchors do not cover."""

from __future__ import annotations

import random

import pytest

from identitylink import Customer, Linker, LinkSpec, Place, SocialProfile

SYLLABLES = ["ba", "ko", "ri", "mu", "sel", "dan", "tor", "vi", "len", "gar", "po"]
CITIES = ["Lyon", "Paris", "Berlin", "Roma", "Madrid", "Lille"]
Data = tuple[list[Customer], list[SocialProfile], set[tuple[str, str, str]]]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@pytest.fixture(scope="module")
def data() -> Data:
    """Facebook profiles with full names and e-mails (the anchors); X profiles
    that write the given name as an initial ("K. Bamusel"), as many people do."""
    rng = random.Random(3)
    givens = [_word(rng, 2) for _ in range(60)]
    customers, profiles, truth = [], [], set()
    for i in range(1500):
        given, family = rng.choice(givens), _word(rng, 3)
        city = rng.choice(CITIES)
        cid = f"C{i:05d}"
        email = f"{given}.{family}{i}@example.org".lower()
        customers.append(
            Customer(
                customer_id=cid,
                given_names=(given,),
                family_names=(family,),
                email=email,
                city=city,
            )
        )
        if i % 2 == 0:
            profiles.append(
                SocialProfile(
                    platform="facebook",
                    profile_id=f"fb{i}",
                    given_name=given,
                    family_name=family,
                    display_name=f"{given} {family}",
                    email=email,
                    location=Place(name=city),
                )
            )
            truth.add(("facebook", f"fb{i}", cid))
        if i % 3 == 0:
            shown = f"{given[0]}. {family}" if i % 2 else f"{given} {family}"
            profiles.append(
                SocialProfile(
                    platform="twitter",
                    profile_id=f"tw{i}",
                    display_name=shown,
                    username=f"user{i}",
                    location_text=city,
                )
            )
            truth.add(("twitter", f"tw{i}", cid))
    return customers, profiles, truth


def _spec(per_platform: bool) -> LinkSpec:
    spec = LinkSpec.default()
    comps = tuple(
        c.model_copy(update={"per_platform": per_platform}) for c in spec.comparisons
    )
    return spec.model_copy(update={"comparisons": comps})


def test_x_learns_its_own_name_m(data: Data) -> None:
    customers, profiles, _ = data
    spec = Linker().train(customers, profiles)
    given = spec.comparisons[0]
    assert given.name == "given_name"
    assert set(given.m_by_platform) == {"twitter"}  # Facebook is covered by anchors
    initial = given.levels().index("initial") - 1  # m has no null level
    assert given.m is not None
    assert given.m_by_platform["twitter"][initial] > 10 * given.m[initial]
    # the per-platform m survives the JSON round trip and is cleared by untrained()
    again = LinkSpec.from_json(spec.to_json())
    assert again.comparisons[0].m_by_platform == given.m_by_platform
    assert again.untrained().comparisons[0].m_by_platform == {}


def test_own_m_links_abbreviated_x_names(data: Data) -> None:
    customers, profiles, truth = data

    def found(per_platform: bool) -> int:
        result = Linker(_spec(per_platform)).link(customers, profiles)
        return sum(
            (d.profile_platform, d.profile_id, d.customer_id) in truth
            for d in result.links
            if d.profile_platform == "twitter" and int(d.profile_id[2:]) % 2
        )

    shared, own = found(False), found(True)
    assert own > shared + 20

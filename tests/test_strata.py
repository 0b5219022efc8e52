"""u conditioned on name agreement: namesakes share name-built e-mail addresses."""

from __future__ import annotations

import math
import random

import pytest

from identitylink import (
    Customer,
    Linker,
    LinkSpec,
    Place,
    SocialProfile,
)
from identitylink.comparisons import FamilyNameComparison, GivenNameComparison

SYLLABLES = ["ba", "ko", "ri", "mu", "sel", "dan", "tor", "vi", "len", "gar", "po"]
CITIES = ["Lyon", "Paris", "Berlin", "Roma", "Madrid", "Lille", "Wien", "Porto"]
DOMAINS = ["gmail.com", "orange.fr", "web.de", "yahoo.com", "libero.it"]
GIVENS, FAMILIES = 20, 30  # common names: many namesakes per name
Data = tuple[list[Customer], list[SocialProfile], set[tuple[str, str]]]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@pytest.fixture(scope="module")
def data() -> Data:
    """Customers whose e-mail is ``given.family@provider``; Facebook profiles of
    half of them (same address or none); and profiles of namesakes who are not
    customers, with the same name-built local part at another provider."""
    rng = random.Random(11)
    givens = [_word(rng, 2) for _ in range(GIVENS)]
    families = [_word(rng, 3) for _ in range(FAMILIES)]
    customers: list[Customer] = []
    profiles: list[SocialProfile] = []
    truth: set[tuple[str, str]] = set()
    for i in range(2000):
        given, family = rng.choice(givens), rng.choice(families)
        city = rng.choice(CITIES)
        local = f"{given}.{family}".lower()
        email = f"{local}@{rng.choice(DOMAINS)}"
        cid = f"C{i:05d}"
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
                    email=email if i % 4 == 0 else None,
                    location=Place(name=city) if i % 3 else None,
                )
            )
            truth.add((f"fb{i}", cid))
        elif i % 3 == 0:  # a namesake, not a customer
            other = rng.choice([d for d in DOMAINS if not email.endswith(d)])
            profiles.append(
                SocialProfile(
                    platform="facebook",
                    profile_id=f"ns{i}",
                    given_name=given,
                    family_name=family,
                    display_name=f"{given} {family}",
                    email=f"{local}@{other}",
                    location=Place(name=rng.choice(CITIES)),
                )
            )
    return customers, profiles, truth


def _conditioned(on: bool) -> LinkSpec:
    return LinkSpec.default().model_copy(update={"condition_u_on_names": on})


def test_name_agreement_of_name_levels() -> None:
    g, f = GivenNameComparison(), FamilyNameComparison()
    given = dict(zip(g.levels(), g.name_agreement(), strict=True))
    family = dict(zip(f.levels(), f.name_agreement(), strict=True))
    assert given["exact"] == given["nickname"] == 2
    assert given["initial"] == 1 and given["null"] == given["else"] == 0
    assert family["exact"] == 2 and family["jaro_winkler>=0.92"] == 1
    assert family["initial"] == family["else"] == 0


def test_u_of_local_part_is_higher_where_names_agree(data: Data) -> None:
    customers, profiles, _ = data
    spec = Linker(_conditioned(True)).train(customers, profiles)
    email = next(c for c in spec.comparisons if c.name == "email")
    local_exact = email.levels().index("local_exact") - 1
    disagree, _, agree = email.u_by_names
    assert agree[local_exact] > 10 * disagree[local_exact]
    names = [c for c in spec.comparisons if c.name_agreement() is not None]
    assert names and all(not c.u_by_names for c in names)
    birth = next(c for c in spec.comparisons if c.name == "birth_date")
    assert not birth.u_by_names  # u from random pairs, not conditioned


def test_spec_round_trip_keeps_u_by_names(data: Data) -> None:
    customers, profiles, _ = data
    spec = Linker(_conditioned(True)).train(customers, profiles)
    assert LinkSpec.from_json(spec.to_json()) == spec
    assert all(not c.u_by_names for c in spec.untrained().comparisons)
    off = Linker(_conditioned(False)).train(customers, profiles)
    assert all(not c.u_by_names for c in off.comparisons)


def test_namesakes_with_name_built_addresses_are_not_linked(data: Data) -> None:
    customers, profiles, truth = data
    counts = {}
    for on in (False, True):
        result = Linker(_conditioned(on)).link(customers, profiles)
        wrong = sum(
            (link.profile_id, link.customer_id) not in truth for link in result.links
        )
        right = len(result.links) - wrong
        counts[on] = (right, wrong)
    (right_off, wrong_off), (right_on, wrong_on) = counts[False], counts[True]
    # Without conditioning, a shared local part reads as strong evidence and
    # namesakes outscore the true customer; with it, both counts improve.
    assert right_on > right_off
    assert wrong_on < wrong_off


def test_explanation_uses_the_u_of_its_stratum(data: Data) -> None:
    customers, profiles, _ = data
    linker = Linker(_conditioned(True))
    result = linker.link(customers, profiles)
    email = next(c for c in linker.spec.comparisons if c.name == "email")
    assert email.m is not None
    seen = 0
    for link in result.links:
        terms = {t.comparison: t for t in link.explanation.terms}
        names_agree = terms["given_name"].level == terms["family_name"].level == "exact"
        if names_agree and terms["email"].level == "local_exact":
            k = email.levels().index("local_exact") - 1
            expected = math.log2(email.m[k] / email.u_by_names[2][k])
            assert terms["email"].weight == pytest.approx(expected, abs=1e-3)
            seen += 1
    assert seen > 0

"""The scoring kernel: levels per comparison for pairs of records (private API)."""

from __future__ import annotations

import numpy as np

from identitylink import Customer, PartialDate, Place, SocialProfile
from identitylink._engine.features import build_side
from identitylink._engine.kernel import compute_levels, match_weights
from identitylink.comparisons import (
    BirthDateComparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    PlaceComparison,
    UsernameComparison,
)

COMPARISONS = (
    GivenNameComparison(),
    FamilyNameComparison(),
    EmailComparison(),
    UsernameComparison(),
    PlaceComparison(),
    BirthDateComparison(),
)


def _customer(cid: str, given: str, family: str, **kw: object) -> Customer:
    return Customer(customer_id=cid, given_names=(given,), family_names=(family,), **kw)  # type: ignore[arg-type]


def _levels(customer: Customer, profile: SocialProfile) -> dict[str, str]:
    left, right = build_side([customer]), build_side([profile])
    one = np.zeros(1, dtype=np.int64)
    lev = compute_levels(COMPARISONS, left, right, one, one).levels[0]
    return {c.name: c.levels()[int(x)] for c, x in zip(COMPARISONS, lev, strict=True)}


def test_swapped_display_name_matches_exactly() -> None:
    c = _customer("C1", "Jean", "Dupont")
    p = SocialProfile(platform="twitter", profile_id="1", display_name="DUPONT Jean")
    got = _levels(c, p)
    assert (got["given_name"], got["family_name"]) == ("exact", "exact")


def test_nickname_and_initial_levels() -> None:
    c = _customer("C1", "Robert", "Smith")
    bob = SocialProfile(platform="twitter", profile_id="1", display_name="Bob Smith")
    assert _levels(c, bob)["given_name"] == "nickname"
    initial = SocialProfile(platform="twitter", profile_id="2", display_name="R. Smith")
    assert _levels(c, initial)["given_name"] == "initial"
    other = SocialProfile(
        platform="twitter", profile_id="3", display_name="Karen Smith"
    )
    assert _levels(c, other)["given_name"] == "else"


def test_family_typo_is_graded_and_missing_is_null() -> None:
    c = _customer("C1", "Thierry", "Roger")
    typo = SocialProfile(
        platform="facebook", profile_id="1", given_name="Thierry", family_name="Rogger"
    )
    assert _levels(c, typo)["family_name"].startswith("jaro_winkler")
    alone = SocialProfile(platform="facebook", profile_id="2", given_name="Thierry")
    assert _levels(c, alone)["family_name"] == "null"


def test_email_username_place_and_birthday() -> None:
    c = _customer(
        "C1",
        "Anna",
        "Keller",
        email="anna.keller@gmail.com",
        city="München",
        country="DE",
        birth_date=PartialDate(year=1985, month=7, day=26),
    )
    fb = SocialProfile(
        platform="facebook",
        profile_id="1",
        given_name="Anna",
        family_name="Keller",
        email="annakeller@googlemail.com",
        birthday=PartialDate(month=7, day=26),
        location=Place(name="Munich, Germany"),
    )
    got = _levels(c, fb)
    assert got["email"] == "exact"
    assert got["place"] == "city"
    assert got["birth_date"] == "day_month"
    tw = SocialProfile(
        platform="twitter", profile_id="2", display_name="Anna K.", username="kellera85"
    )
    got = _levels(c, tw)
    assert got["username"] == "handle"
    assert got["email"] == "null"
    assert got["birth_date"] == "null"


def test_birthday_disagreement_is_else() -> None:
    c = _customer(
        "C1", "Anna", "Keller", birth_date=PartialDate(year=1985, month=7, day=26)
    )
    p = SocialProfile(
        platform="facebook",
        profile_id="1",
        given_name="Anna",
        family_name="Keller",
        birthday=PartialDate(year=1990, month=1, day=2),
    )
    assert _levels(c, p)["birth_date"] == "else"


def test_generic_exact_match_on_an_attribute() -> None:
    left = build_side([_customer("C1", "A", "B", attributes={"card": "AB12"})])
    right = build_side([_customer("L1", "A", "B", attributes={"card": " ab12 "})])
    one = np.zeros(1, dtype=np.int64)
    lev = compute_levels((ExactMatch(column="card"),), left, right, one, one).levels
    assert lev[0, 0] == 1


def test_kernel_is_deterministic_and_chunkable() -> None:
    customers = [
        _customer(f"C{i}", g, f)
        for i, (g, f) in enumerate(
            [
                ("Jean", "Dupont"),
                ("Marie", "Curie"),
                ("Bob", "Marley"),
                ("Anna", "Keller"),
            ]
        )
    ]
    profiles = [
        SocialProfile(platform="twitter", profile_id=str(i), display_name=n)
        for i, n in enumerate(
            ["Jean Dupont", "CURIE Marie", "Robert Marley", "A. Keller"]
        )
    ]
    left, right = build_side(customers), build_side(profiles)
    li = np.repeat(np.arange(4), 4)
    ri = np.tile(np.arange(4), 4)
    full = compute_levels(COMPARISONS, left, right, li, ri)
    parts = [
        compute_levels(COMPARISONS, left, right, li[k::2], ri[k::2]) for k in (0, 1)
    ]
    again = np.empty_like(full.levels)
    again[0::2], again[1::2] = parts[0].levels, parts[1].levels
    assert np.array_equal(full.levels, again)
    assert np.array_equal(
        full.levels, compute_levels(COMPARISONS, left, right, li, ri).levels
    )


def test_term_frequency_makes_common_family_names_weaker() -> None:
    customers = [_customer(f"C{i}", f"G{i}", "Martin") for i in range(20)]
    customers.append(_customer("R", "Zoe", "Schleich"))
    profiles = [
        SocialProfile(
            platform="facebook", profile_id="1", given_name="X", family_name="Martin"
        ),
        SocialProfile(
            platform="facebook", profile_id="2", given_name="Y", family_name="Schleich"
        ),
    ]
    comps = (FamilyNameComparison(),)
    left, right = build_side(customers), build_side(profiles)
    li, ri = np.array([0, 20]), np.array([0, 1])
    levels = compute_levels(comps, left, right, li, ri)
    tables = [np.array([0.0, 5.0, 3.0, 2.0, 1.0, -3.0])]
    _, per = match_weights(levels, tables)
    assert per[0, 0] < 5.0 < per[1, 0]


def test_a_reading_the_profile_lacks_never_hides_a_disagreement() -> None:
    # A three-word name elsewhere in the batch gives every profile a third
    # reading; a two-word name has none, and its empty reading must not turn
    # the disagreeing names into "null".
    c = _customer("C1", "Daniela", "Puig")
    two = SocialProfile(
        platform="facebook",
        profile_id="1",
        given_name="Capucine",
        family_name="Rouchoarcher",
        display_name="Capucine Rouchoarcher",
    )
    three = SocialProfile(
        platform="twitter", profile_id="2", display_name="Glauco Asalt Castells"
    )
    left, right = build_side([c]), build_side([two, three])
    assert right.readings == 3
    zero = np.zeros(1, dtype=np.int64)
    lev = compute_levels(COMPARISONS, left, right, zero, zero).levels[0]
    assert COMPARISONS[0].levels()[lev[0]] == "else"
    assert COMPARISONS[1].levels()[lev[1]] == "else"


def test_username_cut_by_the_platform_and_names_inside_it() -> None:
    c = _customer("C1", "Susanne", "Schlehmaner")
    cut = SocialProfile(
        platform="twitter", profile_id="1", display_name="S", username="susanne_schlehm"
    )
    assert _levels(c, cut)["username"] == "handle"  # X allows 15 characters
    short = SocialProfile(
        platform="twitter", profile_id="2", display_name="S.", username="susan"
    )
    assert _levels(c, short)["username"] != "handle"  # too short to be a cut handle
    v = _customer("C2", "Victor", "Berre")
    inside = SocialProfile(
        platform="twitter", profile_id="3", display_name="V.", username="vic_berre656"
    )
    assert _levels(v, inside)["username"] == "name_inside"
    other = SocialProfile(
        platform="twitter", profile_id="4", display_name="V.", username="la_berre656"
    )
    assert _levels(v, other)["username"] in ("similar", "else")


def test_greek_and_cyrillic_given_names_reach_the_nickname_level() -> None:
    # Issue 17 item 7: Γιώργος ~ Georgios, Саша ~ Alexander were disagreements.
    greek = SocialProfile(
        platform="twitter", profile_id="1", display_name="Γιώργος Παπαδόπουλος"
    )
    georgios = _customer("C1", "Georgios", "Papadopoulos")
    assert _levels(georgios, greek)["given_name"] == "nickname"
    sasha = SocialProfile(
        platform="twitter", profile_id="2", display_name="Саша Иванов"
    )
    alexander = _customer("C1", "Alexander", "Ivanov")
    assert _levels(alexander, sasha)["given_name"] == "nickname"

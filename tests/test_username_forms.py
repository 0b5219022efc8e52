"""Usernames shaped from a name beyond the handles: decorations, cut family names."""

from __future__ import annotations

import pytest
from _link_data import population

from identitylink import Customer, Linker, SocialProfile


def _username_level(username: str, display: str, given: str, family: str) -> str:
    customers, profiles, _ = population(200)
    me = Customer(
        customer_id="ME", given_names=(given,), family_names=(family,), city="Lyon"
    )
    profile = SocialProfile(
        platform="twitter",
        profile_id="me",
        display_name=display,
        username=username,
        location_text="Lyon",
    )
    result = Linker().link([*customers, me], [*profiles, profile], rejected=True)
    pair = next(
        d
        for d in (*result.links, *result.rejected)
        if (d.profile_id, d.customer_id) == ("me", "ME")
    )
    return next(t.level for t in pair.explanation.terms if t.comparison == "username")


@pytest.mark.parametrize(
    ("username", "display", "given", "family", "level"),
    [
        ("itsfranciscag", "Francisca G.", "Francisca", "Garcia", "handle"),
        ("real_jdupont", "J. Dupont", "Jean", "Dupont", "handle"),
        ("tatyanadmit", "Tatyana D.", "Tatiana", "Dmitrieva", "name_inside"),
        ("imlasselaurs", "Lasse Laursen", "Lars", "Laursen", "name_inside"),
        ("laursenlars", "Lars", "Lars", "Laursen", "handle"),
        ("dmitanya", "Tanya Dmitrieva", "Tatiana", "Dmitrieva", "name_inside"),
        ("tanyaxyz", "Tanya Dmitrieva", "Tatiana", "Dmitrieva", "else"),
    ],
)
def test_username_shapes(
    username: str, display: str, given: str, family: str, level: str
) -> None:
    assert _username_level(username, display, given, family) == level


def _twitter_link(local: str) -> tuple[str, tuple[str, ...]]:
    customers, profiles, _ = population(200)
    me = Customer(
        customer_id="ME",
        given_names=("Oskar",),
        family_names=("Lindqvist",),
        email=f"{local}@example.org",
        city="Lyon",
        country="FR",
    )
    profile = SocialProfile(
        platform="twitter",
        profile_id="me",
        display_name="Oskar Lindqvist",
        username=local,
        location_text="Lyon",
    )
    result = Linker().link([*customers, me], [*profiles, profile])
    link = next(d for d in result.links if d.profile_id == "me")
    return link.band, link.explanation.notes


def test_a_username_equal_to_a_name_built_local_part_does_not_identify() -> None:
    # "oskarlindqvist" is what any Oskar Lindqvist would choose.
    band, notes = _twitter_link("oskarlindqvist")
    assert band == "review"
    assert any("no identifying evidence" in n for n in notes)


@pytest.mark.parametrize("local", ["oskar1954", "lindqvist1954"])
def test_a_username_equal_to_a_given_or_family_name_local_part_does_not_identify(
    local: str,
) -> None:
    # Any Oskar born in 1954 may be "oskar1954": the name and a year, not a person.
    band, notes = _twitter_link(local)
    assert band == "review"
    assert any("no identifying evidence" in n for n in notes)


def test_a_username_equal_to_another_local_part_identifies() -> None:
    band, _ = _twitter_link("goldenwolf")
    assert band == "auto"


def _given_level(crm_given: tuple[str, ...], display: str) -> str:
    customers, profiles, _ = population(200)
    me = Customer(
        customer_id="ME",
        given_names=crm_given,
        family_names=("Lindqvist",),
        city="Lyon",
        country="FR",
    )
    profile = SocialProfile(platform="facebook", profile_id="me", display_name=display)
    result = Linker().link([*customers, me], [*profiles, profile], rejected=True)
    pair = next(
        d
        for d in (*result.links, *result.rejected)
        if (d.profile_id, d.customer_id) == ("me", "ME")
    )
    return next(t.level for t in pair.explanation.terms if t.comparison == "given_name")


def test_one_given_name_against_several_is_exact_on_the_first() -> None:
    # "Jean" ~ "Jean Louis": one side has a single given name, the first agree.
    assert _given_level(("Jean", "Louis"), "Jean Lindqvist") == "exact"
    assert _given_level(("Jean",), "Jean Louis Lindqvist") == "exact"

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

"""Places in scoring: an unresolvable location is missing evidence, and a bare
city is read in the CRM's countries (issue 17 item 5)."""

from __future__ import annotations

import pytest

from identitylink import Customer, Linker, LinkSpec, SocialProfile, block_on
from identitylink.comparisons import (
    FamilyNameComparison,
    GivenNameComparison,
    PlaceComparison,
)

SPEC = LinkSpec(
    comparisons=(
        GivenNameComparison(
            m=(0.8, 0.05, 0.05, 0.04, 0.04, 0.02),
            u=(0.01, 0.01, 0.02, 0.03, 0.03, 0.9),
        ),
        FamilyNameComparison(m=(0.9, 0.04, 0.03, 0.03), u=(0.01, 0.02, 0.02, 0.95)),
        PlaceComparison(m=(0.6, 0.1, 0.2, 0.1), u=(0.01, 0.01, 0.2, 0.78)),
    ),
    blocking_rules=(block_on("family"),),
    prior=0.01,
)


def _place_level(city: str, country: str, location: str) -> str:
    customers = [
        Customer(
            customer_id="C1",
            given_names=("Carmen",),
            family_names=("Gueiraldo",),
            city=city,
            country=country,
        ),
        Customer(
            customer_id="C2",
            given_names=("Luis",),
            family_names=("Ortega",),
            city="Sevilla",
            country="ES",
        ),
    ]
    profile = SocialProfile(
        platform="twitter",
        profile_id="1",
        display_name="Carmen Gueiraldo",
        location_text=location,
    )
    (decision,) = Linker(SPEC).link(customers, [profile]).links
    (term,) = [t for t in decision.explanation.terms if t.comparison == "place"]
    return term.level


@pytest.mark.parametrize("location", ["between two trains", "Kleinkleckersdorf"])
def test_a_location_that_is_no_known_place_is_missing_evidence(location: str) -> None:
    assert _place_level("Genova", "IT", location) == "null"


def test_a_known_other_city_still_disagrees() -> None:
    assert _place_level("Genova", "IT", "Lyon") == "else"


def test_bare_city_is_read_in_the_crm_countries() -> None:
    # Valencia, Venezuela is larger, but the CRM's customers live in Spain: Madrid
    # and Valencia disagree on the city and agree on the country.
    assert _place_level("Madrid", "ES", "Valencia") == "country"

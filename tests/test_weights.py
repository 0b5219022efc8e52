"""Exact agreements never count against a match (issue 17 item 4)."""

from __future__ import annotations

from identitylink import Customer, Linker, LinkSpec, SocialProfile, block_on
from identitylink.comparisons import FamilyNameComparison, GivenNameComparison


def _spec(family_exact_m: float, family_exact_u: float) -> LinkSpec:
    rest_m = (1.0 - family_exact_m) / 3
    rest_u = (1.0 - family_exact_u) / 3
    return LinkSpec(
        comparisons=(
            GivenNameComparison(
                m=(0.8, 0.05, 0.05, 0.04, 0.04, 0.02),
                u=(0.01, 0.01, 0.02, 0.03, 0.03, 0.9),
            ),
            FamilyNameComparison(
                m=(family_exact_m, rest_m, rest_m, rest_m),
                u=(family_exact_u, rest_u, rest_u, rest_u),
            ),
        ),
        blocking_rules=(block_on("family"),),
        prior=0.01,
    )


def _common_surname() -> tuple[list[Customer], list[SocialProfile]]:
    """A CRM of 100 customers, 20 of them Bouchards, the others all different."""
    given = ["Anne", "Marc", "Luc", "Paul", "Rose", "Yves", "Lise", "Jean", "Rémi"]
    given += ["Hugo", "Inès", "Léa", "Noé", "Zoé", "Eva", "Tom", "Max", "Ida", "Ugo"]
    given += ["Mia"]
    customers = [
        Customer(
            customer_id=f"C{i}",
            given_names=(given[i % len(given)],),
            family_names=("Bouchard" if i < 20 else f"Family{chr(97 + i % 26)}{i}",),
        )
        for i in range(100)
    ]
    profile = SocialProfile(
        platform="facebook",
        profile_id="1",
        given_name="Anne",
        family_name="Bouchard",
    )
    return customers, [profile]


def _family_term(spec: LinkSpec) -> tuple[str, float]:
    customers, profiles = _common_surname()
    result = Linker(spec).link(customers, profiles)
    (decision,) = result.links
    (term,) = [t for t in decision.explanation.terms if t.comparison == "family_name"]
    return term.level, term.weight


def test_common_exact_surname_still_counts_for_the_match() -> None:
    # log2(0.9/0.5) = +0.85 bits before term frequency; "bouchard" is 20 of 100
    # customers, so term frequency takes log2(0.048 / 0.2) = -2.06 bits off.
    level, weight = _family_term(_spec(0.9, 0.5))
    assert level == "exact"
    assert weight > 0


def test_exact_level_learnt_below_zero_is_floored() -> None:
    # m < u for the exact level (as EM can learn inside namesake blocks).
    level, weight = _family_term(_spec(0.3, 0.6))
    assert level == "exact"
    assert weight > 0

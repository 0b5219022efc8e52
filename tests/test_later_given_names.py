"""Several given names on both sides (issue 11 §3): "Thị Hằng" is not "Thị Thảo",
"Jean Louis" is not "Jean Pierre", though each pair shares its first given name."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, Place, SocialProfile

CASES = [
    # customer given, profile given, expected given_name level
    (("Thị", "Hằng"), "Thị Thảo", "else"),
    (("Jean", "Louis"), "Jean Pierre", "else"),
    (("Jean", "Louis"), "Jean L.", "nickname"),
    (("Maria", "Clara"), "Maria", "exact"),
    (("Thị", "Thảo"), "Thị Thảo", "exact"),
]


def _level(given: tuple[str, ...], shown: str) -> str:
    customers, profiles, _ = population()
    customers.append(
        Customer(
            customer_id="G001",
            given_names=given,
            family_names=("Quarterman",),
            city="Lyon",
            country="FR",
        )
    )
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="7001",
            given_name=shown,
            family_name="Quarterman",
            display_name=f"{shown} Quarterman",
            location=Place(name="Lyon"),
        )
    )
    result = Linker().link(customers, profiles, rejected=True)
    decision = next(
        d for d in (*result.links, *result.rejected) if d.profile_id == "7001"
    )
    assert decision.customer_id == "G001"
    assert decision.explanation is not None
    term = next(t for t in decision.explanation.terms if t.comparison == "given_name")
    return term.level


def test_later_given_names_decide_when_both_have_several() -> None:
    got = [(g, s, _level(g, s)) for g, s, _ in CASES]
    assert got == [(g, s, want) for g, s, want in CASES]

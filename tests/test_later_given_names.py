"""Several given names on both sides (issue 11 §3): "Thị Hằng" is not "Thị Thảo",
"Jean Louis" is not "Jean Pierre", though each pair shares its first given name."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, LinkSpec, Place, SocialProfile, block_on
from identitylink.comparisons import FamilyNameComparison, GivenNameComparison

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


def test_one_given_name_is_read_from_the_record_whatever_the_other_records() -> None:
    """ "Anna" against "Anna Maria" is exact on the first given name. Whether a
    record holds one given name is read from its own strings: the integer codes
    of full given names and of first given names come from two encodings of
    different values, so comparing them made "Anna Maria" look single or "Anna"
    look double depending on the other customers (it gave ``nickname`` here)."""
    names = ["Jean Louis", "Jean", "Anna", "Anna Maria"]
    customers = [
        Customer(customer_id=f"C{i}", given_names=(g,), family_names=("Lindqvist",))
        for i, g in enumerate(names)
    ]
    spec = LinkSpec(
        comparisons=(GivenNameComparison(), FamilyNameComparison()),
        blocking_rules=(block_on("family"),),
        prior=0.1,
    )
    for i, given in enumerate(names):
        first = given.split()[0]
        profile = SocialProfile(
            platform="facebook",
            profile_id="p",
            given_name=first,
            family_name="Lindqvist",
            display_name=f"{first} Lindqvist",
        )
        result = Linker(spec).link(customers, [profile], rejected=True)
        pair = next(
            d for d in (*result.links, *result.rejected) if d.customer_id == f"C{i}"
        )
        term = next(t for t in pair.explanation.terms if t.comparison == "given_name")
        assert term.level == "exact", (given, term.level)

"""Full names in one CRM column (issue 11 §3): what the split cannot know.

"Antonia Santiago Herrera" is read given, middle, family; online she is "Antonia
Santiago". A name that starts with a particle ("DA SILVA HELENA") is written
family name first.
"""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, Place, SocialProfile
from identitylink.normalize import split_full_name

PEOPLE = [
    ("W001", "Antonia Santiago Herrera", "Antonia", "Santiago", "ES", "Madrid"),
    ("W002", "Anders Hedetoft Thomsen", "Anders", "Hedetoft", "DK", "Aarhus"),
    ("W003", "Julia Cabrera Soler", "Julia", "Cabrera", "ES", "Sevilla"),
]


def _customer(cid: str, full: str, country: str, city: str) -> Customer:
    parts = split_full_name(full, country)
    return Customer(
        customer_id=cid,
        given_names=parts.given_names,
        family_names=parts.family_names,
        name_particles=parts.particles,
        full_name=full,
        city=city,
        country=country,
    )


def _data() -> tuple[list[Customer], list[SocialProfile]]:
    customers, profiles, _ = population()
    for cid, full, given, family, country, city in PEOPLE:
        customers.append(_customer(cid, full, country, city))
        profiles.append(
            SocialProfile(
                platform="facebook",
                profile_id=f"8{cid[1:]}",
                given_name=given,
                family_name=family,
                display_name=f"{given} {family}",
                location=Place(name=city),
            )
        )
    return customers, profiles


def test_a_middle_word_of_a_full_name_agrees_as_a_family_name() -> None:
    customers, profiles = _data()
    result = Linker().link(customers, profiles)
    by_profile = {d.profile_id: d for d in result.links}
    for cid, *_ in PEOPLE:
        decision = by_profile[f"8{cid[1:]}"]
        assert decision.customer_id == cid
        assert decision.explanation is not None
        family = next(
            t for t in decision.explanation.terms if t.comparison == "family_name"
        )
        # the middle word is one word of the compound the full name may hold
        assert family.level == "compound_word"
        assert family.weight > 0


def _kept(full_name: str | None) -> int | None:
    customers, profiles, _ = population()
    customers.append(
        Customer(
            customer_id="W100",
            given_names=("Jean", "Louis"),
            family_names=("Dupont",),
            full_name=full_name,
            city="Lyon",
            country="FR",
        )
    )
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="8100",
            given_name="Jean",
            family_name="Louis",
            display_name="Jean Louis",
        )
    )
    report = Linker().blocking_report(
        customers, profiles, [("facebook", "8100", "W100")]
    )
    return report.true_pairs_kept


def test_separate_name_columns_keep_their_family_name() -> None:
    # Given and family columns say where the family name is: the middle word
    # becomes a family name only when the CRM wrote the name in one piece.
    assert _kept("Jean Louis Dupont") == 1
    assert _kept(None) == 0


def test_a_name_that_starts_with_a_particle_is_family_first() -> None:
    assert split_full_name("DA SILVA HELENA", "PT").given_names == ("HELENA",)
    assert split_full_name("van den Berg Jan").family_names == ("Berg",)
    assert split_full_name("van den Berg Jan").particles == ("van den",)
    parts = split_full_name("dos Santos Fernandes Ana Rita", "PT")
    assert parts.given_names == ("Ana", "Rita")
    assert parts.family_names == ("Santos", "Fernandes")


def test_the_name_pair_key_ignores_the_order_of_the_words() -> None:
    from identitylink import LinkSpec, block_on

    customers, profiles, _ = population()
    customers.append(_customer("W200", "SANTOS FERREIRA MARIA CLARA", "BR", "Recife"))
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="8200",
            given_name="Maria Clara",
            family_name="Ferreira",
            display_name="Maria Clara Ferreira",
        )
    )
    truth = [("facebook", "8200", "W200")]
    default = LinkSpec.default()
    by_pairs = default.model_copy(update={"blocking_rules": (block_on("name_pair"),)})
    assert (
        Linker(default).blocking_report(customers, profiles, truth).true_pairs_kept == 0
    )
    assert (
        Linker(by_pairs).blocking_report(customers, profiles, truth).true_pairs_kept
        == 1
    )


def test_a_vietnamese_name_keeps_its_given_names() -> None:
    # "Thị Thảo Bùi": given names first, several of them; "Thảo" is not a
    # family name, so "Thi Thao" (another person's reading) does not block.
    customers, profiles, _ = population()
    customers.append(_customer("W300", "Thị Thảo Bùi", "VN", "Hà Nội"))
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="8300",
            given_name="Thi",
            family_name="Thao",
            display_name="Thi Thao",
        )
    )
    truth = [("facebook", "8300", "W300")]
    assert Linker().blocking_report(customers, profiles, truth).true_pairs_kept == 0

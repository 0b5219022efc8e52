"""One of two family names online: "Carlos Costa Reis" is "Carlos Reis" on Facebook
(Portugal and Brazil keep the last; Spain the first)."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, Place, SocialProfile
from identitylink.comparisons import FamilyNameComparison

PEOPLE = [
    ("P001", "Carlos", ("Costa", "Reis"), "carlos.cr@example.pt", "Reis"),
    ("P002", "Ana Luísa", ("Ferreira", "Paiva"), "analuisa@example.br", "Paiva"),
    ("P003", "Vasco", ("da Silva", "Santos"), "vasco.s@example.pt", "Santos"),
    ("P004", "Javier", ("García", "López"), "jgl@example.es", "García"),
]


def _data() -> tuple[list[Customer], list[SocialProfile]]:
    customers, profiles, _ = population()
    for cid, given, family, email, online in PEOPLE:
        customers.append(
            Customer(
                customer_id=cid,
                given_names=(given,),
                family_names=family,
                email=email,
                city="Lisboa",
                country="PT",
            )
        )
        profiles.append(
            SocialProfile(
                platform="facebook",
                profile_id=f"9{cid[1:]}",
                given_name=given,
                family_name=online,
                display_name=f"{given} {online}",
                email=email,
                location=Place(name="Lisbon, Portugal"),
            )
        )
    return customers, profiles


def test_one_of_two_family_names_links_and_agrees() -> None:
    customers, profiles = _data()
    result = Linker().link(customers, profiles)
    by_profile = {d.profile_id: d for d in result.links}
    for cid, _, _, _, _ in PEOPLE:
        decision = by_profile[f"9{cid[1:]}"]
        assert decision.customer_id == cid
        assert decision.explanation is not None
        family = next(
            t for t in decision.explanation.terms if t.comparison == "family_name"
        )
        assert family.level == "compound_word"
        assert family.weight > 0


def _terms(decision: object) -> dict[str, tuple[str, float]]:
    explanation = getattr(decision, "explanation", None)
    assert explanation is not None
    return {t.comparison: (t.level, t.weight) for t in explanation.terms}


def test_one_word_of_a_compound_is_weaker_than_the_whole_name() -> None:
    """ "Rodrigo Santos" online: a customer of that name agrees on the whole family
    name; "Rodrigo da Silva Santos" on one word of it, whose rare compound gives
    it no term-frequency bonus over the namesake."""
    customers, profiles, _ = population()
    for cid, family in (("R001", ("Santos",)), ("R002", ("da Silva", "Santos"))):
        customers.append(
            Customer(
                customer_id=cid,
                given_names=("Rodrigo",),
                family_names=family,
                city="Lisboa",
                country="PT",
            )
        )
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="8001",
            given_name="Rodrigo",
            family_name="Santos",
            display_name="Rodrigo Santos",
        )
    )
    result = Linker().link(customers, profiles, rejected=True)
    pairs = {
        d.customer_id: _terms(d)
        for d in [*result.links, *result.rejected]
        if d.profile_id == "8001"
    }
    whole, word = pairs["R001"]["family_name"], pairs["R002"]["family_name"]
    assert whole[0] == "exact"
    assert word[0] == "compound_word"
    assert whole[1] > word[1]


def test_the_given_name_a_person_goes_by_need_not_be_the_first() -> None:
    """Vietnamese "Vũ Thu Huyền" is "Huyen Vu" online: Huyền is her name."""
    customers, profiles, _ = population()
    customers.append(
        Customer(
            customer_id="V001",
            full_name="Vũ Thu Huyền",
            given_names=("Thu", "Huyền"),
            family_names=("Vũ",),
            city="Hà Nội",
            country="VN",
            email="huyen.vu@example.vn",
        )
    )
    profiles.append(
        SocialProfile(
            platform="facebook",
            profile_id="7001",
            display_name="Huyen Vu",
            given_name="Huyen",
            family_name="Vu",
            email="huyen.vu@example.vn",
        )
    )
    result = Linker().link(customers, profiles)
    decision = next(d for d in result.links if d.profile_id == "7001")
    assert decision.customer_id == "V001"
    assert decision.explanation is not None
    given = next(t for t in decision.explanation.terms if t.comparison == "given_name")
    assert given.level == "nickname"


def test_a_spec_trained_before_the_compound_word_level_keeps_its_levels() -> None:
    old = FamilyNameComparison(compound_word=False).model_copy(
        update={"m": (0.8, 0.05, 0.05, 0.05, 0.05)}
    )
    data = old.model_dump(exclude={"compound_word"})
    assert "compound_word" not in FamilyNameComparison.model_validate(data).levels()
    assert "compound_word" in FamilyNameComparison().levels()

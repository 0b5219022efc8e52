"""One of two family names online: "Carlos Costa Reis" is "Carlos Reis" on Facebook
(Portugal and Brazil keep the last; Spain the first)."""

from __future__ import annotations

from _link_data import population

from identitylink import Customer, Linker, Place, SocialProfile

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
        assert family.level == "exact"
        assert family.weight > 0


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

"""The feature builder: records -> columns of normalised keys (private API)."""

from __future__ import annotations

import dataclasses

import numpy as np

from identitylink import Customer, PartialDate, Place, SocialProfile
from identitylink._engine.features import Side, build_side


def _records() -> list[Customer | SocialProfile]:
    return [
        Customer(
            customer_id="C1",
            given_names=("Jean-Louis",),
            family_names=("Van der Berg",),
            email=" J.Dupont+promo@GoogleMail.com ",
            phone="06 12 34 56 78",
            country="FR",
            city="Lyon",
            postcode="69 001",
            birth_date=PartialDate(year=1985, month=7, day=26),
            attributes={"card": " AB12 "},
        ),
        SocialProfile(platform="twitter", profile_id="1", display_name="DUPONT Jean"),
        SocialProfile(
            platform="facebook",
            profile_id="2",
            display_name="Marie Claire Martin (Durand)",
            email="not an address",
            location=Place(name="Paris, France"),
            birthday=PartialDate(month=2, day=3),
        ),
        Customer(customer_id="C2", given_names=("Bob",), family_names=("Smith",)),
        SocialProfile(
            platform="twitter",
            profile_id="3",
            username="Bob_Smith_1999_official",
            description="dev | coffee | Lyon",
        ),
        Customer(
            customer_id="C1b",
            given_names=("Jean-Louis",),
            family_names=("Van der Berg",),
            email="j.dupont@gmail.com",
        ),
    ]


def _same(a: Side, b: Side, rows: list[int]) -> None:
    for f in dataclasses.fields(Side):
        if f.name in ("attributes", "handles"):
            continue
        x, y = getattr(a, f.name)[rows], getattr(b, f.name)
        width = y.shape[1] if y.ndim == 2 else None
        if width is not None:  # a lone record may have fewer name readings
            assert (x[:, width:] == "").all(), f.name
            x = x[:, :width]
        assert x.dtype == y.dtype and (x == y).all(), f.name
    for h_a, h_b in zip(a.handles[rows], b.handles, strict=True):
        assert [h for h in h_a if h] == [h for h in h_b if h]


def test_a_batch_gives_each_record_the_keys_it_gets_alone() -> None:
    records = _records()
    batch = build_side(records)
    assert batch.n == len(records)
    for i, r in enumerate(records):
        _same(batch, build_side([r]), [i])


def test_keys_of_names_emails_phones_places_and_dates() -> None:
    side = build_side(_records())
    assert list(side.ids) == ["C1", "1", "2", "C2", "3", "C1b"]
    assert list(side.platform) == [
        "crm",
        "twitter",
        "facebook",
        "crm",
        "twitter",
        "crm",
    ]
    assert side.given[0, 0] == "jean louis" and side.given_first[0, 0] == "jean"
    assert side.family[0, 0] == "vanderberg"
    # "DUPONT Jean": read as written and swapped.
    assert {side.family[1, 0], side.family[1, 1]} == {"dupont", "jean"}
    assert "durand" in set(side.family[2])  # maiden name in parentheses
    robert = build_side([Customer(customer_id="R", given_names=("Robert",))])
    assert side.given_group[3, 0] == robert.given_group[0, 0] != ""  # Bob
    assert side.email[0] == side.email[5] == "jdupont@gmail.com"
    assert side.email_local[0] == "jdupont" and side.email[2] == ""
    assert side.phone[0] == "+33612345678" and side.phone[1] == ""
    assert side.postcode[0] == "69001"
    assert side.username[4] == "bobsmithofficia"  # letters, cut to 15
    assert side.city[0] != "" and side.city[4] == side.city[0]  # bio "| Lyon"
    assert side.country[0] == "FR"
    assert side.birth.tolist()[0] == [1985, 7, 26] and side.birth.tolist()[2] == [
        0,
        2,
        3,
    ]
    assert "jeanvanderberg" in set(side.handles[0])
    assert list(side.attributes["card"]) == ["ab12", "", "", "", "", ""]


def test_phones_and_attributes_only_when_asked() -> None:
    side = build_side(_records(), phones=False, attributes=["tier"])
    assert (side.phone == "").all()
    assert list(side.attributes) == ["tier"] and (side.attributes["tier"] == "").all()


def test_empty_input_gives_empty_columns() -> None:
    side = build_side([])
    assert side.n == 0 and side.given.shape == (0, 1) and side.birth.shape == (0, 3)
    assert isinstance(side.comparable(), np.ndarray)

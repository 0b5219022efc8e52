"""read_facebook: Graph API User nodes, Messenger profiles, id scopes, birthdays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from identitylink import InvalidRecordError, PartialDate, Place, SocialProfile
from identitylink.sources import read_facebook

GRAPH_USER = {
    "id": "10210082770684521",
    "name": "Anne-Sophie Martin (Durand)",
    "first_name": "Anne-Sophie",
    "middle_name": "Claire",
    "last_name": "Martin (Durand)",
    "email": "as.martin@example.fr",
    "birthday": "07/26/1985",
    "location": {"id": "115456", "name": "Lyon, France"},
    "hometown": {"id": 108000194959493, "name": "Roubaix, France"},
    "link": "https://www.facebook.com/app_scoped_user_id/10210082770684521/",
}
MESSENGER = {
    "id": "6012345678901234",
    "first_name": "Luca",
    "last_name": "Rossi",
    "profile_pic": "https://platform-lookaside.fbsbx.com/x",
}


def jsonl(tmp_path: Path, *lines: Any) -> Path:
    path = tmp_path / "fb.jsonl"
    text = "\n".join(v if isinstance(v, str) else json.dumps(v) for v in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_graph_user_node(tmp_path: Path) -> None:
    """Every Graph field lands where it belongs; ids are app-scoped."""
    (profile,) = read_facebook(jsonl(tmp_path, GRAPH_USER), app_id="4242").records
    assert profile.key == ("facebook", "app:4242", "10210082770684521")
    assert (
        profile.given_name,
        profile.middle_name,
        profile.family_name,
    ) == ("Anne-Sophie", "Claire", "Martin (Durand)")
    assert profile.email == "as.martin@example.fr"
    assert PartialDate(year=1985, month=7, day=26) == profile.birthday
    assert Place(name="Lyon, France", id="115456") == profile.location
    assert profile.location_text == "Lyon, France"
    assert Place(name="Roubaix, France", id="108000194959493") == profile.hometown
    assert GRAPH_USER["link"] == profile.url
    assert profile.raw == GRAPH_USER


def test_scope_without_app_id(tmp_path: Path) -> None:
    """Without an app id the scope is ``app``."""
    (profile,) = read_facebook(jsonl(tmp_path, GRAPH_USER)).records
    assert profile.scope == "app"


@pytest.mark.parametrize(
    ("birthday", "expected"),
    [
        ("07/26/1985", PartialDate(year=1985, month=7, day=26)),
        ("07/26", PartialDate(month=7, day=26)),
        ("02/29", PartialDate(month=2, day=29)),
        ("1985", PartialDate(year=1985)),
    ],
)
def test_birthday_formats(tmp_path: Path, birthday: str, expected: PartialDate) -> None:
    """MM/DD/YYYY, MM/DD and YYYY are all Graph API birthdays."""
    user = {"id": "1", "name": "A B", "birthday": birthday}
    (profile,) = read_facebook(jsonl(tmp_path, user)).records
    assert expected == profile.birthday


@pytest.mark.parametrize("birthday", ["02/30/1985", "13/01/1985", "26/07", "1985-07"])
def test_impossible_birthdays_name_the_field(tmp_path: Path, birthday: str) -> None:
    """A birthday that is not a real date in a Graph format is missing, and warned."""
    path = jsonl(tmp_path, {"id": "1", "birthday": birthday}, {"id": "2"})
    result = read_facebook(path, errors="collect")
    assert [(p.profile_id, p.birthday) for p in result] == [("1", None), ("2", None)]
    assert not result.errors
    assert [(w.field, w.record_id, w.line, w.value) for w in result.warnings] == [
        ("birthday", "1", 1, birthday)
    ]
    with pytest.raises(InvalidRecordError, match="birthday"):
        read_facebook(path)


def test_messenger_profiles_with_page_argument(tmp_path: Path) -> None:
    """With page_id, ids are PSIDs of that Page; the name is composed."""
    (profile,) = read_facebook(jsonl(tmp_path, MESSENGER), page_id="777").records
    assert profile.key == ("facebook", "page:777", "6012345678901234")
    assert profile.display_name == "Luca Rossi"


def test_page_id_field_in_the_record(tmp_path: Path) -> None:
    """A page_id field scopes that record; the same PSID on two Pages is two people."""
    path = jsonl(
        tmp_path,
        {**MESSENGER, "page_id": "1"},
        {**MESSENGER, "page_id": 2},
        {**MESSENGER, "page_id": "1"},
    )
    result = read_facebook(path, errors="collect")
    assert [p.scope for p in result] == ["page:1", "page:2"]
    assert [(e.line, e.field) for e in result.errors] == [(3, "id")]


def test_messenger_profile_without_page_is_refused(tmp_path: Path) -> None:
    """A PSID alone identifies nobody: the record names the missing page_id."""
    with pytest.raises(InvalidRecordError, match="page_id"):
        read_facebook(jsonl(tmp_path, MESSENGER))


def test_wrong_types(tmp_path: Path) -> None:
    """Wrong JSON types are reported with the field; good records still come."""
    path = jsonl(
        tmp_path,
        {"id": "1", "first_name": 5},
        {"id": "2", "location": "Paris"},
        {"id": "3", "location": ["Paris"]},
        {"id": 4.5},
        {"id": "5", "email": None, "hometown": {"name": "Lille"}},
    )
    result = read_facebook(path, errors="collect")
    assert [p.profile_id for p in result] == ["2", "5"]
    assert result.records[0].location_text == "Paris"
    assert Place(name="Lille") == result.records[1].hometown
    assert [(e.field, e.line) for e in result.errors] == [
        ("first_name", 1),
        ("location", 3),
        ("id", 4),
    ]


def test_records_equal_fully_validated_ones(tmp_path: Path) -> None:
    """Profiles built without validation equal the same data validated by pydantic."""
    path = jsonl(tmp_path, GRAPH_USER, {**MESSENGER, "page_id": "9"})
    for profile in read_facebook(path):
        assert profile == SocialProfile.model_validate(profile.model_dump())

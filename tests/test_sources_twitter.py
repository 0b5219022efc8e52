"""read_twitter: X API v2 users, v2 envelopes, v1.1 users; provenance; bad records."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from identitylink import (
    ConfigurationError,
    EmptyInputError,
    InvalidRecordError,
    SocialProfile,
)
from identitylink.sources import read_twitter

V2_USER = {
    "id": "1533133351944175317",
    "name": "Jean-Louis L. 🚀",
    "username": "jeanlouis",
    "description": "ingénieur\tnucléaire\n@ Lamy | Besançon",
    "location": "📍 Lyon",
    "url": "https://t.co/abc",
    "entities": {
        "url": {
            "urls": [
                {
                    "url": "https://t.co/abc",
                    "expanded_url": "https://jeanlouis.example.fr",
                }
            ]
        }
    },
}
# 2**53 + 3: a float cannot hold it; the JSON number is deliberately wrong, as X's is.
BIG = 2**53 + 3
V1_USER_LINE = (
    '{"id": 9007199254740992, "id_str": "BIG", "screen_name": "mlopez", '
    '"name": "María López", "location": "Madrid", "description": "", '
    '"url": "https://t.co/x", "entities": {"url": {"urls": '
    '[{"url": "https://t.co/x", "expanded_url": "https://maria.example.es"}]}}}'
).replace("BIG", str(2**53 + 3))


def jsonl(tmp_path: Path, *lines: Any, name: str = "x.jsonl") -> Path:
    path = tmp_path / name
    text = "\n".join(v if isinstance(v, str) else json.dumps(v) for v in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_v2_user_object(tmp_path: Path) -> None:
    """Fields map across; the expanded URL wins over t.co; tabs and newlines stay."""
    fetched = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    path = jsonl(tmp_path, V2_USER)
    (profile,) = read_twitter(path, fetched_at=fetched).records
    assert profile.key == ("twitter", "global", "1533133351944175317")
    assert profile.display_name == "Jean-Louis L. 🚀"
    assert profile.username == "jeanlouis"
    assert profile.location_text == "📍 Lyon"
    assert profile.url == "https://jeanlouis.example.fr"
    assert "\t" in (profile.description or "")
    assert profile.raw == V2_USER
    assert (str(path), fetched) == (profile.source, profile.fetched_at)


def test_t_co_url_is_kept_without_entities(tmp_path: Path) -> None:
    """With no expanded URL, the profile url is the one given."""
    user = {"id": "1", "name": "A", "username": "a", "url": "https://t.co/q"}
    (profile,) = read_twitter(jsonl(tmp_path, user)).records
    assert profile.url == "https://t.co/q"


def test_v11_id_str_wins_over_a_rounded_id(tmp_path: Path) -> None:
    """A v1.1 numeric id above 2**53 is unreliable: id_str is used."""
    (profile,) = read_twitter(jsonl(tmp_path, V1_USER_LINE)).records
    assert str(BIG) == profile.profile_id
    assert profile.username == "mlopez"
    assert profile.url == "https://maria.example.es"
    assert profile.description is None


def test_big_numeric_id_keeps_its_digits(tmp_path: Path) -> None:
    """A v2 object with a numeric id is parsed exactly, not through a float."""
    line = '{"id": BIG, "name": "A", "username": "a"}'.replace("BIG", str(BIG))
    (profile,) = read_twitter(jsonl(tmp_path, line)).records
    assert str(BIG) == profile.profile_id


def test_wrapped_v11_user(tmp_path: Path) -> None:
    """A ``{"user": {...}}`` wrapper (v1.1 payloads) is unwrapped."""
    user = {"user": {"id_str": "55", "screen_name": "w", "name": "W"}}
    (profile,) = read_twitter(jsonl(tmp_path, user)).records
    assert profile.profile_id == "55"


def test_v2_envelopes_data_and_includes(tmp_path: Path) -> None:
    """Users in ``data`` and in ``includes.users`` count; Posts do not."""
    lookup = {"data": [{"id": "1", "name": "A", "username": "a"}, {"id": "2"}]}
    single = {"data": {"id": "3", "name": "C", "username": "c"}}
    stream = {
        "data": {"id": "900", "text": "hello @brand", "author_id": "4"},
        "includes": {"users": [{"id": "4", "name": "D", "username": "d"}]},
    }
    again = {
        "data": {"id": "901", "text": "again", "author_id": "4"},
        "includes": {"users": [{"id": "4", "name": "D", "username": "d"}]},
    }
    result = read_twitter(jsonl(tmp_path, lookup, single, stream, again))
    assert [p.profile_id for p in result] == ["1", "2", "3", "4"]
    assert tuple(result.errors) == ()


def test_pretty_printed_response_document(tmp_path: Path) -> None:
    """A saved, indented API response is read as one document."""
    path = tmp_path / "response.json"
    response = {"data": [V2_USER], "includes": {"tweets": [{"id": "1", "text": "t"}]}}
    path.write_text(json.dumps(response, indent=2), encoding="utf-8")
    result = read_twitter(path)
    assert [p.profile_id for p in result] == ["1533133351944175317"]


def test_bad_records_are_reported_once_each(tmp_path: Path) -> None:
    """Truncated JSON, wrong types, missing and duplicate ids, an oversized field."""
    path = jsonl(
        tmp_path,
        {"id": "1", "name": "A", "username": "a"},
        '{"id": "2", "name": "B", "usern',
        {"id": "3", "name": 42},
        {"name": "no id"},
        {"id": "1", "name": "A again"},
        {"id": "5", "description": "x" * 1_000_000},
        {"id": "6", "name": "bell\u0007"},
        {"id": True},
        [1, 2],
        {"id": "8", "name": "H", "username": "h"},
    )
    result = read_twitter(path, errors="collect")
    assert [p.profile_id for p in result] == ["1", "8"]
    found = {(e.line, e.record_id, e.field) for e in result.errors}
    assert {
        (2, "2", None),
        (3, "3", "name"),
        (4, None, "id"),
        (5, "1", "id"),
        (6, "5", "description"),
        (7, "6", "name"),
        (8, None, "id"),
        (9, None, None),
    } == found
    with pytest.raises(InvalidRecordError, match=":2"):
        read_twitter(path)


def test_empty_file(tmp_path: Path) -> None:
    """An empty file raises EmptyInputError, or gives one error with collect."""
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty\.jsonl"):
        read_twitter(path)
    result = read_twitter(path, errors="collect")
    assert (len(result), len(result.errors)) == (0, 1)


def test_binary_stream_with_bom() -> None:
    """A binary file object with a UTF-8 BOM is read."""
    data = b"\xef\xbb\xbf" + json.dumps({"id": "9", "name": "Zoë"}).encode()
    result = read_twitter(io.BytesIO(data), source_name="stream")
    assert result.records[0].display_name == "Zoë"
    assert result.encoding == "utf-8-sig"


def test_bad_arguments() -> None:
    """An unknown errors mode or a non-datetime fetched_at is a ConfigurationError."""
    with pytest.raises(ConfigurationError):
        read_twitter(io.StringIO("{}"), errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        read_twitter(io.StringIO("{}"), fetched_at="yesterday")  # type: ignore[arg-type]


def test_records_equal_fully_validated_ones(tmp_path: Path) -> None:
    """Profiles built without validation equal the same data validated by pydantic."""
    for profile in read_twitter(jsonl(tmp_path, V2_USER, V1_USER_LINE)):
        assert profile == SocialProfile.model_validate(profile.model_dump())

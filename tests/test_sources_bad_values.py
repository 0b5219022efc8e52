"""Issue 15 item 6: a bad value is read as missing, its record kept and warned about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink import InvalidRecordError
from identitylink.cli import cli
from identitylink.sources import read_crm, read_facebook, read_twitter

CRM = (
    "customer_id,first_name,last_name,email,country,birth_date\n"
    "1,Anna,Schmidt,anna@example.com,DE,19450493\n"
    "2,Jean,Dupont,jean@example.com,Atlantis,1980-01-02\n"
    "3,Marie,Curie,marie@example.com,FR,1967-11-07\n"
)


def _crm(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text(CRM, encoding="utf-8")
    return path


def test_impossible_date_and_unknown_country_keep_the_record(tmp_path: Path) -> None:
    """FEBRL's 19450493 and a made-up country: the records are read, values None."""
    result = read_crm(_crm(tmp_path), errors="collect")
    by_id = {c.customer_id: c for c in result}
    assert set(by_id) == {"1", "2", "3"}
    assert by_id["1"].birth_date is None and by_id["1"].country == "DE"
    assert by_id["2"].country is None and by_id["2"].birth_date is not None
    assert not result.errors
    got = {(w.line, w.record_id, w.field, w.value) for w in result.warnings}
    assert got == {(2, "1", "birth_date", "19450493"), (3, "2", "country", "Atlantis")}
    assert all(w.source == result.source and w.reason for w in result.warnings)


def test_raise_mode_still_refuses_the_first_bad_value(tmp_path: Path) -> None:
    """errors="raise" stops at the first problem, naming the field."""
    with pytest.raises(InvalidRecordError, match="birth_date"):
        read_crm(_crm(tmp_path))


def test_malformed_entities_keep_the_x_profile(tmp_path: Path) -> None:
    """A malformed ``entities`` (only used for the link) is a warning, not an error."""
    path = tmp_path / "x.jsonl"
    users = [
        {"id": "1", "name": "A", "url": "https://t.co/x", "entities": ["oops"]},
        {"id": "x2", "name": "B"},
    ]
    path.write_text("\n".join(json.dumps(u) for u in users), encoding="utf-8")
    result = read_twitter(path, errors="collect")
    assert [(p.profile_id, p.url) for p in result] == [("1", "https://t.co/x")]
    assert [(w.line, w.field) for w in result.warnings] == [(1, "entities")]
    assert [(e.line, e.field) for e in result.errors] == [(2, "id")]  # ids stay errors


def test_link_prints_the_warning_count(tmp_path: Path) -> None:
    """``identitylink link`` says how many values were read as missing."""
    x = tmp_path / "x.jsonl"
    x.write_text(json.dumps({"id": "5", "name": "Anna Schmidt"}) + "\n", "utf-8")
    out = tmp_path / "links.csv"
    args = ["link", "--crm", str(_crm(tmp_path)), "--twitter", str(x), "--out"]
    result = CliRunner().invoke(cli, [*args, str(out)])
    assert result.exit_code == 0, result.output
    assert "2 input values read as missing (records kept)" in result.stdout
    assert "3 customers" in result.stdout
    result = CliRunner().invoke(cli, [*args, str(out), "--json"])
    assert json.loads(result.stdout)["input_warnings"] == 2


CONTACTS = (
    "customer_id,first_name,last_name,email,phone,country\n"
    "1,Anna,Schmidt,anna@example,0151 23456789,DE\n"
    "2,Jean,Dupont,jean@example.com,call me maybe,FR\n"
    "3,Marie,Curie,marie@example.com,06 12 34 56 78,\n"
    "4,Bo,Berg,bo@example.se,+999 123,SE\n"
    "5,Ida,Lund,ida@example.se,0701234567,SE\n"
)


def test_unparseable_email_and_phone_keep_the_customer(tmp_path: Path) -> None:
    """An e-mail that is no address and a phone that is no number become None.

    A national number without a country is not judged (no region to read it in).
    """
    path = tmp_path / "crm.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    result = read_crm(path, errors="collect")
    got = {c.customer_id: (c.email, c.phone) for c in result}
    assert got == {
        "1": (None, "0151 23456789"),
        "2": ("jean@example.com", None),
        "3": ("marie@example.com", "06 12 34 56 78"),
        "4": ("bo@example.se", None),
        "5": ("ida@example.se", "0701234567"),
    }
    assert not result.errors
    warned = {(w.line, w.record_id, w.field, w.value) for w in result.warnings}
    assert warned == {
        (2, "1", "email", "anna@example"),
        (3, "2", "phone", "call me maybe"),
        (5, "4", "phone", "+999 123"),
    }
    with pytest.raises(InvalidRecordError, match="email"):
        read_crm(path)


def test_unparseable_email_keeps_the_x_and_facebook_profile(tmp_path: Path) -> None:
    """Both JSON readers read an e-mail that is no address as missing, with a
    warning naming line and field; the other address of an X user still counts."""
    users = [
        {"id": "1", "name": "Ana Silva", "email": "ana@example.com"},
        {"id": "2", "name": "Bo Berg", "email": "not an address"},
        {"id": "3", "name": "Cy Dahl", "confirmed_email": "x@@y", "email": "c@ex.io"},
    ]
    path = tmp_path / "users.jsonl"
    path.write_text("\n".join(json.dumps(u) for u in users), encoding="utf-8")
    x = read_twitter(path, errors="collect")
    assert [(p.profile_id, p.email) for p in x] == [
        ("1", "ana@example.com"),
        ("2", None),
        ("3", "c@ex.io"),
    ]
    assert [(w.line, w.field, w.value) for w in x.warnings] == [
        (2, "email", "not an address"),
        (3, "confirmed_email", "x@@y"),
    ]
    fb = read_facebook(path, errors="collect")
    assert [(p.profile_id, p.email) for p in fb] == [
        ("1", "ana@example.com"),
        ("2", None),
        ("3", "c@ex.io"),
    ]
    assert [(w.line, w.field) for w in fb.warnings] == [(2, "email")]
    for reader in (read_twitter, read_facebook):
        with pytest.raises(InvalidRecordError, match="email"):
            reader(path)


def test_a_huge_or_control_value_still_drops_its_record(tmp_path: Path) -> None:
    """Size and control characters are bad records in every field, also in fields
    whose unparseable values are only warnings (country, birth date, e-mail)."""
    path = tmp_path / "crm.csv"
    rows = [
        "customer_id,first_name,email,country,birth_date",
        "1,Anna,a@example.com,DE,1980-01-02",
        f"2,Jean,{'x' * 20_000},FR,1980-01-02",
        "3,Marie,m@example.com,F\x01R,1980-01-02",
        "4,Ida,i@example.com,SE,1980\x00-01-02",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_crm(path, errors="collect")
    assert [c.customer_id for c in result] == ["1"]
    assert [(e.line, e.field) for e in result.errors] == [
        (3, "email"),
        (4, "country"),
        (5, "birth_date"),
    ]
    assert not result.warnings

"""Issue 15 item 6: a bad value is read as missing, its record kept and warned about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink import InvalidRecordError
from identitylink.cli import cli
from identitylink.sources import read_crm, read_twitter

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

"""``identitylink read`` and ``identitylink demo`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from identitylink.cli import cli
from identitylink.sources import read_facebook

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
HOLDOUT = ["--crm", str(DATA / "holdout_crm.csv")]
MAPPING = ["--crm-mapping", str(DATA / "holdout_mapping.json")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def test_read_crm_with_mapping_file() -> None:
    """Counts, chosen columns and normalised examples are printed."""
    code, out, _ = run("read", *HOLDOUT, *MAPPING)
    assert code == 0
    assert "8 customers read, 0 bad records skipped" in out
    assert "email <- 'email_address'" in out
    assert "phone=+31612345678" in out


def test_read_all_inputs_lists_errors(tmp_path: Path) -> None:
    """X and Facebook files are read; bad records appear as source:line field."""
    twitter = write_jsonl(
        tmp_path / "x.jsonl",
        {"id": "1", "name": "Jean DUPONT 🇫🇷", "location": "📍 Lyon"},
        {"id": "2", "name": 5},
    )
    facebook = write_jsonl(
        tmp_path / "fb.jsonl",
        {"id": "10", "name": "Anna Schmidt", "email": "Anna.Schmidt@GoogleMail.com"},
        {"id": "11", "birthday": "02/30/1980"},
    )
    code, out, _ = run(
        "read",
        *HOLDOUT,
        *MAPPING,
        "--twitter",
        str(twitter),
        "--facebook",
        str(facebook),
    )
    assert code == 0
    assert "1 profiles read, 1 bad records skipped" in out
    assert f"{twitter}:2 [2] name: expected a string" in out
    assert "1 values read as missing (record kept)" in out
    assert f"{facebook}:2 [11] birthday='02/30/1980':" in out
    assert "email=annaschmidt@gmail.com" in out


def test_read_json_output(tmp_path: Path) -> None:
    """--json prints one object per input with counts, columns and errors."""
    twitter = write_jsonl(tmp_path / "x.jsonl", {"id": "1", "name": "A"}, "{broken")
    code, out, _ = run("read", *HOLDOUT, *MAPPING, "--twitter", str(twitter), "--json")
    assert code == 0
    crm, x = json.loads(out)["inputs"]
    assert (crm["kind"], crm["records"], crm["errors"]) == ("crm", 8, 0)
    assert crm["columns"]["customer_id"] == "id"
    assert (x["records"], x["errors"]) == (1, 1)
    assert x["first_errors"][0]["line"] == 2


def test_empty_crm_exits_2(tmp_path: Path) -> None:
    """An empty file is unusable input: exit code 2 and a message naming it."""
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, _, err = run("read", "--crm", str(empty))
    assert code == 2
    assert "empty.csv" in err
    assert "empty" in err


def test_header_only_crm_exits_2(tmp_path: Path) -> None:
    """A header without rows is unusable input too."""
    path = tmp_path / "crm.csv"
    path.write_text("id,name\n", encoding="utf-8")
    code, _, err = run("read", "--crm", str(path))
    assert code == 2
    assert "no records" in err


def test_mapping_naming_a_missing_column_exits_2(tmp_path: Path) -> None:
    """The message names the column the file lacks."""
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"columns": {"customer_id": "client", "full_name": "full_name"}}),
        encoding="utf-8",
    )
    code, _, err = run("read", *HOLDOUT, "--crm-mapping", str(mapping))
    assert code == 2
    assert "'client'" in err


def test_undetectable_columns_exit_2(tmp_path: Path) -> None:
    """Without a mapping, a file with no id column is refused clearly."""
    path = tmp_path / "crm.csv"
    path.write_text("who,where\nJean,Lyon\n", encoding="utf-8")
    code, _, err = run("read", "--crm", str(path))
    assert code == 2
    assert "pass a column mapping" in err


def test_demo_reads_the_shipped_sample() -> None:
    """The demo reads examples/data, reporting its deliberately broken records."""
    code, out, _ = run("demo", "--json")
    assert code == 0
    crm, twitter, facebook = json.loads(out)["inputs"]
    assert crm["records"] >= 200
    assert crm["errors"] >= 1
    assert twitter["records"] >= 100
    assert facebook["records"] >= 100
    assert facebook["examples"][0]["scope"].startswith("page:")
    assert any(w["field"] == "birthday" for w in facebook["first_warnings"])
    assert facebook["warnings"] == len(
        read_facebook(EXAMPLES / "facebook.jsonl", errors="collect").warnings
    )


def test_help_mentions_every_option() -> None:
    """Both commands have help text."""
    code, out, _ = run("read", "--help")
    assert code == 0
    assert "--crm-mapping" in out
    code, out, _ = run("demo", "--help")
    assert code == 0
    assert "examples/data" in out

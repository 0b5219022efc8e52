"""``identitylink identify``: one profile, by handle or from a user object file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from identitylink.cli import cli

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
BASE = [
    "identify",
    "--crm",
    str(DATA / "crm.csv"),
    "--crm-mapping",
    str(DATA / "crm_mapping.json"),
    "--twitter",
    str(DATA / "twitter.jsonl"),
    "--facebook",
    str(DATA / "facebook.jsonl"),
]


def _first_user() -> dict[str, object]:
    line = (DATA / "twitter.jsonl").read_text(encoding="utf-8").splitlines()[2]
    user: dict[str, object] = json.loads(line)
    return user


def test_identify_by_handle_prints_the_decision_and_its_waterfall() -> None:
    user = _first_user()
    result = CliRunner().invoke(
        cli, [*BASE, "--twitter-handle", f"@{user['username']}", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout[result.stdout.index("{") :])
    assert answer["profile_id"] == user["id"]
    assert answer["candidates"], "a profile with namesakes in the CRM has candidates"
    weights = [c["match_weight"] for c in answer["candidates"]]
    assert weights == sorted(weights, reverse=True)
    if answer["decision"] is not None:
        assert (
            answer["candidates"][0]["customer_id"] == answer["decision"]["customer_id"]
        )


def test_identify_a_profile_file_equals_identify_by_handle(tmp_path: Path) -> None:
    user = _first_user()
    path = tmp_path / "user.json"
    path.write_text(json.dumps(user, indent=2), encoding="utf-8")
    runner = CliRunner()
    by_file = runner.invoke(cli, [*BASE, "--profile", str(path), "--json"])
    by_handle = runner.invoke(
        cli, [*BASE, "--twitter-handle", str(user["username"]), "--json"]
    )
    assert by_file.exit_code == 0, by_file.output
    a = json.loads(by_file.stdout[by_file.stdout.index("{") :])
    b = json.loads(by_handle.stdout[by_handle.stdout.index("{") :])
    assert a["decision"] == b["decision"]


def test_an_unknown_handle_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, [*BASE, "--twitter-handle", "@nobody_here_42"])
    assert result.exit_code != 0
    assert "@nobody_here_42" in result.output


def test_profile_and_handle_are_exclusive(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, BASE)
    assert result.exit_code == 2
    assert "exactly one of --profile and --twitter-handle" in result.output

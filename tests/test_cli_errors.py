"""Errors a user can act on (issue 17 item 12): one line, an exit code, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink import InputError, read_crm
from identitylink.cli import cli

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"


def _twitter(tmp_path: Path) -> Path:
    path = tmp_path / "twitter.jsonl"
    path.write_text(
        json.dumps({"id": "1", "username": "ana", "name": "Ana Lima"}) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_workbook_is_refused_with_the_way_out(tmp_path: Path, suffix: str) -> None:
    workbook = tmp_path / f"crm{suffix}"
    workbook.write_bytes(b"PK\x03\x04 not a csv")

    with pytest.raises(InputError, match="save the sheet as CSV"):
        read_crm(workbook)
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(workbook),
            "--twitter",
            str(_twitter(tmp_path)),
            "--out",
            str(tmp_path / "links.csv"),
        ],
    )

    assert result.exit_code == 2
    assert "not read" in result.output and "CSV" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_bad_db_url_fails_before_reading_anything(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(DATA / "crm.csv"),
            "--crm-mapping",
            str(DATA / "crm_mapping.json"),
            "--twitter",
            str(DATA / "twitter.jsonl"),
            "--out",
            str(tmp_path / "links.csv"),
            "--db",
            "postgresql://x@127.0.0.1:1/x",
        ],
    )

    assert result.exit_code == 1
    assert "connection" in result.output
    assert "reading CRM" not in result.output
    assert not (tmp_path / "links.csv").exists()


def test_an_invalid_spec_is_one_line_naming_the_field(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"comparisons": [], "prior": "high"}), "utf-8")

    result = CliRunner().invoke(
        cli,
        [
            "link",
            "--crm",
            str(DATA / "crm.csv"),
            "--twitter",
            str(_twitter(tmp_path)),
            "--out",
            str(tmp_path / "links.csv"),
            "--spec",
            str(spec),
        ],
    )

    assert result.exit_code == 2
    message = result.output.strip().splitlines()[-1]
    assert message.startswith(f"error: invalid link spec {spec}: ")
    assert "; prior: Input should be a valid number" in message
    assert "(got 'high')" in message
    assert "errors.pydantic.dev" not in result.output


def test_an_invalid_controller_is_one_line_naming_the_field(tmp_path: Path) -> None:
    controller = tmp_path / "controller.json"
    controller.write_text(json.dumps({"name": 3}), "utf-8")

    result = CliRunner().invoke(
        cli,
        [
            "consent",
            "receipt",
            "customer:C1",
            "--controller",
            str(controller),
            "--db",
            f"sqlite:///{tmp_path / 'x.db'}",
        ],
    )

    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "name: Input should be a valid string (got 3)" in lines[0]
    assert "contact: Field required" in lines[0]

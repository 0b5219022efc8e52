"""`db` and `review` commands fail cleanly (issue 17 item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink.cli import cli
from identitylink.storage import current_revision, head_revision, upgrade_schema


def test_db_upgrade_to_an_unknown_revision_is_one_line(database_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["db", "upgrade", "--db", database_url, "--revision", "9999"]
    )

    assert result.exit_code == 2
    assert result.output.startswith("error: unknown schema revision '9999'")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_db_upgrade_never_downgrades(database_url: str) -> None:
    upgrade_schema(database_url)

    result = CliRunner().invoke(
        cli, ["db", "upgrade", "--db", database_url, "--revision", "0002"]
    )

    assert result.exit_code == 2
    assert "never downgrades" in result.output
    assert current_revision(database_url) == head_revision()


def test_db_upgrade_to_an_older_revision_of_an_empty_database(
    database_url: str,
) -> None:
    result = CliRunner().invoke(
        cli, ["db", "upgrade", "--db", database_url, "--revision", "0002"]
    )

    assert result.exit_code == 0, result.output
    assert current_revision(database_url) == "0002"


def test_db_current_on_an_empty_database_exits_non_zero(database_url: str) -> None:
    result = CliRunner().invoke(cli, ["db", "current", "--db", database_url])

    assert result.exit_code == 1
    assert "no schema" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["review", "list"],
        ["review", "labels"],
        ["review", "accept", "1", "--reviewer", "ana"],
        ["db", "current"],
    ],
)
def test_no_stray_sqlite_file(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IDENTITYLINK_DATABASE_URL", raising=False)

    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []

"""`identitylink review hash-password` and `review serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_helpers import csrf_of

from identitylink.cli import cli
from identitylink.web import load_reviewers, verify_password


def test_hash_password_prints_a_reviewers_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["review", "hash-password", "ana", "--platforms", "twitter"],
        input="s3cret\ns3cret\n",
    )
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    file = tmp_path / "reviewers.txt"
    file.write_text(line + "\n")
    ana = load_reviewers(file)["ana"]
    assert verify_password("s3cret", ana.password_hash)
    assert ana.platforms == frozenset({"twitter"})


def test_hash_password_refuses_the_linkers_name() -> None:
    result = CliRunner().invoke(
        cli, ["review", "hash-password", "auto", "--password", "x"]
    )
    assert result.exit_code == 2
    assert "'auto' names the linker" in result.output


def test_serve_runs_the_review_app_on_the_database(
    seeded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = CliRunner().invoke(
        cli, ["review", "hash-password", "ana", "--password", "pw"]
    )
    reviewers = tmp_path / "reviewers.txt"
    reviewers.write_text(lines.stdout)
    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(
        cli,
        [
            "review",
            "serve",
            "--db",
            str(seeded.url),
            "--reviewers",
            str(reviewers),
            "--port",
            "8123",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    with TestClient(served["app"]) as client:
        token = csrf_of(client.get("/login").text)
        client.post(
            "/login", data={"name": "ana", "password": "pw", "csrf_token": token}
        )
        assert "4 pending" in client.get("/").text


def test_serve_names_a_bad_reviewers_line(seeded: Engine, tmp_path: Path) -> None:
    reviewers = tmp_path / "reviewers.txt"
    reviewers.write_text("ana:plaintext\n")
    result = CliRunner().invoke(
        cli,
        ["review", "serve", "--db", str(seeded.url), "--reviewers", str(reviewers)],
    )
    assert result.exit_code == 2
    assert "line 1: reviewer 'ana': the hash" in result.output

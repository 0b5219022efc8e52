"""``identitylink demo`` links the shipped sample, and ``link --db`` saves a run."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from identitylink.cli import cli

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


def test_demo_links_the_sample_and_explains_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "linked " in result.stdout
    assert "= match weight" in result.stdout  # an explanation waterfall is shown
    assert "best_threshold" in result.stdout  # evaluated against the sample's truth
    command = result.stdout.strip().splitlines()[-1].split()
    assert command[:4] == ["identitylink", "review", "list", "--db"]
    assert Path(command[4].removeprefix("sqlite:///")).is_file()
    listed = CliRunner().invoke(cli, command[1:])
    pending = int(result.stdout.split(" links wait for review")[0].split()[-1])
    assert listed.exit_code == 0
    assert listed.stderr.startswith(f"{pending} pending")


def test_demo_json_reports_links_and_a_saved_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(cli, ["demo", "--json", "--db", url])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (
        summary["counts"]["links"]
        == summary["counts"]["auto"] + summary["counts"]["review"]
    )
    assert summary["evaluation"]["f1"] > 0.5
    assert summary["links"][0]["explanation"]["terms"]
    with create_engine(url).connect() as conn:
        runs = conn.execute(text("select run_id from link_runs")).scalars().all()
    assert runs == [summary["run_id"]]
    assert summary["database"] == url


def test_link_with_db_saves_the_run_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'links.db'}"
    args = [
        "link",
        "--crm",
        str(DATA / "crm.csv"),
        "--crm-mapping",
        str(DATA / "crm_mapping.json"),
        "--twitter",
        str(DATA / "twitter.jsonl"),
        "--facebook",
        str(DATA / "facebook.jsonl"),
        "--out",
        str(tmp_path / "links.csv"),
        "--db",
        url,
        "--json",
    ]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    engine = create_engine(url)
    with engine.connect() as conn:
        links = conn.execute(text("select count(*) from links")).scalar_one()
    assert links == summary["counts"]["links"]
    # Rerunning on the same inputs creates no duplicate link.
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    with engine.connect() as conn:
        again = conn.execute(text("select count(*) from links")).scalar_one()
    assert again == links

"""``identitylink evaluate``: table, JSON, plot and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink.cli import cli

TRUTH_CSV = """profile_platform,profile_id,customer_id
twitter,t1,C1
twitter,t2,C2
facebook,f1,C3
facebook,f2,C4
"""

# t1 right (auto), t2 wrong customer (review), f1 right (review), f2 missed.
LINKS_CSV = """profile_platform,profile_id,customer_id,probability,band
twitter,t1,C1,0.999,auto
twitter,t2,C7,0.7,review
facebook,f1,C3,0.8,review
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    links = tmp_path / "links.csv"
    truth = tmp_path / "truth.csv"
    links.write_text(LINKS_CSV, encoding="utf-8")
    truth.write_text(TRUTH_CSV, encoding="utf-8")
    return links, truth


def test_prints_a_table(files: tuple[Path, Path]) -> None:
    links, truth = files
    result = CliRunner().invoke(
        cli, ["evaluate", "--links", str(links), "--truth", str(truth)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # all: 3 links, tp 2, fp 1, fn 2 -> precision 2/3, recall 1/2, F1 4/7
    assert lines[2].split() == [
        "overall",
        "3",
        "2",
        "1",
        "2",
        "0.6667",
        "0.5000",
        "0.5714",
    ]
    auto = next(line for line in lines if line.startswith("by_band auto"))
    # auto: 1 link, tp 1, fn 3 -> precision 1, recall 1/4, F1 2/5
    assert auto.split()[2:] == ["1", "1", "0", "3", "1.0000", "0.2500", "0.4000"]


def test_json_output(files: tuple[Path, Path]) -> None:
    links, truth = files
    result = CliRunner().invoke(
        cli, ["evaluate", "--links", str(links), "--truth", str(truth), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"]["tp"] == 2
    assert data["overall"]["fp"] == 1
    assert data["overall"]["fn"] == 2
    assert data["overall"]["links"] == 3
    best = data["best_threshold"]
    assert best["metrics"]["f1"] == max(p["metrics"]["f1"] for p in data["curve"])
    assert data["by_platform"]["facebook"]["recall"] == 0.5
    assert data["by_band"]["review"]["precision"] == 0.5
    assert data["wrong_customer"] == 1


def test_plot_option_writes_the_image(files: tuple[Path, Path], tmp_path: Path) -> None:
    links, truth = files
    png = tmp_path / "pr.png"
    result = CliRunner().invoke(
        cli,
        ["evaluate", "--links", str(links), "--truth", str(truth), "--plot", str(png)],
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert f"plot written to {png}" in result.output


def test_missing_column_exits_2_with_its_name(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    links, _ = files
    bad_truth = tmp_path / "bad.csv"
    bad_truth.write_text("platform,id,customer\ntwitter,t1,C1\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["evaluate", "--links", str(links), "--truth", str(bad_truth)]
    )
    assert result.exit_code == 2
    assert "profile_platform" in result.output
    assert "Traceback" not in result.output


def test_empty_truth_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    links, _ = files
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["evaluate", "--links", str(links), "--truth", str(empty)]
    )
    assert result.exit_code == 2
    assert "empty" in result.output

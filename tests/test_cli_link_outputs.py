"""What ``identitylink link --db`` writes out passes the store's gate (issue 15).

Every output path (the links CSV, ``--explain``, ``--json``) carries only links the
consent policy allows and whose stored link is still active; the others are counted
and listed with their reason. Every CSV cell is safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink import (
    Explanation,
    LinkDecision,
    LinkResult,
    read_facebook,
    write_links_csv,
)
from identitylink.cli import cli
from identitylink.storage import lookup_profiles, make_engine, session_scope, unlink

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data"


def _link(tmp: Path, db: str, tag: str) -> tuple[int, dict[str, object], Path, Path]:
    out, explain = tmp / f"links-{tag}.csv", tmp / f"explain-{tag}.jsonl"
    args = [
        "link", "--crm", str(SAMPLE / "crm.csv"),
        "--crm-mapping", str(SAMPLE / "crm_mapping.json"),
        "--twitter", str(SAMPLE / "twitter.jsonl"),
        "--facebook", str(SAMPLE / "facebook.jsonl"),
        "--out", str(out), "--explain", str(explain), "--json", "--db", db,
    ]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.exit_code, json.loads(result.stdout), out, explain


def _customers_in(out: Path, explain: Path) -> tuple[set[str], set[str]]:
    with out.open(encoding="utf-8", newline="") as fh:
        in_csv = {row["customer_id"] for row in csv.DictReader(fh)}
    in_explain = {
        json.loads(line)["customer_id"]
        for line in explain.read_text(encoding="utf-8").splitlines()
    }
    return in_csv, in_explain


@pytest.fixture
def first_run(tmp_path: Path) -> tuple[str, dict[str, object], str]:
    db = f"sqlite:///{tmp_path / 'gate.db'}"
    _, summary, out, _ = _link(tmp_path, db, "first")
    with out.open(encoding="utf-8", newline="") as fh:
        customer = next(csv.DictReader(fh))["customer_id"]
    return db, summary, customer


def test_a_withdrawn_customer_is_in_no_output(
    tmp_path: Path, first_run: tuple[str, dict[str, object], str]
) -> None:
    db, first, customer = first_run
    args = [
        "consent", "withdraw", f"customer:{customer}",
        "--purpose", "identity_linking", "--method", "web_form", "--db", db,
    ]  # fmt: skip
    withdraw = CliRunner().invoke(cli, args)
    assert withdraw.exit_code == 0, withdraw.output
    _, summary, out, explain = _link(tmp_path, db, "second")
    in_csv, in_explain = _customers_in(out, explain)
    assert customer not in in_csv
    assert customer not in in_explain
    refused = summary["refused"]
    assert isinstance(refused, list)
    assert {r["customer_id"] for r in refused} == {customer}
    assert all("consent policy" in r["reason"] for r in refused)
    counts = summary["counts"]
    assert isinstance(counts, dict) and isinstance(first["counts"], dict)
    assert counts["links"] == first["counts"]["links"] - len(refused)
    assert counts["refused"] == len(refused)


def test_an_unlinked_pair_is_not_written_again(
    tmp_path: Path, first_run: tuple[str, dict[str, object], str]
) -> None:
    db, _, customer = first_run
    engine = make_engine(db)
    with session_scope(engine) as session:
        links = lookup_profiles(session, customer)
        for link in links:
            unlink(session, link.link_id, actor="agent:test", reason="wrong person")
    engine.dispose()
    assert links
    _, summary, out, explain = _link(tmp_path, db, "second")
    in_csv, in_explain = _customers_in(out, explain)
    assert customer not in in_csv and customer not in in_explain
    refused = summary["refused"]
    assert isinstance(refused, list)
    assert any("unlinked" in r["reason"] for r in refused)


def _decision(customer_id: str) -> LinkDecision:
    explanation = Explanation(
        prior_weight=0.0, terms=(), match_weight=5.0, probability=0.97
    )
    return LinkDecision(
        profile_platform="twitter",
        profile_id="12345",
        customer_id=customer_id,
        match_weight=5.0,
        probability=0.97,
        band="auto",
        explanation=explanation,
    )


@pytest.mark.parametrize(
    "customer_id",
    ['=HYPERLINK("http://x","y")C0002198', "+1+1", "-2", "@SUM(A1)", "\tC1", "\rC1"],
)
def test_links_csv_neutralises_formula_cells(tmp_path: Path, customer_id: str) -> None:
    out = tmp_path / "links.csv"
    result = LinkResult(links=(_decision(customer_id),), spec_hash="s")
    assert write_links_csv(result, out) == 1
    with out.open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["customer_id"] == "'" + customer_id
    assert row["probability"] == "0.970000"


def test_links_csv_keeps_ordinary_cells(tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    write_links_csv([_decision("C-0001")], out)
    with out.open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["customer_id"] == "C-0001"


@pytest.mark.parametrize("bad_id", ["+1+1", "12a4", "-5", "=1+1"])
def test_facebook_ids_must_be_digits(tmp_path: Path, bad_id: str) -> None:
    path = tmp_path / "fb.jsonl"
    lines = [
        json.dumps({"id": "10001", "name": "Ana Silva"}),
        json.dumps({"id": bad_id, "name": "Bo Berg"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_facebook(path, errors="collect")
    assert [p.profile_id for p in result.records] == ["10001"]
    [error] = result.errors
    assert error.field == "id" and error.line == 2

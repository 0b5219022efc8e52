"""`identitylink db ...` and `identitylink review ...`: exit codes and DB state."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from sqlalchemy import select
from store_factories import make_decision, make_result

from identitylink import LinkResult
from identitylink.cli import cli
from identitylink.cli._db import persist_result
from identitylink.storage import (
    count_pending_reviews,
    head_revision,
    list_pending_reviews,
    make_engine,
    session_scope,
)
from identitylink.storage._models import LinkRow


def test_db_upgrade_then_current(database_url: str) -> None:
    runner = CliRunner()
    before = runner.invoke(cli, ["db", "current", "--db", database_url])
    upgraded = runner.invoke(cli, ["db", "upgrade", "--db", database_url])
    after = runner.invoke(cli, ["db", "current", "--db", database_url])
    assert before.exit_code == 1 and "no schema" in before.output
    assert upgraded.exit_code == 0, upgraded.output
    assert f"{head_revision()} (head)" in after.output


def test_review_list_accept_reject_and_labels(database_url: str) -> None:
    run_id = persist_result(
        database_url, make_result(9), inputs={"crm": "c.csv"}
    ).run_id
    assert len(run_id) == 32
    runner = CliRunner()
    listed = runner.invoke(cli, ["review", "list", "--db", database_url, "--json"])
    assert listed.exit_code == 0, listed.output
    items = [json.loads(line) for line in listed.output.splitlines()]
    assert sorted(i["profile_id"] for i in items) == ["P0", "P4", "P8"]
    first, second = items[0]["link_id"], items[1]["link_id"]
    accepted = runner.invoke(
        cli,
        ["review", "accept", str(first), "--reviewer", "ana", "--db", database_url],
    )
    reject_args = ["reject", str(second), "--reviewer", "ana", "--reason", "no"]
    rejected = runner.invoke(cli, ["review", *reject_args, "--db", database_url])
    labels = runner.invoke(cli, ["review", "labels", "--db", database_url])
    assert accepted.exit_code == 0 and "accepted by ana" in accepted.output
    assert rejected.exit_code == 0 and "rejected by ana" in rejected.output
    assert labels.output.splitlines()[0] == "platform,profile_id,customer_id,is_match"
    assert sorted(line[-1] for line in labels.output.splitlines()[1:]) == ["0", "1"]
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        statuses = {r.link_id: r.status for r in session.scalars(select(LinkRow))}
        pending = list_pending_reviews(session)
    engine.dispose()
    assert (statuses[first], statuses[second]) == ("accepted", "rejected")
    assert len(pending) == 1


def test_review_errors_become_exit_codes(database_url: str) -> None:
    persist_result(database_url, make_result(2), inputs={})
    runner = CliRunner()
    missing = runner.invoke(
        cli, ["review", "accept", "999", "--reviewer", "ana", "--db", database_url]
    )
    assert missing.exit_code == 1
    assert "link 999 does not exist" in missing.output


def test_review_on_an_empty_database_asks_for_an_upgrade(database_url: str) -> None:
    result = CliRunner().invoke(cli, ["review", "list", "--db", database_url])
    assert result.exit_code == 1
    assert "identitylink db upgrade" in result.output


def test_review_list_counts_every_pending_link(database_url: str) -> None:
    persist_result(database_url, make_result(9), inputs={"crm": "c.csv"})
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        pending = len(list_pending_reviews(session))
        counted = count_pending_reviews(session)
    engine.dispose()

    listed = CliRunner().invoke(
        cli, ["review", "list", "--db", database_url, "--limit", "1"]
    )

    assert counted == pending > 1
    assert listed.exit_code == 0, listed.output
    assert len(listed.stdout.splitlines()) == 1
    assert listed.stderr.strip() == f"{pending} pending (showing 1; see --limit)"


def test_review_labels_csv_neutralises_formula_cells(database_url: str) -> None:
    """Issue 15 item 2: ``review labels`` is a CSV too; a reviewed customer id that
    starts a formula is written with a leading quote."""
    formula = '=HYPERLINK("http://x","y")C1'
    result = LinkResult(
        links=(make_decision("101", formula, band="review", probability=0.6),),
        spec_hash="s",
        counts={"links": 1},
    )
    persist_result(database_url, result, inputs={})
    runner = CliRunner()
    listed = runner.invoke(cli, ["review", "list", "--db", database_url, "--json"])
    link_id = json.loads(listed.output.splitlines()[0])["link_id"]
    accept = ["review", "accept", str(link_id), "--reviewer", "ana"]
    assert runner.invoke(cli, [*accept, "--db", database_url]).exit_code == 0
    labels = runner.invoke(cli, ["review", "labels", "--db", database_url])
    assert labels.exit_code == 0, labels.output
    rows = list(csv.reader(io.StringIO(labels.output)))
    assert rows[1] == ["twitter", "101", "'" + formula, "1"]

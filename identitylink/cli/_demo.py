"""``identitylink demo``: link the sample shipped in ``examples/data`` end to end.

Reads the sample (a CRM with a column mapping, X users, Facebook users, a few broken
records), links it, prints a few links with their explanations, scores them against
the sample's truth file and saves the run in a SQLite database (no server needed).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click

from identitylink import evaluate
from identitylink.cli._app import cli
from identitylink.cli._db import persist_result
from identitylink.cli._read import _summary, demo_data_dir
from identitylink.linker import Linker
from identitylink.records import ReadResult
from identitylink.results import LinkDecision
from identitylink.sources import read_crm, read_facebook, read_twitter
from identitylink.storage import count_pending_reviews, make_engine, session_scope


def _show(decision: LinkDecision) -> str:
    head = (
        f"{decision.profile_platform}/{decision.profile_id} -> customer "
        f"{decision.customer_id}  band={decision.band}  "
        f"probability={decision.probability:.3f}"
    )
    body = "\n".join(
        "    " + line for line in decision.explanation.to_text().split("\n")
    )
    return f"{head}\n{body}"


def _pending_reviews(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return count_pending_reviews(session)
    finally:
        engine.dispose()


@cli.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--show",
    default=3,
    show_default=True,
    type=click.IntRange(0),
    help="How many links of each band to print with their explanations.",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Save the run here (default: a new SQLite file in a temporary "
    "directory, kept; its URL is printed).",
)
def demo_command(as_json: bool, show: int, db_url: str | None) -> None:
    """Link the shipped sample in examples/data and explain a few links.

    Reads the CRM (through its column mapping), the X and Facebook users, links
    them, prints links with their explanations, evaluates them against the
    sample's truth.csv and saves the run in SQLite; the last lines print the
    database's URL and the command that lists its review queue.
    """
    data = demo_data_dir()
    customers = read_crm(data / "crm.csv", data / "crm_mapping.json", errors="collect")
    twitter = read_twitter(data / "twitter.jsonl", errors="collect")
    facebook = read_facebook(data / "facebook.jsonl", errors="collect")
    profiles = ReadResult.merge([twitter, facebook])
    result = Linker().link(customers, profiles)
    report = evaluate(result, data / "truth.csv")
    if db_url is None:
        # Kept after the demo, so that `review list --db URL` can look at it.
        path = Path(tempfile.mkdtemp(prefix="identitylink-demo-")) / "demo.db"
        db_url = f"sqlite:///{path}"
    stored = persist_result(
        db_url,
        result,
        inputs={"crm": str(data / "crm.csv"), "sample": str(data)},
        customers=customers.records,
        profiles=profiles.records,
    )
    pending = _pending_reviews(db_url)
    run_id, result = stored.run_id, stored.result
    summary: dict[str, Any] = {
        "inputs": [_summary(r, 10, 1) for r in (customers, twitter, facebook)],
        "counts": result.counts,
        "evaluation": {
            "precision": report.overall.precision,
            "recall": report.overall.recall,
            "f1": report.overall.f1,
        },
        "run_id": run_id,
        "database": db_url,
        "pending_reviews": pending,
        "links": [d.model_dump(mode="json") for d in result.links[: show * 2]],
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"read {len(customers)} customers, {len(twitter)} X users and "
        f"{len(facebook)} Facebook users; "
        f"{len(customers.errors) + len(profiles.errors)} bad records skipped:"
    )
    for error in [*customers.errors, *profiles.errors][:10]:
        click.echo(f"  {error}")
    click.echo(
        f"\nlinked {len(result.links)} profiles: {len(result.auto)} auto, "
        f"{len(result.review)} for review\n"
    )
    for band in (result.auto, result.review):
        for decision in list(band)[:show]:
            click.echo(_show(decision) + "\n")
    click.echo("against examples/data/truth.csv:\n" + report.to_text())
    click.echo(
        f"\nrun {run_id} saved in {db_url}; {pending} links wait for review:\n"
        f"    identitylink review list --db {db_url}"
    )

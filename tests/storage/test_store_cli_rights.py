"""``identitylink rights ...``: access, erasure, dispute and unlink from the CLI
(issue 17 item 8): exit codes, JSON, and what the database holds after."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select
from store_factories import make_result

from identitylink.cli import cli
from identitylink.storage import lookup_customer, session_scope, store_run
from identitylink.storage._models import LinkRow


@pytest.fixture
def url(engine: Engine) -> str:
    with session_scope(engine) as session:
        store_run(session, make_result(8), inputs={})
    return engine.url.render_as_string(hide_password=False)


def _link_of(url: str, profile_id: str) -> tuple[int, str]:
    from identitylink.storage import make_engine

    engine = make_engine(url)
    with session_scope(engine) as session:
        row = session.scalars(
            select(LinkRow).where(LinkRow.profile_id == profile_id)
        ).one()
        found = (row.link_id, row.status)
    engine.dispose()
    return found


def _customer_of(url: str, profile_id: str) -> str | None:
    from identitylink.storage import make_engine

    engine = make_engine(url)
    with session_scope(engine) as session:
        link = lookup_customer(session, "twitter", profile_id)
    engine.dispose()
    return None if link is None else link.customer_id


def test_export_prints_json_of_a_customer_and_of_a_profile(url: str) -> None:
    runner = CliRunner()

    customer = runner.invoke(cli, ["rights", "export", "customer:C1", "--db", url])
    profile = runner.invoke(
        cli, ["rights", "export", "profile:twitter:P1", "--db", url]
    )
    unknown = runner.invoke(cli, ["rights", "export", "customer:NOPE", "--db", url])
    malformed = runner.invoke(cli, ["rights", "export", "C1", "--db", url])

    assert customer.exit_code == 0, customer.output
    document = json.loads(customer.stdout)
    assert document["subject"]["type"] == "customer"
    assert [link["profile_id"] for link in document["links"]] == ["P1"]
    assert profile.exit_code == 0, profile.output
    assert json.loads(profile.stdout)["links"][0]["customer_id"] == "C1"
    assert unknown.exit_code == 1 and "nothing of this subject" in unknown.output
    assert malformed.exit_code == 2


def test_erase_asks_first_and_erases_with_yes(url: str) -> None:
    runner = CliRunner()
    erase = ["rights", "erase", "customer:C1", "--actor", "dpo", "--db", url]

    refused = runner.invoke(cli, erase, input="n\n")
    kept = _customer_of(url, "P1")
    erased = runner.invoke(cli, [*erase, "--yes", "--json"])
    after = runner.invoke(cli, ["rights", "export", "customer:C1", "--db", url])

    assert refused.exit_code == 1 and kept == "C1"
    assert erased.exit_code == 0, erased.output
    report = json.loads(erased.stdout)
    assert report["links"] == 1 and report["customers"] == 1
    assert _customer_of(url, "P1") is None
    assert after.exit_code == 1  # nothing of the person is left


def test_dispute_freezes_resolve_restores_unlink_ends(url: str) -> None:
    runner = CliRunner()
    link_id, _ = _link_of(url, "P1")
    who = ["--actor", "C1", "--db", url]

    disputed = runner.invoke(cli, ["rights", "dispute", str(link_id), *who])
    frozen = _customer_of(url, "P1")
    resolved = runner.invoke(cli, ["rights", "resolve", str(link_id), "--upheld", *who])
    restored = _customer_of(url, "P1")
    ended = runner.invoke(cli, ["rights", "unlink", str(link_id), *who])
    again = runner.invoke(cli, ["rights", "dispute", str(link_id), *who])
    missing = runner.invoke(cli, ["rights", "unlink", "999999", *who])

    assert disputed.exit_code == 0 and disputed.stdout.endswith(": disputed\n")
    assert frozen is None
    assert resolved.exit_code == 0 and restored == "C1"
    assert ended.exit_code == 0 and _link_of(url, "P1") == (link_id, "unlinked")
    assert again.exit_code == 2  # an ended link cannot be disputed
    assert missing.exit_code == 1 and "999999" in missing.output

"""``identitylink sla`` reports answer times; ``serve`` refuses an outdated schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from identitylink.cli import cli
from identitylink.storage import (
    NewInteraction,
    make_engine,
    mark_answered,
    record_interaction,
    session_scope,
    upgrade_schema,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A store with two answered mentions (10 and 50 minutes) and one open DM."""
    url = f"sqlite:///{tmp_path / 'sla.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    with session_scope(engine) as session:
        for i, (kind, minutes) in enumerate(
            [("mention", 10), ("mention", 50), ("dm", None)]
        ):
            new = NewInteraction(
                platform="twitter",
                account_id="ACME",
                event_id=f"e{i}",
                profile_id=f"P{i}",
                handle=f"user{i}",
                kind=kind,  # type: ignore[arg-type]  # a literal from the list above
                received_at=T0 + timedelta(hours=i),
            )
            stored = record_interaction(session, new).interaction
            if minutes is not None:
                mark_answered(
                    session,
                    stored.interaction_id,
                    by="ana",
                    at=new.received_at + timedelta(minutes=minutes),
                )
    engine.dispose()
    return url


def test_sla_json(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["sla", "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["threshold_minutes"] == 30
    assert report["overall"]["answered"] == 2
    assert report["overall"]["share_within"] == pytest.approx(1 / 3)
    assert report["overall"]["median_seconds"] == 1800.0
    assert [u["kind"] for u in report["unanswered"]] == ["dm"]


def test_sla_text_threshold_since_and_plot(db_url: str, tmp_path: Path) -> None:
    png = tmp_path / "answers.png"
    result = CliRunner().invoke(
        cli,
        [
            "sla",
            "--db",
            db_url,
            "--threshold-minutes",
            "60",
            "--since",
            "2026-12-01T09:30:00+00:00",
            "--plot",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "answered within 60 min" in result.stdout
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines()}
    assert lines["all"][1:4] == ["2", "1", "50.0%"]
    assert "twitter/dm" in lines
    assert "OVERDUE" in result.stdout
    assert png.stat().st_size > 0


def test_sla_bad_since_is_an_input_error(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["sla", "--db", db_url, "--since", "yesterday"])
    assert result.exit_code == 2
    assert "--since 'yesterday'" in result.output


def test_serve_refuses_a_database_without_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(cli, ["serve", "--db", url])
    assert result.exit_code == 1
    assert "identitylink db upgrade" in result.output


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"


def test_serve_builds_the_index_and_mounts_the_review_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    import identitylink.service
    from identitylink.web import hash_password

    url = f"sqlite:///{tmp_path / 'serve.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    reviewers = tmp_path / "reviewers.txt"
    reviewers.write_text(f"ana:{hash_password('pw', iterations=1000)}\n")
    served: dict[str, object] = {}
    monkeypatch.setattr(
        identitylink.service, "serve", lambda app, **kw: served.update(app=app, **kw)
    )
    truth = tmp_path / "truth.csv"
    truth.write_text("profile_platform,profile_id,customer_id\ntwitter,1,C1\n")
    args = ["serve", "--db", url, "--reviewers", str(reviewers), "--truth", str(truth)]
    args += ["--crm", str(EXAMPLES / "crm.csv")]
    args += ["--crm-mapping", str(EXAMPLES / "crm_mapping.json")]
    args += ["--facebook", str(EXAMPLES / "facebook.jsonl")]
    args += ["--workers", "2", "--no-access-log"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (served["workers"], served["access_log"]) == (2, False)
    from identitylink import read_facebook

    first = read_facebook(EXAMPLES / "facebook.jsonl", errors="collect").records[0]
    with TestClient(served["app"]) as client:  # type: ignore[arg-type]  # an ASGI app
        review = client.get("/review/", follow_redirects=False)
        assert review.status_code == 303
        assert review.headers["location"].startswith("/review/login")
        assert "csrf_token" in client.get("/review/login").text
        body = {
            "platform": "facebook",
            "profile_id": first.profile_id,
            "scope": first.scope,
        }
        answer = client.post("/identify", json=body).json()
    assert answer["method"] == "index"
    assert answer["candidates"]


def test_serve_refuses_profiles_without_a_crm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade_schema(make_engine(url))
    twitter = str(EXAMPLES / "twitter.jsonl")
    result = CliRunner().invoke(cli, ["serve", "--db", url, "--twitter", twitter])
    assert result.exit_code == 2
    assert "--crm" in result.output

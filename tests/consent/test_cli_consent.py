"""``identitylink consent ...``: exit codes, output and the resulting database state."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from pyld import jsonld
from sqlalchemy import select

from identitylink.cli import cli
from identitylink.consent import ConsentStatus, Subject, history, kantara_schema
from identitylink.storage import make_engine, session_scope, upgrade_schema
from identitylink.storage._models import CustomerRow, LinkRow, ProfileRow, utc_now

CONTROLLER = {
    "name": "Acme Retail",
    "contact": "DPO",
    "email": "dpo@acme.example",
    "phone": "+44 20 7946 0000",
    "address": {"addressCountry": "GB"},
    "policy_url": "https://acme.example/privacy",
    "jurisdiction": "GB",
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    now = utc_now()
    with session_scope(engine) as session:
        session.add(CustomerRow(customer_id="C1", first_seen_at=now))
        session.add(
            ProfileRow(
                platform="twitter",
                scope="global",
                profile_id="42",
                cached_data={"username": "jo"},
                first_seen_at=now,
            )
        )
        session.flush()
        session.add(
            LinkRow(
                platform="twitter",
                scope="global",
                profile_id="42",
                customer_id="C1",
                status="accepted",
                legal_basis="opt_in_consent",
                created_at=now,
                updated_at=now,
            )
        )
    engine.dispose()
    return url


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["consent", *args])
    return result.exit_code, result.stdout, result.stderr


def test_grant_show_withdraw_round_trip(db: str) -> None:
    code, out, _ = _run(
        "grant", "customer:C1", "--purpose", "identity_linking",
        "--purpose", "customer_care", "--method", "web_form",
        "--notice-version", "v3", "--valid-for", "365d", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert "customer:C1 identity_linking: ConsentGiven, until" in out

    code, out, _ = _run("show", "customer:C1", "--json", "--db", db)
    assert code == 0
    shown = json.loads(out)
    assert [s["status"] for s in shown["states"]] == ["given", "given", "unknown"]

    code, out, _ = _run(
        "withdraw", "profile:twitter:42", "--purpose", "identity_linking",
        "--method", "dm_keyword", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert "1 link(s) withdrawn, 1 profile(s) purged" in out

    engine = make_engine(db)
    with session_scope(engine) as session:
        assert session.scalars(select(LinkRow.status)).one() == "withdrawn"
        assert session.scalars(select(ProfileRow.cached_data)).one() is None
        events = history(session, Subject.profile("twitter", "42"))
        assert [e.status for e in events] == [ConsentStatus.WITHDRAWN]
    engine.dispose()


def test_receipts_in_both_formats(db: str, tmp_path: Path) -> None:
    controller = tmp_path / "controller.json"
    controller.write_text(json.dumps(CONTROLLER), encoding="utf-8")
    _run(
        "grant", "customer:C1", "--purpose", "customer_care",
        "--method", "call_centre", "--actor", "agent:sam",
        "--notice-version", "v3", "--db", db,
    )  # fmt: skip

    code, out, _ = _run(
        "receipt", "customer:C1", "--controller", str(controller), "--db", db
    )
    assert code == 0
    jsonschema.Draft7Validator(kantara_schema()).validate(json.loads(out))

    code, out, _ = _run(
        "receipt", "customer:C1", "--controller", str(controller),
        "--format", "dpv", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert jsonld.expand(json.loads(out), {"documentLoader": _no_network})


def _no_network(url: str, options: object = None) -> object:
    raise AssertionError(f"tried to load {url}")


def test_receipt_without_valid_consent_fails_with_a_message(
    db: str, tmp_path: Path
) -> None:
    controller = tmp_path / "controller.json"
    controller.write_text(json.dumps(CONTROLLER), encoding="utf-8")

    code, _, err = _run(
        "receipt", "customer:C1", "--controller", str(controller), "--db", db
    )

    assert code == 1
    assert "no valid consent for customer:C1" in err


def test_a_bad_controller_file_is_an_input_error(db: str, tmp_path: Path) -> None:
    controller = tmp_path / "controller.json"
    controller.write_text(json.dumps({"name": "Acme"}), encoding="utf-8")

    code, _, err = _run(
        "receipt", "customer:C1", "--controller", str(controller), "--db", db
    )

    assert code == 2
    assert "controller.json" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grant", "C1", "--purpose", "customer_care", "--method", "email",
          "--notice-version", "v1"], "customer:<id>"),
        (["grant", "customer:C1", "--purpose", "customer_care", "--method", "email",
          "--notice-version", "v1", "--valid-for", "soon"], "365d"),
        (["grant", "customer:C1", "--purpose", "customer_care", "--method", "email"],
         "--notice-version"),
        (["withdraw", "customer:C1", "--purpose", "everything", "--method", "email"],
         "everything"),
    ],
)  # fmt: skip
def test_usage_errors(db: str, args: list[str], message: str) -> None:
    code, _, err = _run(*args, "--db", db)

    assert code == 2
    assert message in err


def test_show_prints_states_and_history_and_reads_a_past_time(db: str) -> None:
    _run(
        "grant", "customer:C1", "--purpose", "customer_care", "--method", "in_store",
        "--actor", "agent:kim", "--notice-version", "v2", "--db", db,
    )  # fmt: skip

    code, out, _ = _run("show", "customer:C1", "--db", db)
    assert code == 0
    assert out.splitlines()[0] == "customer:C1"
    assert "customer_care           given since" in out
    assert "ConsentGiven            in_store by agent:kim" in out

    code, out, _ = _run(
        "show", "customer:C1", "--at", "2000-01-01", "--json", "--db", db
    )
    assert code == 0
    assert {s["status"] for s in json.loads(out)["states"]} == {"unknown"}


def test_show_on_a_database_never_upgraded_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = _run("show", "customer:C1", "--db", f"sqlite:///{tmp_path}/new.db")

    assert code == 1
    assert "identitylink db upgrade" in err


def _add_facebook_profile(url: str, scope: str, profile_id: str = "8420") -> None:
    engine = make_engine(url)
    now = utc_now()
    with session_scope(engine) as session:
        session.add(
            ProfileRow(
                platform="facebook", scope=scope, profile_id=profile_id,
                first_seen_at=now,
            )
        )  # fmt: skip
        session.flush()
        session.add(
            LinkRow(
                platform="facebook", scope=scope, profile_id=profile_id,
                customer_id="C1", status="accepted", legal_basis="opt_in_consent",
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    engine.dispose()


def _link_statuses(url: str, platform: str, profile_id: str) -> set[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        statuses = set(
            session.scalars(
                select(LinkRow.status).where(
                    LinkRow.platform == platform, LinkRow.profile_id == profile_id
                )
            )
        )
    engine.dispose()
    return statuses


def test_withdraw_of_a_facebook_id_without_scope_uses_the_stored_scope(db: str) -> None:
    _add_facebook_profile(db, "app:77")
    code, out, err = _run(
        "withdraw", "profile:facebook:8420", "--purpose", "identity_linking",
        "--method", "web_form", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert "profile:facebook:app:77:8420 identity_linking" in out
    assert "1 link(s) withdrawn" in out
    assert _link_statuses(db, "facebook", "8420") == {"withdrawn"}


def test_withdraw_of_an_unstored_facebook_id_without_scope_fails(db: str) -> None:
    code, _, err = _run(
        "withdraw", "profile:facebook:999", "--purpose", "identity_linking",
        "--method", "web_form", "--db", db,
    )  # fmt: skip
    assert code != 0
    assert "no Facebook profile with id 999" in err
    assert "profile:facebook:app" in err


def test_withdraw_of_a_facebook_id_in_two_scopes_asks_which(db: str) -> None:
    _add_facebook_profile(db, "app:77")
    _add_facebook_profile(db, "page:5")
    code, _, err = _run(
        "withdraw", "profile:facebook:8420", "--purpose", "identity_linking",
        "--method", "web_form", "--db", db,
    )  # fmt: skip
    assert code != 0
    assert "profile:facebook:app:77:8420" in err
    assert "profile:facebook:page:5:8420" in err
    assert _link_statuses(db, "facebook", "8420") == {"accepted"}


def test_withdraw_for_an_unknown_customer_fails_and_records_nothing(db: str) -> None:
    code, _, err = _run(
        "withdraw", "customer:C-1001", "--purpose", "identity_linking",
        "--method", "web_form", "--db", db,
    )  # fmt: skip
    assert code == 1
    assert "customer:C-1001" in err
    assert "nothing was withdrawn" in err
    engine = make_engine(db)
    with session_scope(engine) as session:
        assert history(session, Subject.customer("C-1001")) == []
    engine.dispose()


def test_pre_emptive_withdrawal_is_recorded_explicitly(db: str) -> None:
    code, out, err = _run(
        "withdraw", "customer:C-1001", "--purpose", "identity_linking",
        "--method", "web_form", "--pre-emptive", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert "pre-emptive refusal" in out
    engine = make_engine(db)
    with session_scope(engine) as session:
        events = history(session, Subject.customer("C-1001"))
    engine.dispose()
    assert [e.status for e in events] == [ConsentStatus.WITHDRAWN]


def test_subject_parse_refuses_a_facebook_id_without_scope() -> None:
    with pytest.raises(ValueError, match="no global scope"):
        Subject.parse("profile:facebook:8420")


@pytest.mark.parametrize("text", ["customer:K00024\r", "customer: C1", "customer:C1\n"])
def test_subject_refuses_ids_with_blanks_or_control_characters(text: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        Subject.parse(text)

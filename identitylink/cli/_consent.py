"""``identitylink consent grant|withdraw|show|receipt``: the consent ledger by hand.

Withdrawing is one command, exactly as easy as granting: same subject, same purpose
option, and everything that follows from it happens in the same transaction.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from sqlalchemy.orm import Session

from identitylink.cli._app import cli
from identitylink.consent import (
    Controller,
    Method,
    Purpose,
    Subject,
    consent_state,
    dpv_consent_record,
    grant,
    history,
    kantara_receipt,
    resolve_subject,
    subject_known,
    withdraw,
)
from identitylink.exceptions import SubjectNotFoundError
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import make_engine, session_scope

_DURATION = re.compile(r"^(?:(\d+)([hdw])|P(\d+)D)$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def _subject(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check the form early; the scope of a Facebook id is resolved in the store."""
    kind, _, rest = value.partition(":")
    platform, _, profile_id = rest.partition(":")
    if kind == "profile" and platform == "facebook" and profile_id:
        return value
    try:
        Subject.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc
    return value


def _resolve(session: Session, text: str) -> Subject:
    try:
        return resolve_subject(session, text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="SUBJECT") from exc


def _duration(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> timedelta | None:
    if value is None:
        return None
    match = _DURATION.match(value.strip())
    if match is None or (match.group(1) or match.group(3)).strip("0") == "":
        raise click.BadParameter(
            f"{value!r}: write e.g. 365d, 12h, 52w or P365D", ctx=ctx, param=param
        )
    if match.group(3):
        return timedelta(days=int(match.group(3)))
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


_db_option = click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Database URL (default: IDENTITYLINK_DATABASE_URL, else sqlite:///identitylink.db).",
)
_purpose_option = click.option(
    "--purpose",
    "purposes",
    multiple=True,
    required=True,
    type=click.Choice([p.value for p in Purpose]),
    help="Purpose; repeat for several.",
)
_method_option = click.option(
    "--method",
    required=True,
    type=click.Choice([m.value for m in Method]),
    help="How the person expressed it.",
)
_actor_option = click.option(
    "--actor",
    default="data_subject",
    show_default=True,
    help="Who records it: the person, or e.g. agent:<name>.",
)


def _url(db_url: str | None) -> str:
    return db_url if db_url else IdentityLinkSettings().database_url


@cli.group("consent")
def consent_group() -> None:
    """Record, withdraw, show and export consent (the consent ledger)."""


@consent_group.command("grant")
@click.argument("subject_text", metavar="SUBJECT", callback=_subject)
@_purpose_option
@_method_option
@_actor_option
@click.option(
    "--notice-version", required=True, help="The notice the person was shown."
)
@click.option(
    "--valid-for",
    callback=_duration,
    default=None,
    help="e.g. 365d (default: until withdrawn).",
)
@click.option(
    "--evidence", default=None, help="Reference to the proof (form id, DM id)."
)
@_db_option
def grant_command(
    subject_text: str,
    purposes: tuple[str, ...],
    method: str,
    actor: str,
    notice_version: str,
    valid_for: timedelta | None,
    evidence: str | None,
    db_url: str | None,
) -> None:
    """Record that SUBJECT gave consent (customer:<id> or profile:<platform>:<id>)."""
    engine = make_engine(_url(db_url))
    with session_scope(engine) as session:
        subject = _resolve(session, subject_text)
        for purpose in purposes:
            event = grant(
                session,
                subject,
                Purpose(purpose),
                actor=actor,
                method=Method(method),
                notice_version=notice_version,
                valid_for=valid_for,
                evidence=evidence,
                suppression_key=IdentityLinkSettings().suppression_key,
            )
            until = (
                f", until {event.expires_at.isoformat()}" if event.expires_at else ""
            )
            click.echo(f"{subject.key} {purpose}: {event.status.value}{until}")


@consent_group.command("withdraw")
@click.argument("subject_text", metavar="SUBJECT", callback=_subject)
@_purpose_option
@_method_option
@_actor_option
@click.option(
    "--evidence", default=None, help="Reference to the request (DM id, ticket)."
)
@click.option(
    "--pre-emptive",
    is_flag=True,
    help="Record the refusal although the store knows nothing of SUBJECT yet "
    "(no link will be made for it later).",
)
@_db_option
def withdraw_command(
    subject_text: str,
    purposes: tuple[str, ...],
    method: str,
    actor: str,
    evidence: str | None,
    pre_emptive: bool,
    db_url: str | None,
) -> None:
    """Withdraw SUBJECT's consent: links end, cached profile data is purged.

    A SUBJECT the store knows nothing about (no customer, profile, link or consent
    event) is an error, exit code 1, so that a mistyped id is not taken for a done
    withdrawal; ``--pre-emptive`` records it anyway, as a refusal before any link.
    A Facebook id without its scope is resolved from the stored profiles.
    """
    engine = make_engine(_url(db_url))
    with session_scope(engine) as session:
        subject = _resolve(session, subject_text)
        known = subject_known(session, subject)
        if not known and not pre_emptive:
            raise SubjectNotFoundError(
                f"{subject.key}: no customer, profile, link or consent event of this "
                "subject is stored; nothing was withdrawn. Check the id (and the "
                "database), or pass --pre-emptive to record the refusal before any "
                "link exists"
            )
        for purpose in purposes:
            result = withdraw(
                session,
                subject,
                Purpose(purpose),
                actor=actor,
                method=Method(method),
                evidence=evidence,
            )
            if not known:
                click.echo(
                    f"{subject.key} {purpose}: ConsentWithdrawn, recorded as a "
                    "pre-emptive refusal (nothing stored yet; no link will be made)"
                )
                continue
            click.echo(
                f"{subject.key} {purpose}: ConsentWithdrawn; "
                f"{len(result.withdrawn_link_ids)} link(s) withdrawn, "
                f"{len(result.purged_profiles)} profile(s) purged"
            )


@consent_group.command("show")
@click.argument("subject_text", metavar="SUBJECT", callback=_subject)
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"]),
    default=None,
    help="State at this time (UTC if no offset; default: now).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@_db_option
def show_command(
    subject_text: str, at: datetime | None, as_json: bool, db_url: str | None
) -> None:
    """Show SUBJECT's consent per purpose and its full history."""
    when = None if at is None else _aware(at)
    engine = make_engine(_url(db_url))
    with session_scope(engine) as session:
        subject = _resolve(session, subject_text)
        states = [consent_state(session, subject, p, when) for p in Purpose]
        events = history(session, subject)
    if as_json:
        payload = {
            "subject": subject.key,
            "states": [s.model_dump(mode="json", exclude={"event"}) for s in states],
            "history": [e.model_dump(mode="json") for e in events],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(subject.key)
    for state in states:
        click.echo(f"  {state.purpose.value:<24}{state.describe()}")
    click.echo("history:")
    for e in events:
        click.echo(
            f"  {e.at.isoformat()}  {e.purpose.value:<24}{e.status.value:<24}"
            f"{e.method.value} by {e.actor}"
        )
    if not events:
        click.echo("  (no events)")


@consent_group.command("receipt")
@click.argument("subject_text", metavar="SUBJECT", callback=_subject)
@click.option(
    "--controller",
    "controller_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON file: name, contact, email, phone, address, policy_url, jurisdiction.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["kantara", "dpv"]),
    default="kantara",
    show_default=True,
    help="Kantara Consent Receipt v1.1, or DPV / ISO 27560 JSON-LD with history.",
)
@_db_option
def receipt_command(
    subject_text: str, controller_path: Path, fmt: str, db_url: str | None
) -> None:
    """Print a consent receipt for SUBJECT as JSON."""
    controller = Controller.from_file(controller_path)
    engine = make_engine(_url(db_url))
    with session_scope(engine) as session:
        subject = _resolve(session, subject_text)
        events = history(session, subject)
    build = kantara_receipt if fmt == "kantara" else dpv_consent_record
    click.echo(json.dumps(build(events, controller, subject=subject), indent=2))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

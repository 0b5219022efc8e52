"""``identitylink rights export|erase|dispute|resolve|unlink``: a person's rights.

Access (GDPR Art. 15) prints everything held as JSON; erasure (Art. 17) asks for
``--yes``; a dispute freezes a link until resolved; unlink ends it for good. The
subject is written as for the consent commands: ``customer:<id>`` or
``profile:<platform>[:<scope>]:<id>``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import click
from sqlalchemy.orm import Session

from identitylink.cli._app import EXIT_ERROR, cli
from identitylink.cli._consent import _resolve, _subject
from identitylink.cli._db import _db_option, _settings, open_store
from identitylink.consent import Subject, subject_known
from identitylink.exceptions import SubjectNotFoundError
from identitylink.storage import (
    StoredLink,
    dispute_link,
    erase_customer,
    erase_profile,
    export_customer,
    export_profile,
    resolve_dispute,
    session_scope,
    unlink,
)

__all__: list[str] = []


def _known_subject(session: Session, text: str) -> Subject:
    subject = _resolve(session, text)
    if not subject_known(session, subject):
        raise SubjectNotFoundError(
            f"{subject.key}: nothing of this subject is stored (no customer, "
            "profile, link or consent event); check the id and the database"
        )
    return subject


_subject_argument = click.argument("subject_text", metavar="SUBJECT", callback=_subject)
_actor_option = click.option(
    "--actor", required=True, help="Who acts (recorded in the audit log)."
)
_reason_option = click.option("--reason", default=None, help="Why (recorded).")


@cli.group("rights")
def rights_group() -> None:
    """A person's rights over stored data: access, erasure, dispute, unlink."""


@rights_group.command("export")
@_subject_argument
@_db_option
def export_command(subject_text: str, db_url: str | None) -> None:
    """Print everything held about SUBJECT as JSON (GDPR Art. 15).

    The stored record, every link with its decision and explanation, the other
    decisions naming SUBJECT, the consent history and the audit lines. A SUBJECT
    the store knows nothing about exits with code 1.
    """
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            subject = _known_subject(session, subject_text)
            if subject.kind == "customer":
                document = export_customer(session, subject.id)
            else:
                assert subject.platform is not None
                document = export_profile(
                    session, subject.platform, subject.id, subject.scope or "global"
                )
    finally:
        engine.dispose()
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@rights_group.command("erase")
@_subject_argument
@_actor_option
@_reason_option
@click.option("--yes", is_flag=True, help="Erase without asking (for scripts).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_db_option
def erase_command(
    subject_text: str,
    actor: str,
    reason: str | None,
    yes: bool,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Erase SUBJECT (GDPR Art. 17): rows, links, decisions, consent, audit lines.

    One tombstone line stays in the audit log, and keyed hashes go on the
    suppression list (IDENTITYLINK_SUPPRESSION_KEY) so that later runs do not
    re-create the person. A customer's accepted profiles go with it. Without
    --yes the command asks first; a refusal exits with code 1, nothing erased.
    """
    settings = _settings(db_url)
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            subject = _known_subject(session, subject_text)
            if not yes and not click.confirm(
                f"Erase everything stored about {subject.key}? This cannot be undone",
                err=True,
            ):
                click.echo("nothing erased", err=True)
                click.get_current_context().exit(EXIT_ERROR)
            salt, key = settings.email_hash_salt, settings.suppression_key
            if subject.kind == "customer":
                report = erase_customer(
                    session,
                    subject.id,
                    actor=actor,
                    reason=reason,
                    salt=salt,
                    suppression_key=key,
                )
            else:
                assert subject.platform is not None
                report = erase_profile(
                    session,
                    subject.platform,
                    subject.id,
                    subject.scope or "global",
                    actor=actor,
                    reason=reason,
                    salt=salt,
                    suppression_key=key,
                )
    finally:
        engine.dispose()
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(
        f"{subject.key} erased: {report.links} link(s), {report.decisions} "
        f"decision(s), {report.consent_events} consent event(s), "
        f"{report.audit_entries} audit line(s), {report.profiles} profile(s), "
        f"{report.customers} customer(s), {report.interactions} interaction(s)"
    )


def _run(db_url: str | None, change: Callable[[Session], StoredLink]) -> None:
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            link = change(session)
    finally:
        engine.dispose()
    click.echo(
        f"link {link.link_id} ({link.platform}:{link.scope}:{link.profile_id} -> "
        f"{link.customer_id}): {link.status}"
    )


_link_argument = click.argument("link_id", type=int)


@rights_group.command("dispute")
@_link_argument
@_actor_option
@_reason_option
@_db_option
def dispute_command(
    link_id: int, actor: str, reason: str | None, db_url: str | None
) -> None:
    """The person contests link LINK_ID: it is frozen (no lookup returns it)
    until `rights resolve`. A link not proposed or accepted exits with code 2."""
    _run(db_url, lambda s: dispute_link(s, link_id, actor=actor, reason=reason))


@rights_group.command("resolve")
@_link_argument
@_actor_option
@_reason_option
@click.option(
    "--upheld/--not-upheld",
    required=True,
    help="Keep the link (accepted) or end it (unlinked).",
)
@_db_option
def resolve_command(
    link_id: int, actor: str, reason: str | None, upheld: bool, db_url: str | None
) -> None:
    """Close the dispute of link LINK_ID: upheld keeps it, else it is unlinked."""
    _run(
        db_url,
        lambda s: resolve_dispute(
            s, link_id, actor=actor, upheld=upheld, reason=reason
        ),
    )


@rights_group.command("unlink")
@_link_argument
@_actor_option
@_reason_option
@_db_option
def unlink_command(
    link_id: int, actor: str, reason: str | None, db_url: str | None
) -> None:
    """End link LINK_ID for good (status unlinked): no lookup or rerun revives it."""
    _run(db_url, lambda s: unlink(s, link_id, actor=actor, reason=reason))

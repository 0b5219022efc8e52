"""The `db upgrade|current` and `review list|accept|reject|labels` commands.

Also :func:`persist_result`, what ``identitylink link --db URL`` calls to store a run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from identitylink import write_csv
from identitylink.cli._app import EXIT_ERROR, cli
from identitylink.exceptions import StorageError
from identitylink.records import Customer, SocialProfile
from identitylink.results import LinkResult
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import (
    ReviewLabel,
    StoredRun,
    accept_link,
    check_schema,
    count_pending_reviews,
    current_revision,
    head_revision,
    list_pending_reviews,
    make_engine,
    reject_link,
    review_labels,
    session_scope,
    store_run,
    upgrade_schema,
)

__all__ = ["check_database", "open_store", "persist_result"]

_db_option = click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Database URL (default: IDENTITYLINK_DATABASE_URL, "
    "else sqlite:///identitylink.db).",
)


def _settings(db_url: str | None) -> IdentityLinkSettings:
    settings = IdentityLinkSettings()
    return settings.model_copy(update={"database_url": db_url}) if db_url else settings


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (``None`` for another database or in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (
        None,
        "",
        ":memory:",
    ):
        return None
    return Path(parsed.database)


def open_store(db_url: str | None) -> Engine:
    """The engine of an existing store; a missing SQLite file is not created.

    Commands that only read or change what is stored (``review``, ``rights``,
    ``lookup``, ``db current``) use it, so a mistyped path or a forgotten ``--db``
    says so instead of leaving an empty ``identitylink.db`` behind.
    """
    url = _settings(db_url).database_url
    engine = make_engine(url)
    path = _sqlite_file(url)
    if path is not None and not path.exists():
        engine.dispose()
        raise StorageError(
            f"no database at {path} (give --db URL or set IDENTITYLINK_DATABASE_URL; "
            "`identitylink db upgrade --db URL` creates one)"
        )
    return engine


def check_database(db_url: str | None) -> None:
    """Fail now, before any linking, if the run could not be saved at ``db_url``.

    The URL must parse, the server must answer, and a schema, if there is one, must
    be the newest (a new database gets it when the run is saved).
    """
    settings = _settings(db_url)
    engine = make_engine(settings)
    try:
        with session_scope(engine) as session:
            session.execute(text("SELECT 1"))
        if current_revision(engine) is not None:
            check_schema(engine)
    finally:
        engine.dispose()


def stored_labels(db_url: str | None) -> list[ReviewLabel]:
    """The reviewed pairs in the database at ``db_url`` (none in a new database)."""
    engine = make_engine(_settings(db_url))
    try:
        if current_revision(engine) is None:
            return []
        with session_scope(engine) as session:
            return review_labels(session)
    finally:
        engine.dispose()


def persist_result(
    db_url: str | None,
    result: LinkResult,
    *,
    inputs: dict[str, str],
    customers: Iterable[Customer] | None = None,
    profiles: Iterable[SocialProfile] | None = None,
) -> StoredRun:
    """Save ``result`` as one run in the database at ``db_url``.

    Returns the run id with the result that may be written out (refused and
    withdrawn links removed, listed with their reasons).

    ``db_url`` ``None`` means the settings' URL (``IDENTITYLINK_DATABASE_URL``). A
    brand-new database gets the schema first; an older schema is refused with
    :class:`~identitylink.SchemaOutdatedError` (run ``identitylink db upgrade``).
    E-mail hashes are keyed by ``IDENTITYLINK_EMAIL_HASH_SALT`` when it is set.
    """
    settings = _settings(db_url)
    engine = make_engine(settings)
    try:
        if current_revision(engine) is None:
            upgrade_schema(engine)
        check_schema(engine)
        with session_scope(engine) as session:
            return store_run(
                session,
                result,
                inputs=inputs,
                customers=customers,
                profiles=profiles,
                email_salt=settings.email_hash_salt,
                suppression_key=settings.suppression_key,
            )
    finally:
        engine.dispose()


@cli.group()
def db() -> None:
    """Create, upgrade and inspect the link store's schema."""


@db.command("upgrade")
@_db_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(db_url: str | None, revision: str) -> None:
    """Create the tables or upgrade them to the newest schema (safe to repeat)."""
    reached = upgrade_schema(_settings(db_url), revision)
    click.echo(f"schema at revision {reached}")


@db.command("current")
@_db_option
def db_current(db_url: str | None) -> None:
    """Show the database's schema revision and whether it is the newest.

    Exits with code 1 when the database has no schema (or does not exist).
    """
    url = _settings(db_url).database_url
    path = _sqlite_file(url)
    current = None if path is not None and not path.exists() else current_revision(url)
    head = head_revision()
    if current is None:
        click.echo("no schema: run `identitylink db upgrade`")
        click.get_current_context().exit(EXIT_ERROR)
    elif current == head:
        click.echo(f"{current} (head)")
    else:
        click.echo(f"{current} (head is {head}: run `identitylink db upgrade`)")


@cli.group()
def review() -> None:
    """The review queue: links waiting for a person to accept or reject them."""


@review.command("list")
@_db_option
@click.option("--platform", type=click.Choice(["twitter", "facebook"]), default=None)
@click.option(
    "--min-probability", type=click.FloatRange(0, 1), default=None, help="Floor."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--explain", is_flag=True, help="Print each explanation's waterfall.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def review_list(
    db_url: str | None,
    platform: str | None,
    min_probability: float | None,
    limit: int,
    explain: bool,
    as_json: bool,
) -> None:
    """List the links waiting for review, best score first.

    The last line (on stderr) counts every pending link matching the filters,
    also those past --limit.
    """
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            items = list_pending_reviews(
                session,
                platform=platform,
                min_probability=min_probability,
                limit=limit,
            )
            total = count_pending_reviews(
                session, platform=platform, min_probability=min_probability
            )
    finally:
        engine.dispose()
    for item in items:
        if as_json:
            click.echo(item.model_dump_json())
            continue
        click.echo(
            f"link {item.link_id}: {item.platform}/{item.profile_id} -> "
            f"{item.customer_id}  p={item.probability:.3f}  "
            f"weight={item.match_weight:+.2f}"
        )
        if explain:
            click.echo("    " + item.explanation.to_text().replace("\n", "\n    "))
    if not as_json:
        shown = "" if len(items) == total else f" (showing {len(items)}; see --limit)"
        click.echo(f"{total} pending{shown}", err=True)


def _decide(
    db_url: str | None, link_id: int, reviewer: str, reason: str | None, accept: bool
) -> None:
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            decide = accept_link if accept else reject_link
            link = decide(session, link_id, reviewer=reviewer, reason=reason)
    finally:
        engine.dispose()
    click.echo(f"link {link.link_id} {link.status} by {link.decided_by}")


_reviewer_option = click.option(
    "--reviewer", required=True, help="Who decides (recorded on the link)."
)
_reason_option = click.option("--reason", default=None, help="Why (recorded).")


@review.command("accept")
@click.argument("link_id", type=int)
@_reviewer_option
@_reason_option
@_db_option
def review_accept(
    link_id: int, reviewer: str, reason: str | None, db_url: str | None
) -> None:
    """Accept link LINK_ID: it becomes usable (consent permitting)."""
    _decide(db_url, link_id, reviewer, reason, accept=True)


@review.command("reject")
@click.argument("link_id", type=int)
@_reviewer_option
@_reason_option
@_db_option
def review_reject(
    link_id: int, reviewer: str, reason: str | None, db_url: str | None
) -> None:
    """Reject link LINK_ID: no lookup will return it."""
    _decide(db_url, link_id, reviewer, reason, accept=False)


@review.command("labels")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list instead of CSV.")
def review_labels_command(db_url: str | None, as_json: bool) -> None:
    """Print reviewed pairs as training labels (CSV: platform,profile_id,...).

    Columns: platform, profile_id, customer_id, is_match (1 or 0).
    """
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            labels = review_labels(session)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps([label._asdict() for label in labels]))
        return
    write_csv(
        sys.stdout,
        ["platform", "profile_id", "customer_id", "is_match"],
        ([*label[:3], "1" if label.is_match else "0"] for label in labels),
    )

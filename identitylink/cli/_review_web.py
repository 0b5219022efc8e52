"""The `review serve` and `review hash-password` commands: the review web page."""

from __future__ import annotations

import os

import click

from identitylink.cli._db import _settings, review
from identitylink.exceptions import MissingDependencyError
from identitylink.web import (
    create_review_app,
    hash_password,
    load_reviewers,
    load_truth,
)

__all__: list[str] = []


@review.command("serve")
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Database URL (default: IDENTITYLINK_DATABASE_URL, "
    "else sqlite:///identitylink.db).",
)
@click.option(
    "--reviewers",
    "reviewers_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Reviewers file: one 'name:hash[:platforms]' line per reviewer.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--truth",
    "truth_file",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Truth CSV: the thresholds page measures every stored link against it.",
)
@click.option(
    "--secure-cookies",
    is_flag=True,
    help="Send the session cookie over HTTPS only (set it behind TLS).",
)
def review_serve(
    db_url: str | None,
    reviewers_file: str,
    host: str,
    port: int,
    truth_file: str | None,
    secure_cookies: bool,
) -> None:
    """Serve the review page: the queue, each pair, accept or reject, thresholds.

    Sessions are signed with IDENTITYLINK_REVIEW_SECRET when it is set (sessions
    then survive a restart), else with a random key drawn at start.
    """
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError(
            "`review serve` needs the web extra: pip install 'identitylink[web]'"
        ) from exc
    reviewers = load_reviewers(reviewers_file)
    app = create_review_app(
        _settings(db_url).database_url,
        reviewers=reviewers,
        secret_key=os.environ.get("IDENTITYLINK_REVIEW_SECRET") or None,
        secure_cookies=secure_cookies,
        truth=None if truth_file is None else load_truth(truth_file),
    )
    click.echo(
        f"review page for {len(reviewers)} reviewer"
        f"{'' if len(reviewers) == 1 else 's'} on http://{host}:{port}/",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


@review.command("hash-password")
@click.argument("name")
@click.option(
    "--platforms",
    default=None,
    help="Comma-separated platforms this reviewer may see (default: all).",
)
@click.option(
    "--password",
    default=None,
    help="The password (asked for, twice, when not given; prefer that).",
)
def review_hash_password(
    name: str, platforms: str | None, password: str | None
) -> None:
    """Print a reviewers-file line for NAME with a PBKDF2 hash of the password.

    The questions go to stderr, so the line can be appended to the file:
    ``identitylink review hash-password ana >> reviewers.txt``.
    """
    if password is None:
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, err=True
        )
    line = f"{name}:{hash_password(password)}"
    if platforms:
        line += f":{platforms}"
    _check_line(line)
    click.echo(line)


def _check_line(line: str) -> None:
    """Refuse a line the reviewers file would refuse (bad name or platforms)."""
    from identitylink.web import parse_reviewers

    parse_reviewers(line, source="hash-password")

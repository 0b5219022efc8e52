"""The `sla` and `serve` commands: the answer-time report and the HTTP service."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from identitylink.cli._app import cli
from identitylink.cli._db import _db_option, _settings
from identitylink.exceptions import InputError
from identitylink.storage import SlaFigures, make_engine, session_scope, sla_report

if TYPE_CHECKING:
    from identitylink import Index


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--since {value!r} is not an ISO date or time") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _line(name: str, f: SlaFigures) -> str:
    share = "-" if f.share_within is None else f"{f.share_within:.1%}"
    median = "-" if f.median_seconds is None else f"{f.median_seconds / 60:.1f}"
    p90 = "-" if f.p90_seconds is None else f"{f.p90_seconds / 60:.1f}"
    return (
        f"{name:<20} {f.received:>8} {f.answered:>8} {share:>8} {median:>10} "
        f"{p90:>8} {f.open:>6} {f.overdue:>8}"
    )


@cli.command("sla")
@_db_option
@click.option(
    "--since", default=None, help="Only interactions received since (ISO, UTC)."
)
@click.option(
    "--threshold-minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="The promise (default: IDENTITYLINK_ANSWER_SLA_MINUTES, else 30).",
)
@click.option("--open-limit", type=click.IntRange(min=0), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The whole report as JSON.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Draw the answer-time distribution to this PNG (extra 'plot').",
)
def sla_command(
    db_url: str | None,
    since: str | None,
    threshold_minutes: float | None,
    open_limit: int,
    as_json: bool,
    plot: str | None,
) -> None:
    """Share answered within the threshold, median and p90 time to first answer.

    Per channel (platform/kind) and per day, then the unanswered interactions,
    oldest first. Only interactions whose outcome is known (answered, or waiting
    past the threshold) count in the share.
    """
    settings = _settings(db_url)
    minutes = threshold_minutes or settings.answer_sla_minutes
    engine = make_engine(settings)
    try:
        with session_scope(engine) as session:
            report = sla_report(
                session, threshold=timedelta(minutes=minutes), since=_since(since)
            )
    finally:
        engine.dispose()
    if plot:
        _plot(report.answer_seconds, minutes, plot)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(f"answered within {minutes:g} min (times in minutes)")
    header = (
        f"{'':<20} {'received':>8} {'answered':>8} {'in time':>8} {'median':>10} "
        f"{'p90':>8} {'open':>6} {'overdue':>8}"
    )
    click.echo(header)
    click.echo(_line("all", report.overall))
    for name, figures in report.by_channel.items():
        click.echo(_line(name, figures))
    for name, figures in report.by_day.items():
        click.echo(_line(name, figures))
    if report.unanswered:
        click.echo("unanswered, oldest first:")
    for item in report.unanswered[:open_limit]:
        flag = "OVERDUE" if item.overdue else "open"
        click.echo(
            f"  {item.interaction_id:>6} {item.platform}/{item.kind} "
            f"@{item.handle or '?'} waiting {item.waiting_seconds / 60:.0f} min {flag}"
        )


def _plot(seconds: list[float], minutes: float, path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from identitylink.exceptions import MissingDependencyError

        raise MissingDependencyError(
            "--plot needs matplotlib: pip install 'identitylink[plot]'"
        ) from exc
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist([s / 60 for s in seconds], bins=40)
    ax.axvline(minutes, color="red", linestyle="--", label=f"{minutes:g} min")
    ax.set_xlabel("minutes to first answer")
    ax.set_ylabel("interactions")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _build_index(
    crm: Path,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
) -> Index:
    """The index of the CRM and known profiles, built before the first call."""
    from identitylink.cli._identify import build_index
    from identitylink.cli._link import _stage

    index, known = build_index(crm, crm_mapping, twitter, facebook, spec_path)
    start = time.perf_counter()
    if known:  # build the columns and the known profiles' blocks now, not on a call
        index.identify(known[0])
    _stage(
        f"indexed {len(index)} customers and {len(known)} profiles in "
        f"{time.perf_counter() - start:.1f} s"
    )
    return index


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command("serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Bind address.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--crm",
    type=_FILE,
    default=None,
    help="CRM export (CSV): identify answers from an index built at start-up.",
)
@click.option("--crm-mapping", "crm_mapping", type=_FILE, default=None)
@click.option(
    "--twitter", type=_FILE, default=None, help="Known X/Twitter users (JSONL)."
)
@click.option(
    "--facebook", type=_FILE, default=None, help="Known Facebook users (JSONL)."
)
@click.option(
    "--spec",
    "spec_path",
    type=_FILE,
    default=None,
    help="A trained LinkSpec JSON (Linker.save); else trained on the inputs.",
)
@click.option(
    "--reviewers",
    "reviewers_file",
    type=_FILE,
    default=None,
    help="Reviewers file ('identitylink review hash-password'): also serve the "
    "review page under /review.",
)
@click.option(
    "--truth",
    "truth_file",
    type=_FILE,
    default=None,
    help="Truth CSV for the review page's thresholds page (with --reviewers).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Server processes, forked after the index is built (they share it "
    "copy-on-write): one per core.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log a line per request.",
)
def serve_command(
    db_url: str | None,
    host: str,
    port: int,
    crm: Path | None,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
    reviewers_file: Path | None,
    truth_file: Path | None,
    workers: int,
    access_log: bool,
) -> None:
    """Run the HTTP service (extra 'service'): identify, interactions, SLA, webhooks.

    With --crm (and --twitter/--facebook), POST /identify and the webhooks answer
    from an index built at start-up (ranked candidates, probability, band,
    explanation; consent-gated); without, from the stored links. With
    --reviewers, the review page is served under /review (sessions signed with
    IDENTITYLINK_REVIEW_SECRET when set). Webhook secrets come from the
    environment: IDENTITYLINK_X_CONSUMER_SECRET, IDENTITYLINK_META_APP_SECRET,
    IDENTITYLINK_META_VERIFY_TOKEN. The schema must be current (`identitylink db
    upgrade`). A process identifies one profile at a time: --workers N serves
    with N processes (one per core), forked once the index is built.
    """
    from identitylink.service import create_app
    from identitylink.storage import check_schema

    settings = _settings(db_url)
    engine = make_engine(settings)
    check_schema(engine)
    if crm is None and (twitter or facebook or spec_path or crm_mapping):
        raise click.UsageError("--twitter, --facebook and --spec need --crm")
    index = (
        None
        if crm is None
        else _build_index(crm, crm_mapping, twitter, facebook, spec_path)
    )
    if truth_file is not None and reviewers_file is None:
        raise click.UsageError("--truth is for the review page: give --reviewers")
    reviewers = truth = None
    if reviewers_file is not None:
        from identitylink.web import load_reviewers, load_truth

        reviewers = load_reviewers(reviewers_file)
        truth = None if truth_file is None else load_truth(truth_file)
    app = create_app(
        settings,
        engine=engine,
        index=index,
        reviewers=reviewers,
        review_secret=os.environ.get("IDENTITYLINK_REVIEW_SECRET") or None,
        review_truth=truth,
    )
    try:
        import uvicorn  # noqa: F401 - checked here, used by serve
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from identitylink.exceptions import MissingDependencyError

        raise MissingDependencyError(
            "serve needs uvicorn: pip install 'identitylink[service]'"
        ) from exc
    import logging

    from identitylink import service

    logging.getLogger("uvicorn.access").addFilter(service.RedactSecrets())
    service.serve(
        app,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        access_log=access_log,
    )

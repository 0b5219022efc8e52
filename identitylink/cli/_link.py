"""``identitylink link`` and ``identitylink blocking-report``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from identitylink import (
    ColumnRead,
    read_crm_columns,
    read_facebook_columns,
    read_truth,
    read_twitter_columns,
    write_links_csv,
)
from identitylink.cli._app import cli
from identitylink.cli._db import check_database, persist_result, stored_labels
from identitylink.cli._read import text_repairs
from identitylink.linker import Linker
from identitylink.records import Customer, ReadResult, SocialProfile
from identitylink.results import LinkResult
from identitylink.sources import read_crm, read_facebook, read_twitter
from identitylink.spec import LinkSpec

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _stage(message: str) -> None:
    click.echo(f"[{time.strftime('%H:%M:%S')}] {message}", err=True)


def facebook_scope_options(function: Any) -> Any:
    """``--facebook-app-id`` and ``--facebook-page-id``, as ``identitylink read``."""
    function = click.option(
        "--facebook-page-id",
        default=None,
        help="Page of Messenger PSIDs in --facebook (their scope: page:<id>).",
    )(function)
    return click.option(
        "--facebook-app-id",
        default=None,
        help="App of the Facebook user ids in --facebook (their scope: app:<id>).",
    )(function)


_RECORD_READERS = (read_crm, read_twitter, read_facebook)
_COLUMN_READERS = (read_crm_columns, read_twitter_columns, read_facebook_columns)


def _read_with(
    readers: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]],
    crm: Path,
    mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    clock: _Clock | None,
    app_id: str | None,
    page_id: str | None,
) -> tuple[Any, list[Any]]:
    """The CRM and the profile files read by ``readers`` (CRM, X, Facebook),
    errors collected; an empty input is an error; ``clock`` laps each file."""
    if twitter is None and facebook is None:
        raise click.UsageError("give at least one of --twitter and --facebook")
    read_crm_file, read_x_file, read_facebook_file = readers
    _stage(f"reading CRM {crm}")
    customers = read_crm_file(crm, mapping, errors="collect")
    customers = customers.require_records("customers")
    if clock is not None:
        clock.lap("read crm")
    profiles: list[Any] = []
    for path, platform in ((twitter, "twitter"), (facebook, "facebook")):
        if path is None:
            continue
        _stage(f"reading profiles {path}")
        result = (
            read_x_file(path, errors="collect")
            if platform == "twitter"
            else read_facebook_file(
                path, errors="collect", app_id=app_id, page_id=page_id
            )
        )
        profiles.append(result.require_records("profiles"))
        if clock is not None:
            clock.lap(f"read {platform}")
    return customers, profiles


def _read_inputs(
    crm: Path,
    mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    *,
    app_id: str | None = None,
    page_id: str | None = None,
) -> tuple[ReadResult[Customer], list[ReadResult[SocialProfile]]]:
    """The inputs as records (what the store keeps)."""
    return _read_with(
        _RECORD_READERS, crm, mapping, twitter, facebook, None, app_id, page_id
    )


def _read_columns(
    crm: Path,
    mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    clock: _Clock,
    *,
    app_id: str | None = None,
    page_id: str | None = None,
) -> tuple[ColumnRead, list[ColumnRead]]:
    """The inputs as columns (the batch path: no record objects)."""
    return _read_with(
        _COLUMN_READERS, crm, mapping, twitter, facebook, clock, app_id, page_id
    )


class _Clock:
    """Seconds and peak resident memory at the end of each stage (``--timings``)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: list[dict[str, Any]] = []

    def lap(self, stage: str, seconds: float | None = None) -> None:
        now = time.perf_counter()
        took = now - self.last if seconds is None else seconds
        self.last = now
        self.laps.append(
            {"stage": stage, "seconds": round(took, 3), "peak_rss_mb": _peak_rss_mb()}
        )

    def report(self) -> list[str]:
        lines = [
            f"{lap['stage']:<16}{lap['seconds']:>8.2f} s"
            + (
                f"{lap['peak_rss_mb']:>10.0f} MB peak RSS"
                if lap["peak_rss_mb"] is not None
                else ""
            )
            for lap in self.laps
        ]
        total = time.perf_counter() - self.start
        return [*lines, f"{'total':<16}{total:>8.2f} s"]


def _peak_rss_mb() -> float | None:
    """The process's peak resident set size so far, in MB (None where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def _write_explanations(
    result: LinkResult, path: Path, refused: list[dict[str, str]]
) -> None:
    """Every decision: the links, then the candidate pairs not linked (``reject``).

    A pair whose profile or customer the store refused (consent, erasure) is left
    out, as it is left out of the links.
    """
    withheld = {(r["profile_platform"], r["profile_id"]) for r in refused}
    customers = {r["customer_id"] for r in refused}
    with path.open("w", encoding="utf-8") as fh:
        for d in result.links:
            fh.write(d.model_dump_json() + "\n")
        for d in result.rejected:
            if (d.profile_platform, d.profile_id) in withheld:
                continue
            if d.customer_id in customers:
                continue
            fh.write(d.model_dump_json() + "\n")


def _summary(result: LinkResult, out: Path, spec_hash: str) -> dict[str, Any]:
    return {
        "out": str(out),
        "spec_hash": spec_hash,
        "counts": result.counts,
        "timings": result.timings,
        "errors": [str(e) for e in result.errors[:20]],
    }


def _inputs(
    crm: Path, mapping: Path | None, twitter: Path | None, facebook: Path | None
) -> dict[str, str]:
    named = {"crm": crm, "crm_mapping": mapping, "twitter": twitter}
    named["facebook"] = facebook
    return {k: str(v) for k, v in named.items() if v is not None}


def _load_spec(spec: Path | None) -> LinkSpec | None:
    return LinkSpec.from_file(spec) if spec is not None else None


@cli.command("link")
@click.option("--crm", "crm", required=True, type=_FILE, help="CRM export (CSV).")
@click.option(
    "--crm-mapping",
    "crm_mapping",
    type=_FILE,
    default=None,
    help="JSON column mapping for the CRM (see the inputs how-to).",
)
@click.option("--twitter", type=_FILE, default=None, help="X/Twitter users (JSONL).")
@click.option("--facebook", type=_FILE, default=None, help="Facebook users (JSONL).")
@click.option(
    "--spec",
    "spec_path",
    type=_FILE,
    default=None,
    help="A LinkSpec JSON file (default: the built-in social <-> CRM spec; "
    "an untrained spec is trained on the input first).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the links CSV.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--explain",
    "explain_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write every decision with its explanation as JSON Lines: the "
    "links, then each candidate pair not linked (band reject, with why).",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Also save the run in this database (e.g. sqlite:///links.db); every "
    "link passes the consent policy gate first. The pairs reviewed there are "
    "kept: accepted ones linked, rejected ones never candidates.",
)
@click.option(
    "--ignore-reviews",
    is_flag=True,
    help="With --db: decide every pair afresh, as if nobody had reviewed any.",
)
@click.option(
    "--timings",
    "show_timings",
    is_flag=True,
    help="Print each stage's seconds and the peak resident memory after it "
    "(to stderr; with --json also as stage_timings).",
)
@facebook_scope_options
def link_command(
    crm: Path,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
    out: Path,
    as_json: bool,
    explain_path: Path | None,
    db_url: str | None,
    ignore_reviews: bool,
    show_timings: bool,
    facebook_app_id: str | None,
    facebook_page_id: str | None,
) -> None:
    """Link social profiles to CRM customers and write one row per linked profile.

    The CSV has the columns profile_platform, profile_id, profile_scope,
    customer_id, probability, band (auto or review), match_weight,
    profile_handle and profile_url. Progress
    goes to stderr; the summary to stdout. Unusable input exits with code 2.
    """
    labels = None
    if db_url is not None:
        check_database(db_url)
        if not ignore_reviews:
            labels = stored_labels(db_url)
            if labels:
                _stage(f"keeping {len(labels)} reviewed pairs from {db_url}")
    clock = _Clock()
    linker = Linker(_load_spec(spec_path))
    customers: ReadResult[Customer] | ColumnRead
    profiles: list[ReadResult[SocialProfile]] | list[ColumnRead]
    all_profiles: ReadResult[SocialProfile] | ColumnRead
    record_profiles: list[ReadResult[SocialProfile]] = []
    if db_url is None:
        # The batch path: columns, no record object (the store keeps records).
        customers, column_profiles = _read_columns(
            crm,
            crm_mapping,
            twitter,
            facebook,
            clock,
            app_id=facebook_app_id,
            page_id=facebook_page_id,
        )
        profiles, all_profiles = column_profiles, ColumnRead.concat(column_profiles)
    else:
        customers, record_profiles = _read_inputs(
            crm,
            crm_mapping,
            twitter,
            facebook,
            app_id=facebook_app_id,
            page_id=facebook_page_id,
        )
        clock.lap("read")
        profiles, all_profiles = record_profiles, ReadResult.merge(record_profiles)
    linker.check_inputs(customers, all_profiles)
    _stage(
        f"linking {sum(len(p) for p in profiles)} profiles against "
        f"{len(customers)} customers"
    )
    stages = [s for s in Linker.STAGES if s != "train" or not linker.trained]

    def stage_done(stage: str) -> None:
        bar.update(1, current_item=stage)
        clock.lap(stage, linker.timings.get(stage))

    with click.progressbar(
        length=len(stages),
        label="linking",
        file=sys.stderr,
        item_show_func=lambda stage: stage,
    ) as bar:
        linker.progress = stage_done
        result = linker.link(
            customers,
            all_profiles,
            rejected=explain_path is not None,
            labels=labels,
        )
    clock.lap("results")
    refused: list[dict[str, str]] = []
    run_id = None
    if db_url is not None:
        assert isinstance(customers, ReadResult)
        # The store's consent gate and link states decide what may be written out,
        # so the run is saved before any output file is written.
        _stage(f"saving the run in {db_url}")
        stored = persist_result(
            db_url,
            result,
            inputs=_inputs(crm, crm_mapping, twitter, facebook),
            customers=customers.records,
            profiles=[p for res in record_profiles for p in res.records],
        )
        result, run_id = stored.result, stored.run_id
        refused = [r.model_dump() for r in stored.refused]
        clock.lap("store")
    _stage(f"writing {len(result.links)} links to {out}")
    write_links_csv(result, out)
    if explain_path is not None:
        _write_explanations(result, explain_path, refused)
    clock.lap("write")
    summary = _summary(result, out, result.spec_hash)
    if show_timings:
        summary["stage_timings"] = clock.laps
        for line in clock.report():
            click.echo(f"timings: {line}", err=True)
    # issue 15 item 6: bad values are read as missing, their record kept
    warned = len(customers.warnings) + sum(len(r.warnings) for r in profiles)
    summary["input_warnings"] = warned
    # issue 11 §1 / 15 item 3: mojibake repaired per value, stray non-UTF-8 lines
    inputs: list[ReadResult[Any] | ColumnRead] = [customers, *profiles]
    repaired = sum(r.repaired_values for r in inputs)
    suspect = sum(r.suspect_values for r in inputs)
    recoded = sum(r.recoded_lines for r in inputs)
    summary["input_repaired_values"] = repaired
    summary["input_suspect_values"] = suspect
    summary["input_recoded_lines"] = recoded
    missing = warned - suspect - recoded
    if run_id is not None:
        summary["run_id"] = run_id
        summary["refused"] = refused
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    c = result.counts
    click.echo(
        f"{c.get('links', 0)} links ({c.get('auto', 0)} auto, {c.get('review', 0)} "
        f"review) for {c.get('profiles', 0)} profiles and {c.get('customers', 0)} "
        f"customers; {c.get('candidate_pairs', 0)} candidate pairs"
    )
    if c.get("profiles_not_comparable") or c.get("customers_not_comparable"):
        click.echo(
            f"not comparable (no name, e-mail or username): "
            f"{c.get('profiles_not_comparable', 0)} profiles, "
            f"{c.get('customers_not_comparable', 0)} customers"
        )
    if result.errors:
        click.echo(f"{len(result.errors)} input records skipped, e.g.:")
        for e in result.errors[:5]:
            click.echo(f"  {e}")
    if missing:
        click.echo(f"{missing} input values read as missing (records kept)")
    if repaired or suspect or recoded:
        click.echo(f"input text: {text_repairs(repaired, suspect, recoded)}")
    click.echo(
        "timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    )
    if refused:
        click.echo(
            f"{len(refused)} decision(s) not written as links (consent policy or "
            "stored link state), e.g.:"
        )
        for r in refused[:5]:
            click.echo(
                f"  {r['profile_platform']}:{r['profile_id']} -> "
                f"{r['customer_id']}: {r['reason']}"
            )
    click.echo(f"links written to {out}")
    if "run_id" in summary:
        click.echo(f"run {summary['run_id']} saved in {db_url}")


@cli.command("blocking-report")
@click.option("--crm", "crm", required=True, type=_FILE, help="CRM export (CSV).")
@click.option(
    "--crm-mapping",
    "crm_mapping",
    type=_FILE,
    default=None,
    help="JSON column mapping.",
)
@click.option("--twitter", type=_FILE, default=None, help="X/Twitter users (JSONL).")
@click.option("--facebook", type=_FILE, default=None, help="Facebook users (JSONL).")
@click.option(
    "--spec", "spec_path", type=_FILE, default=None, help="A LinkSpec JSON file."
)
@click.option(
    "--truth",
    "truth_path",
    type=_FILE,
    default=None,
    help="Truth CSV (profile_platform, profile_id, customer_id): report the share "
    "of true pairs the blocking keeps.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@facebook_scope_options
def blocking_report_command(
    crm: Path,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
    truth_path: Path | None,
    as_json: bool,
    facebook_app_id: str | None,
    facebook_page_id: str | None,
) -> None:
    """Print the candidate pairs each blocking rule produces (and, with --truth,
    how many true pairs survive blocking)."""
    linker = Linker(_load_spec(spec_path))
    customers, profiles = _read_inputs(
        crm,
        crm_mapping,
        twitter,
        facebook,
        app_id=facebook_app_id,
        page_id=facebook_page_id,
    )
    truth = (
        list(read_truth(truth_path).itertuples(index=False, name=None))
        if truth_path is not None
        else None
    )
    report = linker.blocking_report(customers, ReadResult.merge(profiles), truth)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    header = f"{'rule':<42}{'pairs':>10}{'new':>10}{'capped':>8}{'dropped':>10}"
    if truth is not None:
        header += f"{'true new':>10}"
    click.echo(header)
    for r in report.rules:
        line = (
            f"{r.rule:<42}{r.pairs:>10}{r.new_pairs:>10}"
            f"{r.capped_blocks:>8}{r.dropped_pairs:>10}"
        )
        if r.true_pairs_kept is not None:
            line += f"{r.true_pairs_kept:>10}"
        click.echo(line)
    click.echo(f"total candidate pairs: {report.total_pairs}")
    if report.recall is not None:
        click.echo(
            f"true pairs kept: {report.true_pairs_kept} of {report.true_pairs} "
            f"({report.recall:.1%})"
        )

"""``identitylink evaluate``: precision, recall and F1 of links against a truth file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from identitylink import evaluate
from identitylink.cli._app import cli


@cli.command("evaluate")
@click.option(
    "--links",
    "links_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Links CSV written by `identitylink link` "
    "(profile_platform, profile_id, customer_id, probability, band).",
)
@click.option(
    "--truth",
    "truth_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Truth CSV: one row per true link "
    "(profile_platform, profile_id, customer_id).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also draw precision, recall and F1 versus the probability threshold "
    "to this image file (needs `pip install identitylink[plot]`).",
)
def evaluate_command(
    links_path: Path, truth_path: Path, as_json: bool, plot_path: Path | None
) -> None:
    """Measure precision, recall and F1 of LINKS against TRUTH.

    The text's headings (overall, by_platform, by_band, curve, best_threshold)
    are the keys of --json.

    Overall, per platform, per band (recall of a band counts every true link) and
    for links at or above a range of probability thresholds. A profile linked to
    the wrong customer counts as one false positive and one false negative.
    """
    report = evaluate(links_path, truth_path)
    if plot_path is not None:
        report.plot(plot_path)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.to_text())
        if plot_path is not None:
            click.echo(f"\nplot written to {plot_path}")

"""``identitylink read`` and ``identitylink demo``: read and normalise inputs.

Both print, per input, how many records were read, the columns chosen for the CRM,
the first errors (``source:line field: reason``) and a few normalised examples. Bad
records are collected, not fatal; an input with no usable record exits with code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

import identitylink
from identitylink.cli._app import cli
from identitylink.exceptions import ConfigurationError, EmptyInputError
from identitylink.normalize import (
    canonical_email,
    clean_display_name,
    name_keys,
    nickname_group,
    normalize_phone,
    normalize_place,
    split_full_name,
)
from identitylink.records import Customer, ReadResult, SocialProfile
from identitylink.sources import read_crm, read_facebook, read_twitter

_LABELS = {"crm": "CRM", "twitter": "X (Twitter)", "facebook": "Facebook"}


def _customer_example(customer: Customer) -> dict[str, Any]:
    given = customer.given_names[0] if customer.given_names else ""
    family = " ".join(customer.name_particles + customer.family_names)
    place = normalize_place(customer.city, customer.country) if customer.city else None
    return {
        "id": customer.customer_id,
        "name": " ".join((*customer.given_names, family)).strip(),
        "given_key": nickname_group(given) if given else None,
        "family_keys": sorted(name_keys(family)) if family else [],
        "email": canonical_email(customer.email).canonical if customer.email else None,
        "phone": normalize_phone(customer.phone, customer.country).e164
        if customer.phone
        else None,
        "city_key": place.city_key if place else None,
        "country": customer.country,
    }


def _profile_example(profile: SocialProfile) -> dict[str, Any]:
    shown = profile.display_name or ""
    cleaned = clean_display_name(shown)
    given, family, particles = split_full_name(cleaned)
    if profile.given_name or profile.family_name:
        given = (profile.given_name,) if profile.given_name else ()
        family = (profile.family_name,) if profile.family_name else ()
        particles = ()
    family_text = " ".join(particles + family)
    place = normalize_place(profile.location_text) if profile.location_text else None
    return {
        "id": profile.profile_id,
        "scope": profile.scope,
        "display_name": shown,
        "cleaned": cleaned,
        "given_key": nickname_group(given[0]) if given else None,
        "family_keys": sorted(name_keys(family_text)) if family_text else [],
        "email": canonical_email(profile.email).canonical if profile.email else None,
        "city_key": place.city_key if place else None,
        "country": place.country if place else None,
    }


def _summary(result: ReadResult[Any], max_errors: int, examples: int) -> dict[str, Any]:
    if not result.records:
        reasons = "; ".join(str(e) for e in result.errors[:3])
        raise EmptyInputError(
            f"{result.source}: no usable records" + (f" ({reasons})" if reasons else "")
        )
    sample = result.records[:examples]
    shown = [
        _customer_example(r) if isinstance(r, Customer) else _profile_example(r)
        for r in sample
    ]
    return {
        "kind": result.kind,
        "source": result.source,
        "encoding": result.encoding,
        "records": len(result.records),
        "errors": len(result.errors),
        "columns": dict(result.columns),
        "first_errors": [e.model_dump() for e in result.errors[:max_errors]],
        "warnings": len(result.warnings),
        "repaired_values": result.repaired_values,
        "suspect_values": result.suspect_values,
        "recoded_lines": result.recoded_lines,
        "first_warnings": [w.model_dump() for w in result.warnings[:max_errors]],
        "examples": shown,
    }


def text_repairs(repaired: int, suspect: int, recoded: int) -> str:
    """ "3 values repaired (mojibake), 1 suspect ..." or "" when there is nothing."""
    parts = []
    if repaired:
        parts.append(f"{repaired} values repaired (mojibake)")
    if suspect:
        parts.append(f"{suspect} suspect values kept as read")
    if recoded:
        parts.append(f"{recoded} lines not UTF-8 (read as cp1252)")
    return ", ".join(parts)


def _render(summary: dict[str, Any]) -> str:
    kind = summary["kind"]
    noun = "customers" if kind == "crm" else "profiles"
    lines = [
        f"{_LABELS[kind]}: {summary['source']} ({summary['encoding']})",
        f"  {summary['records']} {noun} read, {summary['errors']} bad records skipped",
    ]
    if summary["columns"]:
        pairs = ", ".join(f"{f} <- {c!r}" for f, c in summary["columns"].items())
        lines.append(f"  columns: {pairs}")
    if summary["first_errors"]:
        lines.append(
            f"  first errors ({len(summary['first_errors'])} of {summary['errors']}):"
        )
        for error in summary["first_errors"]:
            where = error["source"] + (f":{error['line']}" if error["line"] else "")
            field = f" {error['field']}" if error["field"] else ""
            who = f" [{error['record_id']}]" if error["record_id"] else ""
            lines.append(f"    {where}{who}{field}: {error['reason']}")
    text_notes = text_repairs(
        summary["repaired_values"], summary["suspect_values"], summary["recoded_lines"]
    )
    if text_notes:
        lines.append(f"  text: {text_notes}")
    if summary["warnings"]:
        missing = (
            summary["warnings"] - summary["suspect_values"] - summary["recoded_lines"]
        )
        kinds = [f"{missing} values read as missing (record kept)"] if missing else []
        if summary["suspect_values"]:
            kinds.append(f"{summary['suspect_values']} suspect values kept as read")
        if summary["recoded_lines"]:
            kinds.append(f"{summary['recoded_lines']} lines read as cp1252")
        lines.append(
            f"  {', '.join(kinds)}, first {len(summary['first_warnings'])} warnings:"
            if len(kinds) > 1
            else f"  {kinds[0]}, first {len(summary['first_warnings'])}:"
        )
        for warning in summary["first_warnings"]:
            where = warning["source"] + (
                f":{warning['line']}" if warning["line"] else ""
            )
            who = f" [{warning['record_id']}]" if warning["record_id"] else ""
            what = f" {warning['field']}=" if warning["field"] else " "
            lines.append(
                f"    {where}{who}{what}{warning['value']!r}: {warning['reason']}"
            )
    lines.append("  normalised examples:")
    for example in summary["examples"]:
        parts = [f"{k}={v}" for k, v in example.items() if v not in (None, [], "")]
        lines.append("    " + "  ".join(parts))
    return "\n".join(lines)


def _run(
    crm: Path,
    mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    *,
    as_json: bool,
    max_errors: int,
    examples: int,
    app_id: str | None = None,
    page_id: str | None = None,
) -> None:
    summaries = [
        _summary(read_crm(crm, mapping, errors="collect"), max_errors, examples)
    ]
    if twitter is not None:
        result = read_twitter(twitter, errors="collect")
        summaries.append(_summary(result, max_errors, examples))
    if facebook is not None:
        fb = read_facebook(facebook, errors="collect", app_id=app_id, page_id=page_id)
        summaries.append(_summary(fb, max_errors, examples))
    if as_json:
        click.echo(json.dumps({"inputs": summaries}, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(_render(s) for s in summaries))


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_common = [
    click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
    click.option(
        "--max-errors",
        default=10,
        show_default=True,
        type=click.IntRange(0),
        help="How many errors to list per input.",
    ),
    click.option(
        "--examples",
        default=3,
        show_default=True,
        type=click.IntRange(0),
        help="How many normalised records to show per input.",
    ),
]


def _with_common(function: Any) -> Any:
    for option in reversed(_common):
        function = option(function)
    return function


@cli.command("read")
@click.option("--crm", "crm", required=True, type=_FILE, help="CRM export (CSV).")
@click.option(
    "--crm-mapping",
    "mapping",
    type=_FILE,
    default=None,
    help='Column mapping JSON: {"columns": {"customer_id": "id", ...}, '
    '"date_format": "%d.%m.%Y"}. Without it common headers are recognised.',
)
@click.option("--twitter", type=_FILE, default=None, help="X users (JSON Lines).")
@click.option("--facebook", type=_FILE, default=None, help="Facebook users (JSONL).")
@click.option("--facebook-app-id", default=None, help="App of the Facebook user ids.")
@click.option(
    "--facebook-page-id", default=None, help="Page of Messenger PSIDs in --facebook."
)
@_with_common
def read_command(
    crm: Path,
    mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    facebook_app_id: str | None,
    facebook_page_id: str | None,
    as_json: bool,
    max_errors: int,
    examples: int,
) -> None:
    """Read a CRM export and social profiles; show counts, columns and errors.

    Bad records are skipped and listed (``source:line field: reason``); an input
    with no usable record (empty file, header only) exits with code 2, as does a
    mapping naming a column the file lacks.
    """
    _run(
        crm,
        mapping,
        twitter,
        facebook,
        as_json=as_json,
        max_errors=max_errors,
        examples=examples,
        app_id=facebook_app_id,
        page_id=facebook_page_id,
    )


def demo_data_dir() -> Path:
    """The shipped sample: ``examples/data`` of the source tree, or of the cwd."""
    package_root = Path(identitylink.__file__).resolve().parent.parent
    for base in (package_root, Path.cwd()):
        candidate = base / "examples" / "data"
        if (candidate / "crm.csv").is_file():
            return candidate
    raise ConfigurationError(
        "the demo sample (examples/data/crm.csv) was not found: run the demo from a "
        "clone of the identitylink repository (make demo)"
    )

"""``identitylink identify``: who is behind one profile, for a support agent."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from identitylink import Identification, Index
from identitylink.cli._app import cli
from identitylink.cli._link import _FILE, _load_spec, _read_inputs, _stage
from identitylink.exceptions import InputError
from identitylink.linker import Linker
from identitylink.records import ReadResult, SocialProfile
from identitylink.sources import read_facebook, read_twitter


def _profile_from_file(path: Path, platform: str) -> SocialProfile:
    """One platform user object (X API v2 / v1.1, or a Graph user), as JSON."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a JSON user object ({exc})") from exc
    reader = read_twitter if platform == "twitter" else read_facebook
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "profile.jsonl"
        one.write_text(json.dumps(payload) + "\n", encoding="utf-8")
        result = reader(one, errors="collect")
    if not result.records:
        detail = "; ".join(e.reason for e in result.errors) or "no user object"
        raise InputError(f"{path}: not a usable {platform} profile ({detail})")
    return result.records[0]


def _by_handle(profiles: list[SocialProfile], handle: str) -> SocialProfile:
    wanted = handle.lstrip("@").casefold()
    for p in profiles:
        if p.platform == "twitter" and (p.username or "").casefold() == wanted:
            return p
    raise InputError(
        f"no X profile with the handle @{wanted} among the known profiles "
        "(give --twitter FILE holding it, or --profile FILE.json)"
    )


def _text(answer: Identification) -> str:
    lines = [
        f"{answer.profile_platform}:{answer.profile_scope}:{answer.profile_id}"
        f" ({answer.milliseconds:.0f} ms)"
    ]
    d = answer.decision
    if d is None:
        lines.append("decision: no link")
    else:
        lines.append(
            f"decision: {d.customer_id} ({d.band}, probability {d.probability:.4f})"
        )
    if answer.stored is not None:
        s = answer.stored
        lines.append(f"stored link: {s.customer_id} ({s.status}, {s.legal_basis})")
    for c in answer.candidates:
        lines.append(
            f"  {c.customer_id:<16} {c.probability:8.4f} {c.match_weight:+8.2f}"
            f"  {c.band}"
        )
    if answer.refused:
        lines.append(f"{answer.refused} candidate(s) withheld by the consent gate")
    if d is not None:
        lines.append(d.explanation.to_text())
    return "\n".join(lines)


def build_index(
    crm: Path,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
) -> tuple[Index, list[SocialProfile]]:
    """The index of the CRM and the known profiles (trained on them unless the
    spec is trained), and those profiles."""
    customers, results = _read_inputs(crm, crm_mapping, twitter, facebook)
    known = list(ReadResult.merge(results).records)
    spec = _load_spec(spec_path)
    if spec is None or not spec.trained:
        _stage(f"training on {len(customers)} customers and {len(known)} profiles")
        spec = Linker(spec).train(customers, known)
    return Index(spec, customers, known), known


@cli.command("identify")
@click.option("--crm", "crm", required=True, type=_FILE, help="CRM export (CSV).")
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
    "--profile",
    "profile_path",
    type=_FILE,
    default=None,
    help="The profile to identify: one user object as JSON.",
)
@click.option(
    "--platform",
    type=click.Choice(["twitter", "facebook"]),
    default="twitter",
    show_default=True,
    help="The platform of --profile.",
)
@click.option(
    "--twitter-handle",
    "handle",
    default=None,
    metavar="NAME",
    help="Identify the known X profile with this handle (from --twitter).",
)
@click.option(
    "--candidates", default=5, show_default=True, help="How many candidates to show."
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="A store: adds the stored link and applies the consent gate.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def identify_command(
    crm: Path,
    crm_mapping: Path | None,
    twitter: Path | None,
    facebook: Path | None,
    spec_path: Path | None,
    profile_path: Path | None,
    platform: str,
    handle: str | None,
    candidates: int,
    db_url: str | None,
    as_json: bool,
) -> None:
    """Identify one profile: the decision, ranked candidates and why.

    The customers (and the known profiles, whose cross-platform evidence counts
    as in a batch run) are indexed once; the profile is scored with the batch
    linker's method. With --db, a withdrawn, disputed or erased pair is never
    shown.
    """
    if (profile_path is None) == (handle is None):
        raise click.UsageError("give exactly one of --profile and --twitter-handle")
    index, known = build_index(crm, crm_mapping, twitter, facebook, spec_path)
    if handle is not None:
        profile = _by_handle(known, handle)
    else:
        assert profile_path is not None
        profile = _profile_from_file(profile_path, platform)
    if db_url is None:
        answer = index.identify(profile, candidates=candidates)
    else:
        from identitylink.storage import make_engine, session_scope

        engine = make_engine(db_url)
        try:
            with session_scope(engine) as session:
                answer = index.identify(profile, candidates=candidates, session=session)
        finally:
            engine.dispose()
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
    else:
        click.echo(_text(answer))

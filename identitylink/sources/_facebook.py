"""``read_facebook``: Graph API User nodes and Messenger profiles to SocialProfile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from identitylink._gc import gc_paused
from identitylink.exceptions import ConfigurationError
from identitylink.records import PartialDate, Place, ReadResult, SocialProfile
from identitylink.sources._build import build_checked, build_many
from identitylink.sources._collect import (
    MAX_RECORD_CHARS,
    ErrorCollector,
    FieldProblem,
    json_id,
    optional_email,
    optional_text,
)
from identitylink.sources._column_read import ColumnRead
from identitylink.sources._dates import parse_facebook_birthday
from identitylink.sources._jsonl import check_size, iter_objects
from identitylink.sources._profile_frame import profile_frame
from identitylink.sources._text_io import TextSource, read_text
from identitylink.sources._user_columns import DeferredErrors, UserColumns, report
from identitylink.types import ErrorMode

__all__ = ["read_facebook", "read_facebook_columns"]


def _place(record: dict[str, Any], key: str) -> Place | None:
    """``location`` / ``hometown``: a Page ``{id, name}`` (or a bare string)."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        name = optional_text(record, key)
        return build_checked(Place, {"name": name, "id": None}) if name else None
    if not isinstance(value, dict):
        raise FieldProblem(key, "expected an object {id, name}")
    name = optional_text(value, "name", f"{key}.name")
    if name is None:
        return None
    place_id = (
        json_id(value["id"], f"{key}.id") if value.get("id") is not None else None
    )
    return build_checked(Place, {"name": name, "id": place_id})


def _birthday(record: dict[str, Any], soft: list[FieldProblem]) -> PartialDate | None:
    """The birthday, or None with a problem added to ``soft`` when it is not a date."""
    text = optional_text(record, "birthday")
    if text is None:
        return None
    try:
        return parse_facebook_birthday(text)
    except FieldProblem as problem:
        soft.append(FieldProblem("birthday", problem.reason, text))
        return None


def _scope(record: dict[str, Any], app_scope: str, page_id: str | None) -> str:
    """``page:<id>`` for a Messenger PSID, else the app scope of a Login user id."""
    if record.get("page_id") is not None:
        return f"page:{json_id(record['page_id'], 'page_id')}"
    if page_id is not None:
        return f"page:{page_id}"
    if "profile_pic" in record:
        raise FieldProblem(
            "page_id",
            "a Messenger profile (profile_pic) is only unique within its Page: "
            "pass page_id= or add a page_id field",
        )
    return app_scope


def _profile(
    record: dict[str, Any],
    app_scope: str,
    page_id: str | None,
    source: str,
    fetched_at: datetime | None,
    soft: list[FieldProblem],
) -> SocialProfile:
    """One user node to a profile; values read as missing are added to ``soft``."""
    profile_id = json_id(record.get("id"), "id")
    if not (profile_id.isascii() and profile_id.isdigit() and len(profile_id) <= 64):
        # Graph user ids (app-scoped ASIDs and page-scoped PSIDs) are decimal digits.
        raise FieldProblem(
            "id", f"{profile_id!r:.40} is not a Facebook id (1 to 64 digits)"
        )
    scope = _scope(record, app_scope, page_id)
    given = optional_text(record, "first_name")
    middle = optional_text(record, "middle_name")
    family = optional_text(record, "last_name")
    display = optional_text(record, "name")
    if display is None and (given or family):
        display = " ".join(p for p in (given, middle, family) if p)
    location = _place(record, "location")
    # The checks above are those SocialProfile's validators make (string id of 1-64
    # characters, optional strings, a validated PartialDate), so it is built as is.
    return build_checked(
        SocialProfile,
        dict(
            platform="facebook",
            profile_id=profile_id,
            scope=scope,
            display_name=display,
            username=None,
            given_name=given,
            middle_name=middle,
            family_name=family,
            email=optional_email(record, "email", soft),
            birthday=_birthday(record, soft),
            location_text=location.name if location else None,
            location=location,
            hometown=_place(record, "hometown"),
            description=None,
            url=optional_text(record, "link"),
            raw=record,
            source=source,
            fetched_at=fetched_at,
        ),
    )


def read_facebook(
    source: TextSource,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
    fetched_at: datetime | None = None,
    app_id: str | None = None,
    page_id: str | None = None,
) -> ReadResult[SocialProfile]:
    """Read Facebook users from a JSON Lines file.

    Each line is a Graph API User node (``id``, ``name``, ``first_name``,
    ``middle_name``, ``last_name``, ``email``, ``birthday`` as ``MM/DD/YYYY``,
    ``MM/DD`` or ``YYYY``, ``location`` and ``hometown`` as ``{id, name}``, ``link``)
    or a Messenger user profile (``id`` is a page-scoped id, ``first_name``,
    ``last_name``, ``profile_pic``).

    Ids are only unique within their scope: a Login user id is app-scoped
    (``scope="app:<app_id>"``, or ``"app"`` when ``app_id`` is not given); a Messenger
    PSID is unique within one Page (``scope="page:<page id>"``, from a ``page_id``
    field of the record or the ``page_id`` argument, which makes every record a PSID).
    A record with ``profile_pic`` and no page id is an error.

    Args:
        source: a path, or an open binary or text file.
        errors: ``"raise"`` or ``"collect"`` (bad records skipped, each reported once).
        source_name: the name used in errors and in each profile's ``source``.
        fetched_at: when the data was fetched, kept on each profile.
        app_id: the Facebook app the user ids belong to.
        page_id: the Page the Messenger PSIDs belong to.

    Raises:
        InvalidRecordError: a bad record, with ``errors="raise"``.
        EmptyInputError: the file holds no records, with ``errors="raise"``.
        EncodingError: the file is neither UTF-8 nor a detectable encoding.
    """
    read = _read(source, errors, source_name, fetched_at, app_id, page_id)
    built = _build(read.fields, read.records, read.scope, read.name, fetched_at)
    profiles = [built[row] if p is None else p for row, p in read.kept]
    return ReadResult(profiles, **read.notes)


def read_facebook_columns(
    source: TextSource,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
    app_id: str | None = None,
    page_id: str | None = None,
) -> ColumnRead:
    """:func:`read_facebook` as columns: the same profiles, errors and warnings,
    in a :class:`~identitylink.ColumnRead` (no :class:`~identitylink.SocialProfile`
    object per row; the raw JSON objects are not kept). Built for batch linking:
    :meth:`Linker.link <identitylink.Linker.link>` takes the result as is.

    Raises:
        The errors :func:`read_facebook` raises.
    """
    read = _read(source, errors, source_name, None, app_id, page_id)
    constants = {"platform": "facebook", "scope": read.scope}
    return ColumnRead(profile_frame(read.fields, read.kept, constants), **read.notes)


@dataclass
class _Read:
    """One file read: the records, their checked columns, the rows kept, notes."""

    name: str
    scope: str
    records: list[dict[str, Any]]
    fields: dict[str, list[Any]]
    kept: list[tuple[int, SocialProfile | None]]
    notes: dict[str, Any]


def _read(
    source: TextSource,
    errors: ErrorMode,
    source_name: str | None,
    fetched_at: datetime | None,
    app_id: str | None,
    page_id: str | None,
) -> _Read:
    """Parse, check and report: the columns of every record, and the rows kept
    (in order; a row the columns could not vouch for with its profile)."""
    if fetched_at is not None and not isinstance(fetched_at, datetime):
        raise ConfigurationError(f"fetched_at must be a datetime, not {fetched_at!r}")
    for label, value in (("app_id", app_id), ("page_id", page_id)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigurationError(f"{label} must be a non-empty string")
    app_scope = f"app:{app_id}" if app_id else "app"
    decoded = read_text(source, source_name)
    name, encoding = decoded.name, decoded.encoding
    repairs = decoded.repairs()
    collector = ErrorCollector(name, errors)
    deferred = DeferredErrors(collector)
    scope = app_scope if page_id is None else f"page:{page_id}"
    with gc_paused():
        entries = list(repairs.fix_objects(iter_objects(decoded, deferred)))
        del decoded  # the text, 4 bytes a character with emoji, is no longer needed
        records = [record for _, record, _ in entries]
        fields, slow = _fast_columns(
            records, max((size for _, _, size in entries), default=0)
        )
        kept = _finish(
            entries,
            (fields["profile_id"], scope, slow),
            deferred,
            collector,
            lambda record, soft: _profile(
                record, app_scope, page_id, name, fetched_at, soft
            ),
        )
    notes = {
        "errors": collector.errors,
        "source": name,
        "columns": {},
        "kind": "facebook",
        "encoding": encoding,
        "warnings": repairs.merged(collector.warnings),
        "repaired_values": repairs.repaired,
        "suspect_values": repairs.suspect,
        "recoded_lines": repairs.recoded,
    }
    return _Read(name, scope, records, fields, kept, notes)


def _fast_columns(
    records: list[dict[str, Any]], longest: int
) -> tuple[dict[str, list[Any]], set[int]]:
    """The profile fields of every record, column-wise, and the rows to build
    the per-record way."""
    columns = UserColumns(records, longest)
    columns.slow_if_present("page_id", "profile_pic")
    ids = columns.digits("id", 64)
    given = columns.text("first_name")
    middle = columns.text("middle_name")
    family = columns.text("last_name")
    names = list(columns.text("name"))  # a copy: a missing column is shared
    for row, name in enumerate(names):
        if name is None and (given[row] or family[row]):
            names[row] = " ".join(
                p for p in (given[row], middle[row], family[row]) if p
            )
    locations = _places(columns, "location")
    fields: dict[str, list[Any]] = {
        "profile_id": ids,
        "display_name": names,
        "given_name": given,
        "middle_name": middle,
        "family_name": family,
        "email": columns.emails("email"),
        "birthday": _birthdays(columns),
        "location_text": [p.name if p else None for p in locations],
        "location": locations,
        "hometown": _places(columns, "hometown"),
        "url": columns.text("link"),
    }
    return fields, columns.slow


def _build(
    fields: dict[str, list[Any]],
    records: list[dict[str, Any]],
    scope: str,
    source: str,
    fetched_at: datetime | None,
) -> list[SocialProfile]:
    """Profiles of the fast rows (a slow row's entry is not to be used)."""
    # The checks the columns made are those SocialProfile's validators make (string
    # id of 1-64 characters, optional strings, validated PartialDate and Place
    # values), so the models are built without them.
    dicts = [
        {
            "platform": "facebook",
            "profile_id": profile_id,
            "scope": scope,
            "display_name": display,
            "username": None,
            "given_name": given_name,
            "middle_name": middle_name,
            "family_name": family_name,
            "email": email,
            "birthday": birthday,
            "location_text": location_text,
            "location": location,
            "hometown": hometown,
            "description": None,
            "url": url,
            "raw": record,
            "source": source,
            "fetched_at": fetched_at,
        }
        for (
            profile_id,
            display,
            given_name,
            middle_name,
            family_name,
            email,
            birthday,
            location_text,
            location,
            hometown,
            url,
            record,
        ) in zip(*fields.values(), records, strict=True)
    ]
    return build_many(SocialProfile, dicts)


def _places(columns: UserColumns, key: str) -> list[Place | None]:
    """``location`` / ``hometown`` column: one Place per distinct ``{id, name}``."""
    values = columns.raw(key)
    if values is columns.none:
        return values
    out: list[Place | None] = [None] * columns.count
    cache: dict[tuple[Any, Any], Place | None] = {}
    for row, value in enumerate(values):
        if value is None:
            continue
        try:
            if type(value) is not dict:
                raise FieldProblem(key, "not an object")  # the slow path says more
            cache_key = (value.get("id"), value.get("name"))
            if cache_key in cache:
                out[row] = cache[cache_key]
            else:
                out[row] = cache[cache_key] = _place({key: value}, key)
        except (FieldProblem, TypeError):  # TypeError: an unhashable id or name
            columns.slow.add(row)
    return out


def _birthdays(columns: UserColumns) -> list[PartialDate | None]:
    """The ``birthday`` column parsed once per distinct value."""
    texts = columns.text("birthday")
    parsed: dict[str | None, PartialDate | None] = {None: None}
    bad: set[str] = set()
    for text in set(texts):
        if text is not None:
            try:
                parsed[text] = parse_facebook_birthday(text)
            except FieldProblem:
                parsed[text] = None
                bad.add(text)
    if bad:
        columns.slow.update(i for i, text in enumerate(texts) if text in bad)
    return list(map(parsed.__getitem__, texts))


def _finish(
    entries: list[tuple[int | None, dict[str, Any], int]],
    fast: tuple[list[str | None], str, set[int]],
    deferred: DeferredErrors,
    collector: ErrorCollector,
    slow_profile: Callable[[dict[str, Any], list[FieldProblem]], SocialProfile],
) -> list[tuple[int, SocialProfile | None]]:
    """In line order: parse errors, slow rows, sizes and duplicates; the rows
    kept, each slow one with its profile (None: build it from the columns)."""
    ids, scope, slow = fast
    pending = deferred.pending()
    if (
        not pending
        and not slow
        and max((e[2] for e in entries), default=0) <= MAX_RECORD_CHARS
        and len(set(ids)) == len(ids)
    ):
        return [(row, None) for row in range(len(entries))]
    pending.reverse()
    kept: list[tuple[int, SocialProfile | None]] = []
    seen: dict[tuple[str, str], int | None] = {}
    for row, (line, record, size) in enumerate(entries):
        while pending and (line is None or (pending[-1][0] or 0) < line):
            report(collector, pending.pop()[1])
        raw_id = record.get("id")
        record_id = str(raw_id)[:64] if isinstance(raw_id, str | int) else None
        soft: list[FieldProblem] = []
        profile: SocialProfile | None = None
        try:
            if row in slow:
                profile = slow_profile(record, soft)
                key = (profile.scope, profile.profile_id)
            else:
                key = (scope, cast(str, ids[row]))
            check_size(size)
        except FieldProblem as problem:
            collector.problem(problem, line=line, record_id=record_id)
            continue
        if key in seen:
            first = seen[key]
            where = f" on line {first}" if first is not None else ""
            collector.add(
                f"duplicate id in scope {key[0]} (first seen{where})",
                line=line,
                record_id=key[1],
                field="id",
            )
            continue
        for warning in soft:
            collector.warn(warning, line=line, record_id=key[1])
        seen[key] = line
        kept.append((row, profile))
    while pending:
        report(collector, pending.pop()[1])
    return kept

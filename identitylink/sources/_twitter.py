"""``read_twitter``: X users (API v2, v2 envelopes, v1.1) to :class:`SocialProfile`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from identitylink._gc import gc_paused
from identitylink.exceptions import ConfigurationError
from identitylink.records import ReadResult, SocialProfile
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
from identitylink.sources._jsonl import check_size, iter_objects
from identitylink.sources._profile_frame import profile_frame
from identitylink.sources._text_io import TextSource, read_text
from identitylink.sources._user_columns import DeferredErrors, UserColumns, report
from identitylink.types import ErrorMode

__all__ = ["read_twitter", "read_twitter_columns"]

_X_ID = re.compile(r"[0-9]{1,20}")


def _is_user(item: Any) -> bool:
    """A user object rather than a Post (Posts have ``text``)."""
    return isinstance(item, dict) and "text" not in item


def _users(record: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """The user objects in one line, each with whether it came from ``includes``."""
    if "id" in record or "id_str" in record:
        return [(record, False)]
    if isinstance(record.get("user"), dict):
        return [(record["user"], False)]  # a v1.1 {"user": {...}} wrapper
    if "data" not in record and "includes" not in record:
        if "errors" in record:
            problems = record["errors"]
            first = problems[0] if isinstance(problems, list) and problems else {}
            detail = (
                first.get("detail") or first.get("title")
                if isinstance(first, dict)
                else None
            )
            raise FieldProblem("errors", f"an API error response: {detail}")
        return [(record, False)]  # reported as a user without an id
    found: list[tuple[dict[str, Any], bool]] = []
    data = record.get("data")
    includes = record.get("includes")
    if isinstance(data, list):
        found += [(item, False) for item in data if _is_user(item)]
    elif isinstance(data, dict):
        if _is_user(data) and "event_type" not in data:
            found.append((data, False))
        elif includes is None:
            includes = data.get("includes")  # X Activity API event envelope
    elif data is not None:
        raise FieldProblem("data", "expected an object or an array")
    if includes is not None:
        users = includes.get("users") if isinstance(includes, dict) else None
        if users is not None and not isinstance(users, list):
            raise FieldProblem("includes.users", "expected an array")
        found += [(user, True) for user in users or [] if isinstance(user, dict)]
    return found


def _expanded_url(user: dict[str, Any]) -> str | None:
    """``entities.url.urls[].expanded_url``: the real site behind a t.co ``url``."""
    entities = user.get("entities")
    if entities is None:
        return None
    url_entity = entities.get("url") if isinstance(entities, dict) else None
    urls = url_entity.get("urls") if isinstance(url_entity, dict) else None
    if not isinstance(entities, dict) or (
        url_entity is not None and not isinstance(url_entity, dict)
    ):
        raise FieldProblem("entities", "expected an object")
    if urls is None:
        return None
    if not isinstance(urls, list):
        raise FieldProblem("entities.url.urls", "expected an array")
    for item in urls:
        if isinstance(item, dict):
            expanded = optional_text(
                item, "expanded_url", "entities.url.urls.expanded_url"
            )
            if expanded:
                return expanded
    return None


def _soft_expanded_url(user: dict[str, Any], soft: list[FieldProblem]) -> str | None:
    """:func:`_expanded_url`, or None with the problem added to ``soft``."""
    try:
        return _expanded_url(user)
    except FieldProblem as problem:
        value = str(user.get("entities"))
        soft.append(FieldProblem(problem.field, problem.reason, value))
        return None


def _profile(
    user: dict[str, Any],
    source: str,
    fetched_at: datetime | None,
    soft: list[FieldProblem],
) -> SocialProfile:
    """One user object to a profile; FieldProblem for a bad field.

    A malformed ``entities`` (only used for the expanded link) is read as missing,
    its problem added to ``soft``.
    """
    if "id_str" in user:
        profile_id = json_id(user["id_str"], "id_str")
    else:
        profile_id = json_id(user.get("id"), "id")
    if not _X_ID.fullmatch(profile_id):
        raise FieldProblem("id", f"{profile_id!r:.40} is not a numeric X user id")
    # Every field is checked, also one the record does not use: a NUL in a v1.1
    # screen_name or a t.co url is a bad record even when username or the
    # expanded link wins (the raw object is kept with the profile).
    usernames = optional_text(user, "username"), optional_text(user, "screen_name")
    emails = (
        optional_email(user, "confirmed_email", soft),
        optional_email(user, "email", soft),
    )
    short_url = optional_text(user, "url")
    # The checks above and below are those SocialProfile's validators make (string
    # id of 1-64 characters, optional strings), so the model is built without them.
    return build_checked(
        SocialProfile,
        dict(
            platform="twitter",
            profile_id=profile_id,
            scope="global",
            display_name=optional_text(user, "name"),
            username=usernames[0] or usernames[1],
            given_name=None,
            middle_name=None,
            family_name=None,
            email=emails[0] or emails[1],
            birthday=None,
            location_text=optional_text(user, "location"),
            location=None,
            hometown=None,
            description=optional_text(user, "description"),
            url=_soft_expanded_url(user, soft) or short_url,
            raw=user,
            source=source,
            fetched_at=fetched_at,
        ),
    )


def read_twitter(
    source: TextSource,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
    fetched_at: datetime | None = None,
) -> ReadResult[SocialProfile]:
    """Read X (Twitter) users from a JSON Lines file.

    Each line is an X API v2 user object, a v2 response envelope
    (``{"data": [...] or {...}, "includes": {"users": [...]}}``; users in ``includes``
    count too) or a v1.1 user object (``id_str``, ``screen_name``). A saved response
    that spans several lines is read as one document. ``id_str`` wins over a numeric
    ``id``; the profile ``url`` is the expanded link, not the t.co one. X ids are
    global, so ``scope`` is ``"global"``.

    Args:
        source: a path, or an open binary or text file.
        errors: ``"raise"`` or ``"collect"`` (bad records skipped, each reported once).
        source_name: the name used in errors and in each profile's ``source``.
        fetched_at: when the data was fetched, kept on each profile for provenance.

    Raises:
        InvalidRecordError: a bad record, with ``errors="raise"``.
        EmptyInputError: the file holds no records, with ``errors="raise"``.
        EncodingError: the file is neither UTF-8 nor a detectable encoding.
    """
    read = _read(source, source_name, errors, fetched_at)
    fields, _, kept = read.rows
    built = _build(fields, read.users, read.name, fetched_at)
    profiles = [built[row] if p is None else p for row, p in kept]
    return ReadResult(profiles, **read.notes)


def read_twitter_columns(
    source: TextSource,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
) -> ColumnRead:
    """:func:`read_twitter` as columns: the same profiles, errors and warnings, in
    a :class:`~identitylink.ColumnRead` (no :class:`~identitylink.SocialProfile`
    object per row; the raw JSON objects are not kept). Built for batch linking:
    :meth:`Linker.link <identitylink.Linker.link>` takes the result as is.

    Raises:
        The errors :func:`read_twitter` raises.
    """
    read = _read(source, source_name, errors, None)
    fields, _, kept = read.rows
    return ColumnRead(
        profile_frame(fields, kept, {"platform": "twitter", "scope": "global"}),
        **read.notes,
    )


@dataclass
class _Read:
    """One file read: the user objects, the checked rows, and the notes."""

    name: str
    users: list[dict[str, Any]]
    rows: tuple[dict[str, list[Any]], set[int], list[tuple[int, SocialProfile | None]]]
    notes: dict[str, Any]


def _read(
    source: TextSource,
    source_name: str | None,
    errors: ErrorMode,
    fetched_at: datetime | None,
) -> _Read:
    """Parse, check and report: the columns of every user object, and the rows
    kept (in order; a row the columns could not vouch for with its profile)."""
    if fetched_at is not None and not isinstance(fetched_at, datetime):
        raise ConfigurationError(f"fetched_at must be a datetime, not {fetched_at!r}")
    decoded = read_text(source, source_name)
    name, encoding = decoded.name, decoded.encoding
    repairs = decoded.repairs()
    collector = ErrorCollector(name, errors)
    deferred = DeferredErrors(collector)
    with gc_paused():
        entries: list[tuple[int | None, dict[str, Any] | FieldProblem, int, bool]] = []
        for line, record, size in repairs.fix_objects(iter_objects(decoded, deferred)):
            if "id" in record or "id_str" in record:  # a user object: most lines
                entries.append((line, record, size, False))
                continue
            try:
                users = _users(record)
            except FieldProblem as problem:
                entries.append((line, problem, size, False))
                continue
            entries.extend((line, user, size, included) for user, included in users)
        del decoded  # the text, 4 bytes a character with emoji, is no longer needed
        users_only = [e[1] if isinstance(e[1], dict) else {} for e in entries]
        longest = max((e[2] for e in entries), default=0)
        fields, slow = _fast_columns(users_only, longest)
        kept = _finish(
            entries, (fields["profile_id"], slow), deferred, collector, name, fetched_at
        )
    notes = {
        "errors": collector.errors,
        "source": name,
        "columns": {},
        "kind": "twitter",
        "encoding": encoding,
        "warnings": repairs.merged(collector.warnings),
        "repaired_values": repairs.repaired,
        "suspect_values": repairs.suspect,
        "recoded_lines": repairs.recoded,
    }
    return _Read(name, users_only, (fields, slow, kept), notes)


def _fast_columns(
    users: list[dict[str, Any]], longest: int
) -> tuple[dict[str, list[Any]], set[int]]:
    """The profile fields of every user, column-wise, and the rows to build the
    per-record way."""
    columns = UserColumns(users, longest)
    columns.slow_if_present("id_str", "screen_name", "confirmed_email")
    ids = columns.digits("id", 20)
    usernames = columns.text("username")
    emails = columns.emails("email")
    names = columns.text("name")
    locations = columns.text("location")
    descriptions = columns.text("description")
    urls = list(columns.text("url"))  # a copy: a missing column is shared
    if "entities" in columns.keys:  # the expanded link wins over the t.co one
        for row, user in enumerate(users):
            if user.get("entities") is not None:
                try:
                    urls[row] = _expanded_url(user) or urls[row]
                except FieldProblem:
                    columns.slow.add(row)
    fields = {
        "profile_id": ids,
        "display_name": names,
        "username": usernames,
        "email": emails,
        "location_text": locations,
        "description": descriptions,
        "url": urls,
    }
    return fields, columns.slow


def _build(
    fields: dict[str, list[Any]],
    users: list[dict[str, Any]],
    source: str,
    fetched_at: datetime | None,
) -> list[SocialProfile]:
    """Profiles of the fast rows (a slow row's entry is not to be used)."""
    # The checks the columns made are those SocialProfile's validators make (string
    # id of 1-64 characters, optional strings), so the models are built without them.
    dicts = [
        {
            "platform": "twitter",
            "profile_id": profile_id,
            "scope": "global",
            "display_name": name,
            "username": username,
            "given_name": None,
            "middle_name": None,
            "family_name": None,
            "email": email,
            "birthday": None,
            "location_text": location,
            "location": None,
            "hometown": None,
            "description": description,
            "url": url,
            "raw": user,
            "source": source,
            "fetched_at": fetched_at,
        }
        for profile_id, name, username, email, location, description, url, user in zip(
            *fields.values(), users, strict=True
        )
    ]
    return build_many(SocialProfile, dicts)


def _finish(
    entries: list[tuple[int | None, dict[str, Any] | FieldProblem, int, bool]],
    fast: tuple[list[str | None], set[int]],
    deferred: DeferredErrors,
    collector: ErrorCollector,
    source: str,
    fetched_at: datetime | None,
) -> list[tuple[int, SocialProfile | None]]:
    """In line order: parse errors, slow rows, sizes and duplicates; the rows
    kept, each slow one with its profile (None: build it from the columns)."""
    ids, slow = fast
    pending = deferred.pending()
    if (
        not pending
        and not slow
        and max((e[2] for e in entries), default=0) <= MAX_RECORD_CHARS
        and len(set(ids)) == len(ids)
        and not any(isinstance(e[1], FieldProblem) for e in entries)
    ):
        return [(row, None) for row in range(len(entries))]
    pending.reverse()
    kept: list[tuple[int, SocialProfile | None]] = []
    seen: dict[str, tuple[int | None, bool]] = {}
    for row, (line, user, size, included) in enumerate(entries):
        while pending and (line is None or (pending[-1][0] or 0) < line):
            report(collector, pending.pop()[1])
        if isinstance(user, FieldProblem):
            collector.problem(user, line=line, record_id=None)
            continue
        soft: list[FieldProblem] = []
        profile: SocialProfile | None = None
        try:
            if row in slow:
                profile = _profile(user, source, fetched_at, soft)
                profile_id = profile.profile_id
            else:
                profile_id = cast(str, ids[row])
            check_size(size)
        except FieldProblem as problem:
            collector.problem(problem, line=line, record_id=_hint_id(user))
            continue
        first = seen.get(profile_id)
        if first is not None:
            if not (included or first[1]):
                where = f" on line {first[0]}" if first[0] is not None else ""
                collector.add(
                    f"duplicate id (first seen{where})",
                    line=line,
                    record_id=profile_id,
                    field="id",
                )
            continue
        for warning in soft:
            collector.warn(warning, line=line, record_id=profile_id)
        seen[profile_id] = (line, included)
        kept.append((row, profile))
    while pending:
        report(collector, pending.pop()[1])
    return kept


def _hint_id(user: dict[str, Any]) -> str | None:
    """The record's id for error messages, if it is usable at all."""
    value = user.get("id_str", user.get("id"))
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)[:64]
    return None

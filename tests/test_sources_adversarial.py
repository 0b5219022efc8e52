"""Adversarial input for the three readers (issue 15): generated malformed records.

Each batch mixes good records with records broken in one way, each break with the
outcome the inputs how-to promises: a bad record (wrong JSON type, missing or invalid
id, a value over 10,000 characters, a control character, a line that is no JSON
object) is skipped and reported in ``errors``; a bad value (an e-mail that is no
address, a phone that is no number, an impossible date, an unknown country, a
malformed X ``entities``) is read as missing, its record kept, and reported in
``warnings``. Formula-leading cells (``=HYPERLINK(...)``, ``+1+1``, ``-2``, ``@SUM``,
tab, CR) are ordinary values.

Properties, per batch and reader:

* ``errors="collect"`` never raises; every good record survives with its values;
  every bad record is reported once, with its line and the field at fault;
* ``errors="raise"`` raises only :class:`~identitylink.InvalidRecordError` (an
  ``IdentityLinkError``), at the first problem's line, or reads the same records;
* the links CSV written from what was read has no cell that starts a formula.

Size: the four ``@given`` tests (CRM as CSV and as dicts, X, Facebook) draw 60
batches of 1-60 records each (about 1,800 records each) and the three large batches
hold 1,600 records each: about 12,000 generated records in all, in well under a
minute on two cores.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from identitylink import (
    ColumnMapping,
    Explanation,
    IdentityLinkError,
    InvalidRecordError,
    LinkDecision,
    LinkResult,
    ReadResult,
    read_crm,
    read_facebook,
    read_twitter,
    write_links_csv,
)
from identitylink.cli import cli

FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tC1",
    "\rC1",
    "=cmd|' /C calc'!A0",
)
CONTROLS = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
CONTROLS += ("\x7f",)
NAMES = (
    "Anna",
    "María José",
    "Jürgen",
    "Ølaf",
    "Zoë",
    "李",
    "محمد",
    "Jean-Luc",
    "O'Brien",
    "ǅemal",
    "Ana\u0301",  # a combining accent
    "Emoji 🇫🇷",
    *(f"{f}Name" for f in FORMULAS),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BAD_IDS = ("+1+1", "12a4", "-5", "=1+1", "1 2", "١٢٣", "0x1F", "1e5", "12.0")
BAD_EMAILS = ("not-an-email", "a@b", "@example.com", "x@@y.z", "a b@c.de", "ab@.com")
BAD_BIRTHDAYS = ("13/45/2000", "02/30", "hello", "00/00/0000", "2/30/1999")

Outcome = Literal["good", "error", "warning"]


@dataclass
class Case:
    """One generated record: what it is written as, and what the reader must say."""

    record: Any  # a dict of CRM cells, a JSON value, or a raw JSON line (str)
    record_id: str | None
    outcome: Outcome = "good"
    fields: frozenset[str | None] = frozenset()
    """Fields an error or warning may name (None: a record-level problem)."""
    expect: dict[str, Any] = field(default_factory=dict)
    """Values the read record must hold (the field at fault is None on a warning)."""
    line: int = 0


def _junk(rng: random.Random, depth: int = 0) -> Any:
    """A JSON value that is not a string and not null."""
    kinds: list[Callable[[], Any]] = [
        lambda: rng.randint(-(10**30), 10**30),
        lambda: rng.choice([0.5, -1e308, 1e-300, float("nan"), float("inf")]),
        lambda: rng.choice([True, False]),
        list,
        dict,
    ]
    if depth < 4:
        kinds += [
            lambda: [_junk(rng, depth + 1) for _ in range(rng.randint(1, 3))],
            lambda: {"k": _junk(rng, depth + 1), "name": _junk(rng, depth + 1)},
        ]
    return rng.choice(kinds)()


def _deep(rng: random.Random) -> Any:
    """Nested arrays deep enough to trouble a recursive walker."""
    value: Any = rng.choice([[], {}, 1])
    for _ in range(rng.randint(50, 400)):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _huge(rng: random.Random) -> str:
    return rng.choice("hé李🙂") * rng.randint(10_001, 25_000)


def _control(rng: random.Random) -> str:
    return "Jo" + rng.choice(CONTROLS) + "e"


def _control_or_surrogate(rng: random.Random) -> str:
    """A control character, or a lone surrogate (a JSON ``"\\ud800"`` escape)."""
    return rng.choice([_control(rng), "Jo\ud800e", "\udfff"])


DEEP_LINE = '{"id": "7", "name": ' + "[" * 50_000 + "]" * 50_000 + "}"
"""A line the JSON parser gives up on (RecursionError, not a JSONDecodeError)."""


def _text(rng: random.Random) -> str:
    return rng.choice(NAMES)


# --- CRM CSV through a mapping ------------------------------------------------------

CRM_MAPPING = ColumnMapping(
    columns={
        "customer_id": "Kundennummer",
        "first_name": "Vorname",
        "last_name": "Nachname",
        "email": "E-Mail",
        "phone": "Telefon",
        "country": "Land",
        "birth_date": "Geburtsdatum",
        "city": "Ort",
    }
)
CRM_HEADER = (*CRM_MAPPING.columns.values(), "Notiz")
CRM_TEXT_FIELDS = ("first_name", "last_name", "email", "city", "country", "birth_date")
CRM_BAD_VALUES = (
    *(("email", v) for v in BAD_EMAILS),
    ("phone", "call me maybe"),
    ("phone", "+999 123"),
    ("phone", "1"),
    ("country", "Atlantis"),
    ("birth_date", "19450493"),
    ("birth_date", "2001-02-30"),
)


def _crm_case(rng: random.Random, i: int) -> Case:
    customer_id = rng.choice([f"C{i:05d}", f"{rng.choice(FORMULAS)}C{i:05d}"])
    cells = {
        "customer_id": customer_id,
        "first_name": _text(rng),
        "last_name": rng.choice(["Dupont", "van der Berg", "García López", "=1+2"]),
        "email": rng.choice([f"u{i}@example.com", f"U.{i}+tag@Gmail.com", ""]),
        "phone": rng.choice(["+33 6 12 34 56 78", "0151 23456789", "", "(514) 555"]),
        "country": rng.choice(["FR", "DE", "Deutschland", "se", ""]),
        "birth_date": rng.choice(["1980-01-02", "1975", "1975-07", ""]),
        "city": rng.choice(["Lyon", "São Paulo", "-Zürich", "@home", ""]),
        "notes": rng.choice(["", "two\nlines", "tab\there", "+49 call", "\r"]),
    }
    kind = rng.choice(["good"] * 5 + ["missing_id", "huge", "control", "bad_value"])
    case = Case(cells, customer_id.strip())
    if kind == "missing_id":
        cells["customer_id"] = rng.choice(["", "   ", "\t"])
        case.record_id, case.outcome = None, "error"
        case.fields = frozenset({"customer_id"})
    elif kind in ("huge", "control"):
        at = rng.choice([*CRM_TEXT_FIELDS, "notes"])
        cells[at] = _huge(rng) if kind == "huge" else _control(rng)
        case.outcome, case.fields = (
            "error",
            frozenset({"Notiz" if at == "notes" else at}),
        )
    elif kind == "bad_value":
        at, value = rng.choice(CRM_BAD_VALUES)
        if at == "phone":
            cells["country"] = "FR"  # a national number is read in a country
        cells[at] = value
        case.outcome, case.fields = "warning", frozenset({at})
        case.expect[at] = None
    if case.outcome != "error":
        case.expect["customer_id"] = case.record_id
        if case.outcome == "good" and cells["email"]:
            case.expect["email"] = cells["email"]
    return case


def _write_crm(path: Path, cases: list[Case]) -> None:
    """The CSV, and each case's line (quoted line breaks make a row span lines)."""
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF, so that a cell holding a CR is quoted
    writer.writerow(CRM_HEADER)
    line = 2
    for case in cases:
        start = out.tell()
        cells = case.record
        writer.writerow(
            [cells[f] for f in CRM_MAPPING.columns] + [cells["notes"]],
        )
        case.line = line
        line += len(re.findall(r"\r\n|\r|\n", out.getvalue()[start:]))
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _crm_dicts(rng: random.Random, cases: list[Case]) -> list[dict[str, Any]]:
    """The cases as dicts (record numbers for lines), some good ones given a cell
    of a type no CRM cell can be (a list, an object, a boolean, bytes)."""
    rows = []
    for number, case in enumerate(cases, 1):
        case.line = number
        row = {CRM_MAPPING.columns.get(f, "Notiz"): v for f, v in case.record.items()}
        if case.outcome == "good" and rng.random() < 0.3:
            at = rng.choice(CRM_TEXT_FIELDS)
            row[CRM_MAPPING.columns[at]] = rng.choice(
                [[1, 2], {"a": _junk(rng)}, True, b"bytes", (1,)]
            )
            case.outcome, case.fields, case.expect = "error", frozenset({at}), {}
            case.record_id = None
        rows.append(row)
    return rows


# --- X JSON Lines: API v2, v2 envelopes, v1.1 ---------------------------------------

X_TEXT = {"v2": ("name", "username", "location", "description", "url", "email")}
X_TEXT["v1.1"] = ("name", "screen_name", "location", "description", "url", "email")


def _x_case(rng: random.Random, i: int) -> Case:
    profile_id = str(10**15 + i)
    layout = rng.choice(["v2", "v2", "envelope", "v1.1"])
    fields = X_TEXT["v1.1" if layout == "v1.1" else "v2"]
    user: dict[str, Any] = {
        "name": _text(rng),
        fields[1]: f"user_{i}",
        "location": rng.choice(["📍 Lyon", "", "Berlin", "@mars"]),
        "description": rng.choice(["line one\nline\ttwo", "-dev", "=1"]),
        "url": "https://t.co/abc",
        "entities": {"url": {"urls": [{"expanded_url": f"https://ex.com/{i}"}]}},
        "public_metrics": {"followers_count": rng.randint(0, 10**6)},
    }
    if layout == "v1.1":
        user["id_str"], user["id"] = profile_id, int(profile_id)
    else:
        user["id"] = profile_id
    if rng.random() < 0.3:
        user["email"] = f"user{i}@example.org"
    case = Case(user, profile_id)
    kind = rng.choice(
        ["good"] * 5
        + ["missing_id", "invalid_id", "wrong_type", "huge", "control"]
        + ["bad_email", "bad_entities", "line"]
    )
    id_fields = frozenset({"id", "id_str"} if layout == "v1.1" else {"id"})
    if kind == "missing_id":
        user.pop("id", None)
        user.pop("id_str", None)
        case.outcome, case.fields = "error", id_fields
    elif kind == "invalid_id":
        bad = rng.choice([*BAD_IDS, "1" * 21, _junk(rng), " ", ""])
        user["id_str" if layout == "v1.1" else "id"] = bad
        if isinstance(bad, int) and not isinstance(bad, bool) and 0 <= bad < 10**20:
            bad = -1  # a real numeric id: make it a negative one
            user["id_str" if layout == "v1.1" else "id"] = bad
        case.outcome, case.fields = "error", id_fields
    elif kind in ("wrong_type", "huge", "control"):
        at = rng.choice(fields)
        makers = {"wrong_type": _junk, "huge": _huge, "control": _control_or_surrogate}
        user[at] = makers[kind](rng)
        case.outcome, case.fields = "error", frozenset({at})
    elif kind == "bad_email":
        user["email"] = rng.choice(BAD_EMAILS)
        case.outcome, case.fields = "warning", frozenset({"email"})
        case.expect["email"] = None
    elif kind == "bad_entities":
        junk = _junk(rng)
        while isinstance(junk, dict):  # an object (without "url") is valid
            junk = _junk(rng)
        user["entities"] = rng.choice(
            [[_deep(rng)], junk, {"url": junk}, {"url": {"urls": {"a": junk}}}]
        )
        case.outcome = "warning"
        case.fields = frozenset({"entities", "entities.url.urls"})
        case.expect["url"] = "https://t.co/abc"
    if kind == "line":
        line_kind = rng.choice(
            ["truncated", "array", "scalar", "nul", "api_error", "deep"]
        )
        text = json.dumps(user)
        case.record = {
            "truncated": text[: rng.randint(1, len(text) - 1)],
            "array": json.dumps([user]),
            "scalar": json.dumps(rng.choice([42, None, "user", True])),
            "nul": text.replace('"name"', '"na\x00me"', 1),
            "api_error": json.dumps({"errors": [{"detail": "Not Found"}]}),
            "deep": DEEP_LINE,
        }[line_kind]
        case.outcome = "error"
        case.fields = frozenset({"errors" if line_kind == "api_error" else None})
    elif layout == "envelope":
        case.record = {"data": user, "includes": {"tweets": []}}
    if case.outcome != "error":
        case.expect["profile_id"] = profile_id
        case.expect.setdefault("display_name", user["name"].strip() or None)
        case.expect["username"] = f"user_{i}"
    if case.outcome == "error":
        case.record_id = None
    return case


# --- Facebook JSON Lines ------------------------------------------------------------

FB_TEXT = ("name", "first_name", "last_name", "middle_name", "email", "link")


def _fb_case(rng: random.Random, i: int) -> Case:
    profile_id = str(10**14 + i)
    record: dict[str, Any] = {
        "id": profile_id,
        "name": _text(rng),
        "first_name": _text(rng),
        "last_name": rng.choice(["Silva", "-Berg", "=SUM(1)", "Nguyễn"]),
        "email": rng.choice([f"fb{i}@example.net", None]),
        "birthday": rng.choice(["07/26/1985", "07/26", "1985", None]),
        "location": rng.choice([{"id": "1080", "name": "Lyon, France"}, None, "Paris"]),
        "hometown": {"id": str(rng.randint(1, 10**9)), "name": "+Madrid"},
        "link": f"https://www.facebook.com/app_scoped_user_id/{profile_id}/",
    }
    case = Case(record, profile_id)
    kind = rng.choice(
        ["good"] * 5
        + ["missing_id", "invalid_id", "wrong_type", "huge", "control", "place"]
        + ["bad_birthday", "bad_email", "psid", "line"]
    )
    if kind == "missing_id":
        record["id"] = rng.choice([None, "", "  "]) if rng.random() < 0.7 else 0
        if record["id"] == 0:
            del record["id"]
        case.outcome, case.fields = "error", frozenset({"id"})
    elif kind == "invalid_id":
        record["id"] = rng.choice([*BAD_IDS, "1" * 65, -3, True, [1], {"id": 1}])
        case.outcome, case.fields = "error", frozenset({"id"})
    elif kind in ("wrong_type", "huge", "control"):
        at = rng.choice([*FB_TEXT, "birthday"])
        makers = {"wrong_type": _junk, "huge": _huge, "control": _control_or_surrogate}
        record[at] = makers[kind](rng)
        case.outcome, case.fields = "error", frozenset({at})
    elif kind == "place":
        at = rng.choice(["location", "hometown"])
        value, named = rng.choice(
            [
                ([{"id": "1"}], at),
                (12, at),
                ({"id": "1", "name": 5}, f"{at}.name"),
                ({"id": [1], "name": "Oslo"}, f"{at}.id"),
                ({"id": "1", "name": _control(rng)}, f"{at}.name"),
            ]
        )
        record[at] = value
        case.outcome, case.fields = "error", frozenset({at, named})
    elif kind == "bad_birthday":
        record["birthday"] = rng.choice(BAD_BIRTHDAYS)
        case.outcome, case.fields = "warning", frozenset({"birthday"})
        case.expect["birthday"] = None
    elif kind == "bad_email":
        record["email"] = rng.choice(BAD_EMAILS)
        case.outcome, case.fields = "warning", frozenset({"email"})
        case.expect["email"] = None
    elif kind == "psid":
        record["profile_pic"] = "https://x/p.jpg"  # a PSID without its Page
        case.outcome, case.fields = "error", frozenset({"page_id"})
    elif kind == "line":
        case.record = rng.choice(
            [json.dumps(record)[:-1], "[]", "null", json.dumps([record]), DEEP_LINE]
        )
        case.outcome, case.fields = "error", frozenset({None})
    if case.outcome == "error":
        case.record_id = None
    else:
        case.expect["profile_id"] = profile_id
        if case.outcome == "good" and record["email"]:
            case.expect["email"] = record["email"]
    return case


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def _write_jsonl(path: Path, cases: list[Case], rng: random.Random) -> None:
    lines = []
    for number, case in enumerate(cases, 1):
        case.line = number
        record = case.record
        if isinstance(record, str):
            lines.append(record)
        else:
            text = json.dumps(record, ensure_ascii=rng.random() < 0.5)
            if not text.isascii() and _has_surrogate(text):
                text = json.dumps(record)  # escaped: UTF-8 cannot hold it raw
            lines.append(text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the properties -----------------------------------------------------------------

Reader = Callable[..., ReadResult[Any]]


def _read_crm(path: Path, errors: Literal["raise", "collect"]) -> ReadResult[Any]:
    return read_crm(path, CRM_MAPPING, errors=errors)


def _key(record: Any) -> str:
    return str(getattr(record, "customer_id", None) or record.profile_id)


def _check(read: Reader, path: Path | None, cases: list[Case]) -> ReadResult[Any]:
    """The collect-mode and raise-mode properties; the collected result."""
    result = read(path, errors="collect")
    kept = [c for c in cases if c.outcome != "error"]
    assert [_key(r) for r in result] == [c.record_id for c in kept]
    for case, record in zip(kept, result, strict=True):
        for name, value in case.expect.items():
            assert getattr(record, name) == value, (case.line, name)
    for outcome, reported in (("error", result.errors), ("warning", result.warnings)):
        expected = [c for c in cases if c.outcome == outcome]
        assert len(reported) == len(expected), [str(e) for e in reported]
        by_line = {e.line: e for e in reported}
        for case in expected:
            found = by_line.get(case.line)
            assert found is not None, (outcome, case.line, case.fields)
            assert found.field in case.fields, (str(found), case.fields)
            assert found.source == result.source and found.reason
        if outcome == "warning":
            assert all(e.value is not None for e in reported)
    problems = [c.line for c in cases if c.outcome != "good"]
    try:
        strict = read(path, errors="raise")
    except InvalidRecordError as exc:
        assert problems and exc.error.line == min(problems), str(exc)
    except IdentityLinkError as exc:  # documented, but no batch here should do it
        raise AssertionError(f"unexpected {type(exc).__name__}: {exc}") from exc
    else:
        assert not problems
        assert [_key(r) for r in strict] == [_key(r) for r in result]
    return result


def _decision(customer: Any, profile: Any) -> LinkDecision:
    explanation = Explanation(
        prior_weight=0.0, terms=(), match_weight=3.0, probability=0.9
    )
    return LinkDecision(
        profile_platform=profile.platform,
        profile_id=profile.profile_id,
        profile_scope=profile.scope,
        customer_id=customer.customer_id,
        match_weight=3.0,
        probability=0.9,
        band="review",
        explanation=explanation,
        profile_handle=profile.username or profile.display_name,
        profile_url=profile.url,
    )


def _check_links_csv(tmp: Path, customers: list[Any], profiles: list[Any]) -> None:
    """Every cell of the links CSV is safe, and is the value or ``'`` + the value."""
    decisions = [_decision(c, p) for c, p in zip(customers, profiles, strict=False)]
    out = tmp / "links.csv"
    assert write_links_csv(LinkResult(links=tuple(decisions), spec_hash="s"), out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(decisions) + 1
    for row, decision in zip(rows[1:], decisions, strict=True):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
        written = (row[3], row[7], row[8])
        given = (decision.customer_id, decision.profile_handle, decision.profile_url)
        for cell, value in zip(written, given, strict=True):
            assert cell in (value or "", "'" + (value or "")), (cell, value)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BATCH = st.tuples(st.randoms(use_true_random=False), st.integers(1, 60))


def _cases(make: Callable[[random.Random, int], Case], batch: Any) -> list[Case]:
    rng, size = batch
    return [make(rng, i) for i in range(size)]


@SETTINGS
@given(batch=BATCH)
def test_crm_csv_through_a_mapping(tmp_path: Path, batch: Any) -> None:
    """Malformed CRM rows: each reported at its line and field, the rest kept."""
    cases = _cases(_crm_case, batch)
    path = tmp_path / "crm.csv"
    _write_crm(path, cases)
    _check(_read_crm, path, cases)


@SETTINGS
@given(batch=BATCH)
def test_crm_dicts_with_wrong_types(batch: Any) -> None:
    """In-memory CRM rows (dicts) whose cells have impossible types."""
    cases = _cases(_crm_case, batch)
    rows = _crm_dicts(batch[0], cases)
    _check(lambda _, errors: read_crm(rows, CRM_MAPPING, errors=errors), None, cases)


@SETTINGS
@given(batch=BATCH)
def test_x_users_v2_envelopes_and_v1(tmp_path: Path, batch: Any) -> None:
    """Malformed X users in the three layouts."""
    cases = _cases(_x_case, batch)
    path = tmp_path / "x.jsonl"
    _write_jsonl(path, cases, batch[0])
    _check(read_twitter, path, cases)


@SETTINGS
@given(batch=BATCH)
def test_facebook_users(tmp_path: Path, batch: Any) -> None:
    """Malformed Facebook users (ids must be digits: ``+1+1`` is refused)."""
    cases = _cases(_fb_case, batch)
    path = tmp_path / "fb.jsonl"
    _write_jsonl(path, cases, batch[0])
    _check(read_facebook, path, cases)


LARGE = 1_600


@pytest.mark.parametrize("seed", [15])
def test_large_batches_and_their_links_csv(tmp_path: Path, seed: int) -> None:
    """1,600 generated records per reader at once (the column-wise fast paths see
    many kinds of bad rows together); the links CSV of what was read is safe."""
    rng = random.Random(seed)
    crm = [_crm_case(rng, i) for i in range(LARGE)]
    _write_crm(tmp_path / "crm.csv", crm)
    customers = _check(_read_crm, tmp_path / "crm.csv", crm)
    x = [_x_case(rng, i) for i in range(LARGE)]
    _write_jsonl(tmp_path / "x.jsonl", x, rng)
    x_users = _check(read_twitter, tmp_path / "x.jsonl", x)
    fb = [_fb_case(rng, i) for i in range(LARGE)]
    _write_jsonl(tmp_path / "fb.jsonl", fb, rng)
    fb_users = _check(read_facebook, tmp_path / "fb.jsonl", fb)
    profiles = [*x_users, *fb_users]
    rng.shuffle(profiles)
    _check_links_csv(tmp_path, list(customers), profiles)
    _check_cli_link(tmp_path)


def _check_cli_link(tmp: Path) -> None:
    """``identitylink link`` on the generated files: exit 0, every cell safe."""
    mapping = tmp / "mapping.json"
    mapping.write_text(CRM_MAPPING.model_dump_json(), encoding="utf-8")
    out = tmp / "cli-links.csv"
    args = [
        "link", "--crm", str(tmp / "crm.csv"), "--crm-mapping", str(mapping),
        "--twitter", str(tmp / "x.jsonl"), "--facebook", str(tmp / "fb.jsonl"),
        "--out", str(out), "--json",
    ]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) > 1  # the good records link
    assert not [c for row in rows for c in row if c.startswith(FORMULA_STARTS)]


def test_x_checks_the_fields_another_field_wins_over(tmp_path: Path) -> None:
    """Found by this suite: a NUL in the t.co ``url`` (the expanded link wins), in
    ``screen_name`` (``username`` wins) or a wrong type in ``email`` (a valid
    ``confirmed_email`` wins) was never looked at, and its record was read."""
    good = {"id": "1", "username": "ana", "name": "Ana"}
    expanded = {"url": {"urls": [{"expanded_url": "https://ana.example"}]}}
    users = [
        good,
        {"id": "2", "name": "Bo", "url": "https://t.co/\x00", "entities": expanded},
        {"id": "3", "name": "Cy", "username": "cy", "screen_name": "c\x00y"},
        {"id": "4", "name": "Di", "confirmed_email": "di@ex.io", "email": ["x"]},
    ]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(u) for u in users), encoding="utf-8")
    result = read_twitter(path, errors="collect")
    assert [p.profile_id for p in result] == ["1"]
    assert [(e.line, e.field) for e in result.errors] == [
        (2, "url"),
        (3, "screen_name"),
        (4, "email"),
    ]


@pytest.mark.parametrize("reader", [read_twitter, read_facebook])
def test_a_line_nested_too_deeply_is_one_bad_record(
    tmp_path: Path, reader: Reader
) -> None:
    """Found by this suite: ``json`` raises RecursionError (not a decode error) on
    50,000 nested arrays, and it escaped ``errors="collect"``."""
    path = tmp_path / "users.jsonl"
    good = json.dumps({"id": "1", "name": "Ana"})
    for text in (f"{good}\n{DEEP_LINE}\n", f"{DEEP_LINE}\n{good}\n"):
        path.write_text(text, encoding="utf-8")
        result = reader(path, errors="collect")
        assert [p.profile_id for p in result] == ["1"]
        [error] = result.errors
        assert error.line == text.splitlines().index(DEEP_LINE) + 1
        assert "nested too deeply" in error.reason
        with pytest.raises(InvalidRecordError, match="nested too deeply"):
            reader(path)


def test_a_lone_surrogate_is_a_bad_record_in_every_reader(tmp_path: Path) -> None:
    """Found by this suite: a JSON ``"\\ud800"`` escape (or such a string in a
    DataFrame) was read as text, and the links CSV then failed to encode it."""
    path = tmp_path / "users.jsonl"
    users = [{"id": "1", "name": "Ana"}, {"id": "2", "name": "Bo\ud800"}]
    path.write_text("\n".join(json.dumps(u) for u in users), encoding="utf-8")
    for reader in (read_twitter, read_facebook):
        result = reader(path, errors="collect")
        assert [p.profile_id for p in result] == ["1"]
        assert [(e.line, e.field) for e in result.errors] == [(2, "name")]
        assert "surrogate" in result.errors[0].reason
    rows = [
        {"id": "C1", "first_name": "Ana"},
        {"id": "C2", "first_name": "\udfffBo"},
    ]
    customers = read_crm(
        rows,
        {"columns": {"customer_id": "id", "first_name": "first_name"}},
        errors="collect",
    )
    assert [c.customer_id for c in customers] == ["C1"]
    assert [(e.line, e.field) for e in customers.errors] == [(2, "first_name")]


def test_an_unhashable_birth_date_cell_is_one_bad_record() -> None:
    """Found by this suite: a list in the birth-date column of dicts (or of a
    DataFrame) raised TypeError while the file's date order was inferred."""
    rows = [
        {"id": "C1", "first_name": "Ana", "birth_date": "25/12/1980"},
        {"id": "C2", "first_name": "Bo", "birth_date": ["1980"]},
    ]
    mapping = {"columns": {"customer_id": "id", "first_name": "first_name"}}
    mapping["columns"]["birth_date"] = "birth_date"
    result = read_crm(rows, mapping, errors="collect")
    assert [c.customer_id for c in result] == ["C1"]
    assert [(e.line, e.field) for e in result.errors] == [(2, "birth_date")]
    with pytest.raises(InvalidRecordError, match="birth_date"):
        read_crm(rows, mapping)

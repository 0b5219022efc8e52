"""The issue's bad-input test: 100,000 records with a few hundred broken ones.

Every good record must be read and every bad one reported exactly once, at its line,
in CRM CSV and in JSON Lines, with ``errors="collect"``.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from identitylink import EmptyInputError
from identitylink.sources import read_crm, read_facebook, read_twitter

N = 100_000
SEED = 20261123
HUGE = "x" * 1_000_000
CRM_KINDS = ("missing_id", "duplicate", "huge", "control", "bad_date", "short_row")
JSON_KINDS = (
    "truncated",
    "wrong_type",
    "missing_id",
    "duplicate",
    "huge",
    "control",
    "not_object",
)


def _broken_rows(rng: random.Random, kinds: tuple[str, ...]) -> dict[int, str]:
    """Which record numbers (from 1000 on, so duplicates have a target) break how."""
    chosen = rng.sample(range(1000, N), 300)
    plan = {number: kinds[i % len(kinds)] for i, number in enumerate(chosen)}
    # Only a few megabyte fields: they are slow to write, not to check.
    for number in [n for n, kind in plan.items() if kind == "huge"][8:]:
        plan[number] = "control"
    return plan


def _make_crm(path: Path) -> tuple[set[str], dict[int, str]]:
    rng = random.Random(SEED)
    plan = _broken_rows(rng, CRM_KINDS)
    good: set[str] = set()
    bad_lines: dict[int, str] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["customer_id", "first_name", "last_name", "email", "country", "dob"]
        )
        for number in range(N):
            line = number + 2
            customer_id = f"C{number:06d}"
            row = [
                customer_id,
                rng.choice(["Anna", "Jean", "María José", "Jürgen"]),
                rng.choice(["Dupont", "van der Berg", "García López"]),
                f"c{number}@example.com",
                rng.choice(["FR", "DE", "ES", "Italy"]),
                f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-01",
            ]
            kind = plan.get(number)
            if kind == "missing_id":
                row[0] = ""
            elif kind == "duplicate":
                row[0] = f"C{rng.randrange(0, 1000):06d}"
            elif kind == "huge":
                row[3] = HUGE
            elif kind == "control":
                row[1] = "An\x00na"
            elif kind == "bad_date":
                row[5] = "1980-02-30"
            elif kind == "short_row":
                row = row[:3]
            writer.writerow(row)
            if kind is None or kind == "bad_date":  # a bad date keeps its record
                good.add(customer_id)
            if kind is not None:
                bad_lines[line] = kind
    return good, bad_lines


def _make_twitter(path: Path) -> tuple[set[str], dict[int, str]]:
    rng = random.Random(SEED + 1)
    plan = _broken_rows(rng, JSON_KINDS)
    good: set[str] = set()
    bad_lines: dict[int, str] = {}
    with path.open("w", encoding="utf-8") as handle:
        for number in range(N):
            profile_id = str(10**15 + number)
            user: object = {
                "id": profile_id,
                "name": rng.choice(["Jean D. 🇫🇷", "anna_b", "María José"]),
                "username": f"user{number}",
                "description": "line one\nline\ttwo",
                "location": rng.choice(["📍 Lyon", "", "Berlin"]),
            }
            kind = plan.get(number)
            assert isinstance(user, dict)
            if kind == "wrong_type":
                user["name"] = 12345
            elif kind == "missing_id":
                del user["id"]
            elif kind == "duplicate":
                user["id"] = str(10**15 + rng.randrange(0, 1000))
            elif kind == "huge":
                user["description"] = HUGE
            elif kind == "control":
                user["name"] = "bad\u0000name"
            elif kind == "not_object":
                user = [user]
            text = json.dumps(user, ensure_ascii=rng.random() < 0.5)
            if kind == "truncated":
                text = text[: len(text) // 2]
            handle.write(text + "\n")
            if kind is None:
                good.add(profile_id)
            else:
                bad_lines[number + 1] = kind
    return good, bad_lines


def test_crm_100k_with_broken_rows(tmp_path: Path) -> None:
    """Every good customer is read; every broken row is reported once, at its line."""
    path = tmp_path / "crm.csv"
    good, bad_lines = _make_crm(path)
    result = read_crm(path, errors="collect")
    assert {c.customer_id for c in result} == good
    assert len(result) == len(good)
    dropped = [line for line, kind in bad_lines.items() if kind != "bad_date"]
    assert sorted(e.line for e in result.errors) == sorted(dropped)
    warned = [line for line, kind in bad_lines.items() if kind == "bad_date"]
    assert sorted(w.line for w in result.warnings) == sorted(warned)
    assert {w.field for w in result.warnings} == {"birth_date"}
    fields = {bad_lines[e.line]: e.field for e in result.errors if e.line}
    assert fields["huge"] == "email"
    assert fields["control"] == "first_name"
    assert fields["missing_id"] == "customer_id"
    assert fields["duplicate"] == "customer_id"


def test_twitter_100k_with_broken_lines(tmp_path: Path) -> None:
    """Every good profile is read; every broken line is reported once."""
    path = tmp_path / "twitter.jsonl"
    good, bad_lines = _make_twitter(path)
    result = read_twitter(path, errors="collect")
    assert {p.profile_id for p in result} == good
    assert len(result) == len(good)
    assert sorted(e.line for e in result.errors) == sorted(bad_lines)
    fields = {bad_lines[e.line]: e.field for e in result.errors if e.line}
    assert fields["wrong_type"] == "name"
    assert fields["huge"] == "description"
    assert fields["control"] == "name"
    assert fields["duplicate"] == "id"
    assert all("\t" in (p.description or "") for p in result.records[:100])


def test_facebook_broken_birthdays_and_lines(tmp_path: Path) -> None:
    """Impossible birthdays are warned (records kept), broken lines are errors."""
    rng = random.Random(SEED + 2)
    lines: list[str] = []
    expected_bad: set[int] = set()
    expected_warned: set[int] = set()
    for number in range(5_000):
        record = {"id": str(number), "name": "A B", "birthday": "07/26/1985"}
        if number % 97 == 5:
            record["birthday"] = rng.choice(["02/30/1985", "02/30", "13/13"])
            expected_warned.add(number + 1)
        text = json.dumps(record)
        if number % 101 == 7:
            text = text[:-3]
            expected_bad.add(number + 1)
        lines.append(text)
    path = tmp_path / "fb.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_facebook(path, errors="collect")
    assert len(result) == 5_000 - len(expected_bad)
    assert sorted(e.line for e in result.errors) == sorted(expected_bad)
    warned = expected_warned - expected_bad  # a broken line is an error
    assert sorted(w.line for w in result.warnings) == sorted(warned)


@pytest.mark.parametrize("reader", [read_crm, read_twitter, read_facebook])
@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_empty_files(tmp_path: Path, reader: object, text: str) -> None:
    """An empty file: EmptyInputError, or with collect no records and one error."""
    path = tmp_path / "empty.txt"
    path.write_text(text, encoding="utf-8")
    assert callable(reader)
    with pytest.raises(EmptyInputError):
        reader(path)
    result = reader(path, errors="collect")
    assert (len(result), len(result.errors)) == (0, 1)


def test_header_only_csv(tmp_path: Path) -> None:
    """A header without rows is empty input."""
    path = tmp_path / "crm.csv"
    path.write_text("id,first_name,last_name\n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="no records"):
        read_crm(path)
    assert len(read_crm(path, errors="collect").errors) == 1

"""Date parsing for CRM birth dates and Facebook birthdays."""

from __future__ import annotations

import pytest

from identitylink import PartialDate
from identitylink.sources._collect import FieldProblem
from identitylink.sources._dates import (
    infer_day_first,
    parse_date,
    parse_facebook_birthday,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-07-26", PartialDate(year=1985, month=7, day=26)),
        ("1985-07-26T00:00:00", PartialDate(year=1985, month=7, day=26)),
        ("1985-07-26 00:00:00", PartialDate(year=1985, month=7, day=26)),
        ("1985-07", PartialDate(year=1985, month=7)),
        ("1985", PartialDate(year=1985)),
        ("1985/07/26", PartialDate(year=1985, month=7, day=26)),
        ("26.07.1985", PartialDate(year=1985, month=7, day=26)),
        ("6.7.1985", PartialDate(year=1985, month=7, day=6)),
        ("26.07.85", PartialDate(year=1985, month=7, day=26)),
        (" 26/07/1985 ", PartialDate(year=1985, month=7, day=26)),
        ("26-07-1985", PartialDate(year=1985, month=7, day=26)),
    ],
)
def test_automatic_formats(text: str, expected: PartialDate) -> None:
    """Unambiguous forms parse the same whatever the country."""
    assert parse_date(text, order="dmy") == expected


def test_slashed_order() -> None:
    """The order decides 01/02; by country, the US reads month first."""
    assert parse_date("01/02/1990", order="dmy") == PartialDate(
        year=1990, month=2, day=1
    )
    assert parse_date("01/02/1990", order="mdy") == PartialDate(
        year=1990, month=1, day=2
    )
    assert parse_date("01/02/1990", country="US").month == 1
    assert parse_date("01/02/1990", country="DE").month == 2


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["25/12/1980", "01/02/1990"], "dmy"),
        (["12/25/1980", "01/02/1990"], "mdy"),
        (["01/02/1990", "1985-07-26"], "by-country"),
        (["25/12/1980", "12/25/1980"], "by-country"),
        ([], "by-country"),
    ],
)
def test_infer_day_first(values: list[str], order: str) -> None:
    """One telling value decides for the file; conflicting ones defer to countries."""
    assert infer_day_first(values) == order


@pytest.mark.parametrize(
    "text", ["30/02/1980", "1980-13-01", "31.04.2001", "x", "1849"]
)
def test_impossible_or_unknown_dates(text: str) -> None:
    """Impossible or unreadable values raise FieldProblem with the value."""
    with pytest.raises(FieldProblem, match=text):
        parse_date(text, order="dmy")


def test_date_format() -> None:
    """A strptime format is obeyed; partial formats give partial dates."""
    assert parse_date("26.07.1985", date_format="%d.%m.%Y") == PartialDate(
        year=1985, month=7, day=26
    )
    assert parse_date("07/26", date_format="%m/%d") == PartialDate(month=7, day=26)
    assert parse_date("1985", date_format="%d.%m.%Y") == PartialDate(year=1985)
    with pytest.raises(FieldProblem, match="does not match"):
        parse_date("1985/07/26", date_format="%d.%m.%Y")
    with pytest.raises(FieldProblem):
        parse_date("30.02.1985", date_format="%d.%m.%Y")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07/26/1985", PartialDate(year=1985, month=7, day=26)),
        ("07/26", PartialDate(month=7, day=26)),
        ("1985", PartialDate(year=1985)),
    ],
)
def test_facebook_birthdays(text: str, expected: PartialDate) -> None:
    """The three Graph API birthday forms."""
    assert parse_facebook_birthday(text) == expected


@pytest.mark.parametrize("text", ["26/07/1985", "02/30", "1985-07-26", ""])
def test_bad_facebook_birthdays(text: str) -> None:
    """Day-first, impossible or ISO values are not Graph birthdays."""
    with pytest.raises(FieldProblem):
        parse_facebook_birthday(text)

"""Dates as CRMs and platforms write them, parsed to :class:`PartialDate`.

With a ``date_format`` (``strptime`` directives) a value must match it, or be a bare
year or an ISO date, which cannot be misread. Without one:
ISO ``YYYY-MM-DD`` (a time part is ignored), ``YYYY-MM``, ``YYYY``, ``YYYY/MM/DD``,
``DD.MM.YYYY`` (dots are day-first everywhere they are used) and the slashed or dashed
``DD/MM/YYYY`` / ``MM/DD/YYYY``. Which of the last two a file uses is decided once per
file by :func:`infer_day_first`; a file that cannot tell is read per row by country
(month first for the United States, day first elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from pydantic import ValidationError

from identitylink.records import PartialDate
from identitylink.sources._collect import FieldProblem

__all__ = [
    "DateOrder",
    "date_from_object",
    "infer_day_first",
    "order_matters",
    "parse_date",
    "parse_facebook_birthday",
]

DateOrder = Literal["dmy", "mdy", "by-country"]

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?")
_SLASHED = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")
_MONTH_FIRST_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH"})


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one read as the most recent past century."""
    if len(text) == 4:
        return int(text)
    two = int(text)
    this_year = date.today().year
    return 2000 + two if 2000 + two <= this_year else 1900 + two


def _make(
    year: int | None, month: int | None, day: int | None, text: str
) -> PartialDate:
    """Build a PartialDate or explain why the value is not a real date."""
    try:
        return PartialDate(year=year, month=month, day=day)
    except ValidationError as exc:
        detail = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise FieldProblem(None, f"{text!r} is not a real date: {detail}") from None


@lru_cache(maxsize=65_536)
def _parse_auto(text: str, day_first: bool) -> PartialDate:
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DOTTED.fullmatch(text):
        return _make(_year(m[3]), int(m[2]), int(m[1]), text)
    if m := _SLASHED.fullmatch(text):
        first, second = int(m[1]), int(m[2])
        day, month = (first, second) if day_first else (second, first)
        return _make(_year(m[3]), month, day, text)
    if m := _YMD_SLASH.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _YEAR_MONTH.fullmatch(text):
        return _make(int(m[1]), int(m[2]), None, text)
    if _YEAR.fullmatch(text):
        return _make(int(text), None, None, text)
    raise FieldProblem(None, f"{text!r} is not a date in a known format")


@lru_cache(maxsize=65_536)
def _parse_with_format(text: str, date_format: str) -> PartialDate:
    try:
        parsed = datetime.strptime(text, date_format)
    except ValueError as exc:
        if _YEAR.fullmatch(text) or _ISO.fullmatch(text):
            # A bare year or an ISO date cannot be misread: accept them anyway.
            return _parse_auto(text, True)
        if "out of range" in str(exc):
            raise FieldProblem(None, f"{text!r} is not a real date ({exc})") from None
        raise FieldProblem(None, f"{text!r} does not match {date_format!r}") from None
    has_year = "%Y" in date_format or "%y" in date_format
    has_month = any(d in date_format for d in ("%m", "%b", "%B"))
    has_day = "%d" in date_format or "%j" in date_format
    return _make(
        parsed.year if has_year else None,
        parsed.month if has_month or has_day else None,
        parsed.day if has_day else None,
        text,
    )


def parse_date(
    text: str,
    *,
    date_format: str | None = None,
    order: DateOrder = "by-country",
    country: str | None = None,
) -> PartialDate:
    """Parse one date value; :class:`FieldProblem` (field unset) when it cannot be."""
    text = text.strip()
    if date_format is not None:
        return _parse_with_format(text, date_format)
    if order == "by-country":
        day_first = country not in _MONTH_FIRST_COUNTRIES
    else:
        day_first = order == "dmy"
    return _parse_auto(text, day_first)


def order_matters(text: str) -> bool:
    """Whether reading ``text`` depends on the day/month order (``03/04/1990``)."""
    return _SLASHED.fullmatch(text.strip()) is not None


def infer_day_first(values: Iterable[str]) -> DateOrder:
    """Decide the order of a file's slashed dates from the values that can only be one.

    ``25/12/1980`` can only be day first and ``12/25/1980`` only month first. A file
    with only one kind is read that way; a file with neither, or with both (a
    mixed-country export), is read per row by country.
    """
    day_first_seen = month_first_seen = False
    for value in values:
        m = _SLASHED.fullmatch(value.strip())
        if m is None:
            continue
        first, second = int(m[1]), int(m[2])
        if first > 12 >= second:
            day_first_seen = True
        elif second > 12 >= first:
            month_first_seen = True
        if day_first_seen and month_first_seen:
            return "by-country"
    if day_first_seen:
        return "dmy"
    if month_first_seen:
        return "mdy"
    return "by-country"


_FB_FULL = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_FB_MONTH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})")


@lru_cache(maxsize=65_536)
def parse_facebook_birthday(text: str) -> PartialDate:
    """Graph API ``birthday``: ``MM/DD/YYYY``, ``MM/DD`` or ``YYYY``."""
    text = text.strip()
    if m := _FB_FULL.fullmatch(text):
        return _make(int(m[3]), int(m[1]), int(m[2]), text)
    if m := _FB_MONTH_DAY.fullmatch(text):
        return _make(None, int(m[1]), int(m[2]), text)
    if _YEAR.fullmatch(text):
        return _make(int(text), None, None, text)
    raise FieldProblem(None, f"{text!r} is not MM/DD/YYYY, MM/DD or YYYY")


def date_from_object(value: date) -> PartialDate:
    """A ``date``/``datetime``/pandas ``Timestamp`` from a DataFrame cell."""
    return _make(value.year, value.month, value.day, value.isoformat())

"""Checked CRM columns to :class:`Customer` records, column by column.

Working a column at a time keeps the per-row Python work to one dict per customer:
stripping and size checks are mapped over whole columns in C; countries, dates and
name splits run once per distinct value and are mapped back through a dict. Every
check a ``Customer`` validator makes is made here (id of 1-256 characters, ISO-2
country, a real date, text or None elsewhere), so the records are built without a
second validation; a test compares both ways.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

from identitylink.exceptions import ConfigurationError
from identitylink.normalize import country_code
from identitylink.normalize._email import email_problem
from identitylink.normalize._fullname import (
    NameParts,
    split_family_name,
    split_full_name,
    split_given_names,
)
from identitylink.normalize._phone import phone_parse_problem
from identitylink.records import Customer, PartialDate
from identitylink.sources._build import build_many
from identitylink.sources._collect import (
    MAX_FIELD_CHARS,
    ErrorCollector,
    FieldProblem,
    check_text,
)
from identitylink.sources._dates import (
    DateOrder,
    date_from_object,
    order_matters,
    parse_date,
)
from identitylink.sources._table import Table

__all__ = ["Located", "build_customers", "customer_columns"]

_MAX_ID = 256
_NO_FAMILY: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
_BY_COUNTRY = object()  # a date whose reading depends on the row's country
_TEXT_FIELDS = ("email", "phone", "street", "postcode", "city")
_PLAIN_TEXT_FIELDS = ("street", "postcode", "city")


class Located:
    """Column indices of the mapped fields in one table; unclaimed columns."""

    def __init__(self, table: Table, mapping: dict[str, str]) -> None:
        index = {header: i for i, header in reversed(list(enumerate(table.headers)))}
        missing = [column for column in mapping.values() if column not in index]
        if missing:
            raise ConfigurationError(
                f"{table.name}: the mapping names column(s) "
                f"{', '.join(repr(c) for c in missing)} that the input lacks; "
                f"its columns are {', '.join(repr(h) for h in table.headers)}"
            )
        self.of = {field: index[column] for field, column in mapping.items()}
        claimed = set(self.of.values())
        self.extra = [
            (i, header or f"column{i + 1}")
            for i, header in enumerate(table.headers)
            if i not in claimed
        ]


@lru_cache(maxsize=4096)
def _country(text: str) -> str:
    """ISO-2 code from a code or a country name in many languages; else FieldProblem."""
    code = country_code(text)
    if code is None:
        raise FieldProblem("country", f"{text!r} is not a country code or name")
    return code


def _coerce(value: Any, field: str) -> str | None:
    """A non-string cell from a DataFrame or a dict as text (None when missing)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldProblem(field, f"expected text, got a boolean ({value})")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, date):
        return None if _is_missing(value) else value.isoformat()
    if _is_missing(value):
        return None
    raise FieldProblem(field, f"expected text, got {type(value).__name__}")


def _email(text: str) -> str:
    """An e-mail cell as given, or FieldProblem when it is no address at all."""
    reason = email_problem(text)
    if reason is not None:
        raise FieldProblem("email", f"is not an e-mail address: {reason}")
    return text


def _is_missing(value: Any) -> bool:
    """pandas NA/NaT: the values unequal to themselves or refusing comparison."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


class _Columns:
    """Cleans columns of one table, keeping the first problem found in each row.

    Every pass over a column of 200,000 cells costs (the cells are scattered in
    memory), so a text file's cells are stripped and checked in as few passes as
    possible, and not checked at all when the whole file is known to hold no control
    character and no line over the size limit.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.bad: dict[int, FieldProblem] = {}
        self.soft: dict[int, list[FieldProblem]] = {}
        """Per row, values of fields that may be missing that were read as None."""
        longest = table.longest_line
        self.checked = (
            table.from_text
            and not table.has_controls
            and longest is not None
            and longest <= MAX_FIELD_CHARS
        )

    def text(self, index: int, field: str) -> list[str | None]:
        """A column stripped, empty cells None, sizes and control characters checked."""
        column = self.table.columns[index]
        if self.table.from_text:
            out: list[str | None] = [v.strip() or None for v in column]
            if not self.checked:
                for row, value in enumerate(out):
                    if value is not None:
                        try:
                            check_text(value, field)
                        except FieldProblem as problem:
                            self.bad.setdefault(row, problem)
            return out
        out = []
        for row, value in enumerate(column):
            try:
                text = _coerce(value, field)
                text = text.strip() or None if text is not None else None
                out.append(check_text(text, field) if text is not None else None)
            except FieldProblem as problem:
                self.bad.setdefault(row, problem)
                out.append(None)
        return out

    def repeats(self, index: int) -> bool:
        """Whether a column's values repeat (a tenth or more of its first 2,000)."""
        if not self.table.from_text:
            return False  # in-memory cells may be anything, even unhashable
        sample = self.table.columns[index][:2000]
        return len(set(sample)) * 10 < len(sample) * 9

    def per_value(
        self,
        index: int,
        field: str,
        convert: Callable[[str], Any] | None = None,
        default: Any = None,
        soft: bool = False,
    ) -> list[Any]:
        """A column cleaned like :meth:`text`, then ``convert``-ed, once per distinct
        cell; empty cells and bad values get ``default``; problems name ``field``.

        Equal cells give one result object, shared by every row (which also makes
        repeated strings one object).
        """
        column = self.table.columns[index]
        if not self.table.from_text:
            column = self.text(index, field)  # DataFrame cells: clean them first
        results: dict[Any, Any] = {}
        problems: dict[Any, tuple[FieldProblem, bool]] = {}
        for cell in set(column):
            if cell is None:
                continue
            value = cell.strip()
            if not value:
                continue
            try:
                if not self.checked:
                    check_text(value, field)  # too long, a control: a bad record
            except FieldProblem as problem:
                problems[cell] = (FieldProblem(field, problem.reason, value), False)
                continue
            try:
                results[cell] = value if convert is None else convert(value)
            except FieldProblem as problem:
                problems[cell] = (FieldProblem(field, problem.reason, value), soft)
        if problems:
            for row, cell in enumerate(column):
                if cell in problems:
                    found, is_soft = problems[cell]
                    if is_soft:
                        self.soft.setdefault(row, []).append(found)
                    else:
                        self.bad.setdefault(row, found)
        return list(map(results.get, column, repeat(default)))


def _births(
    columns: _Columns,
    index: int,
    countries: list[str | None],
    date_format: str | None,
    order: DateOrder,
) -> list[PartialDate | None]:
    """The birth-date column parsed once per distinct value.

    A slashed date read by country is parsed once per distinct (value, country).
    """
    by_country = date_format is None and order == "by-country"
    per_country = False

    def convert(text: str) -> Any:
        nonlocal per_country
        if by_country and order_matters(text):
            per_country = True
            return _BY_COUNTRY
        return parse_date(text, date_format=date_format, order=order)

    out: list[Any] = columns.per_value(index, "birth_date", convert, soft=True)
    table = columns.table
    texts = (
        table.columns[index] if table.from_text else columns.text(index, "birth_date")
    )
    if per_country:
        parsed: dict[tuple[str, str | None], PartialDate | FieldProblem] = {}
        for row, value in enumerate(out):
            if value is _BY_COUNTRY:
                key = (cast(str, texts[row]), countries[row])
                result = parsed.get(key)
                if result is None:
                    try:
                        result = parse_date(key[0], order=order, country=key[1])
                    except FieldProblem as problem:
                        result = FieldProblem("birth_date", problem.reason, key[0])
                    parsed[key] = result
                if isinstance(result, FieldProblem):
                    columns.soft.setdefault(row, []).append(result)
                    result = None
                out[row] = result
    if not table.from_text:  # date and Timestamp cells of a DataFrame
        for row, value in enumerate(table.columns[index]):
            if texts[row] is None and isinstance(value, date):
                out[row] = None if _is_missing(value) else date_from_object(value)
    return out


def _phones(
    columns: _Columns, phones: list[str | None], countries: list[str | None]
) -> list[str | None]:
    """The phone column with the values that are no phone number at all (read in
    the row's country) as None, each a warning; checked once per (value, country)."""
    problems: dict[tuple[str, str | None], str | None] = {}
    out = phones
    for row, phone in enumerate(phones):
        if phone is None:
            continue
        key = (phone, countries[row])
        if key in problems:
            reason = problems[key]
        else:
            reason = problems[key] = phone_parse_problem(phone, countries[row])
        if reason is not None:
            if out is phones:
                out = list(phones)  # the column may be shared with other rows
            out[row] = None
            columns.soft.setdefault(row, []).append(
                FieldProblem("phone", reason, phone)
            )
    return out


def _attribute_dicts(
    extras: list[tuple[str, list[str | None]]], count: int
) -> list[dict[str, str]]:
    """Per row, the non-empty values of the columns no field claimed."""
    if not extras:
        return list(map(dict, repeat((), count)))
    headers = [header for header, _ in extras]
    values = [column for _, column in extras]
    if not any(None in column for column in values):
        return list(map(dict, map(zip, repeat(headers), zip(*values, strict=True))))
    out: list[dict[str, str]] = [{} for _ in range(count)]
    for header, column in extras:
        for attributes, value in zip(out, column, strict=True):
            if value is not None:
                attributes[header] = value
    return out


def _check_ids(
    columns: _Columns, ids: list[str | None], longest_line: int | None
) -> None:
    if None not in ids:
        if longest_line is not None and longest_line <= _MAX_ID:
            return  # no line of the file is that long
        if max(map(len, cast(list[str], ids)), default=0) <= _MAX_ID:
            return
    for row, customer_id in enumerate(ids):
        if customer_id is None:
            columns.bad.setdefault(row, FieldProblem("customer_id", "is missing"))
        elif len(customer_id) > _MAX_ID:
            columns.bad.setdefault(
                row, FieldProblem("customer_id", f"is longer than {_MAX_ID} characters")
            )


def _report_bad_rows(
    table: Table,
    columns: _Columns,
    ids: list[str | None],
    collector: ErrorCollector,
) -> list[int]:
    """Report bad and duplicate rows once each, in row order; the good rows' indices."""
    bad = columns.bad
    if (
        not bad and not columns.soft and len(set(ids)) == len(ids)
    ):  # no missing id (bad), no duplicate
        return list(range(table.count))
    where = "line" if table.from_text else "record"
    seen: dict[str, int] = {}
    good: list[int] = []
    for row, (line, customer_id) in enumerate(zip(table.lines, ids, strict=True)):
        problem = bad.get(row)
        if problem is None and customer_id in seen:
            problem = FieldProblem(
                "customer_id",
                f"duplicate id (first seen on {where} {seen[customer_id]})",
            )
        if problem is not None:
            collector.problem(problem, line=line, record_id=customer_id)
            continue
        for warning in columns.soft.get(row, ()):
            collector.warn(warning, line=line, record_id=customer_id)
        seen[cast(str, customer_id)] = line
        good.append(row)
    return good


def _full_name_rows(
    fulls: list[str | None],
    firsts: list[str | None],
    lasts: list[str | None],
    countries: list[str | None],
    given: list[tuple[str, ...]],
    family: list[tuple[str, ...]],
    particles: list[tuple[str, ...]],
) -> None:
    """Split the full name of rows that have no first and no last name, in place."""
    cache: dict[tuple[str, str | None], NameParts] = {}
    for row, full in enumerate(fulls):
        if full and firsts[row] is None and lasts[row] is None:
            key = (full, countries[row])
            parts = cache.get(key)
            if parts is None:
                parts = cache[key] = split_full_name(full, countries[row])
            given[row], family[row], particles[row] = parts


def customer_columns(
    table: Table,
    located: Located,
    collector: ErrorCollector,
    date_format: str | None,
    order: DateOrder,
) -> tuple[dict[str, list[Any]], list[tuple[str, list[str | None]]]]:
    """Check every column, report each bad row once (in row order); the good rows'
    values as one list per :class:`Customer` field (``attributes`` left out), and
    the columns no field claimed as (header, values) of the good rows."""
    of = located.of
    columns = _Columns(table)
    count = table.count
    ids = columns.text(of["customer_id"], "customer_id")
    _check_ids(columns, ids, table.longest_line)
    none: list[Any] = [None] * count

    def text(field: str) -> list[str | None]:
        if field not in of:
            return none
        if columns.repeats(of[field]):  # cities, postcodes: one string per value
            return columns.per_value(of[field], field)
        return columns.text(of[field], field)

    texts = {f: text(f) for f in _PLAIN_TEXT_FIELDS}
    texts["email"] = none
    if "email" in of:
        texts["email"] = columns.per_value(of["email"], "email", _email, soft=True)
    countries: list[str | None] = none
    if "country" in of:
        countries = columns.per_value(of["country"], "country", _country, soft=True)
    texts["phone"] = _phones(columns, text("phone"), countries)
    births: list[PartialDate | None] = none
    if "birth_date" in of:
        births = _births(columns, of["birth_date"], countries, date_format, order)
    given: list[tuple[str, ...]] = [()] * count
    if "first_name" in of:
        given = columns.per_value(of["first_name"], "first_name", split_given_names, ())
    family: list[tuple[str, ...]] = [()] * count
    particles: list[tuple[str, ...]] = [()] * count
    if "last_name" in of:
        splits = columns.per_value(
            of["last_name"], "last_name", split_family_name, _NO_FAMILY
        )
        family = list(map(itemgetter(0), splits))
        particles = list(map(itemgetter(1), splits))
    fulls = text("full_name")
    extras = [(header, columns.text(i, header)) for i, header in located.extra]
    if "full_name" in of:
        firsts, lasts = text("first_name"), text("last_name")
        _full_name_rows(fulls, firsts, lasts, countries, given, family, particles)
    good = _report_bad_rows(table, columns, ids, collector)
    rows: Sequence[int] | None = None if len(good) == count else good

    def keep(values: list[Any]) -> list[Any]:
        return values if rows is None else [values[row] for row in rows]

    fields = {
        "customer_id": keep(ids),
        "given_names": keep(given),
        "family_names": keep(family),
        "name_particles": keep(particles),
        "full_name": keep(fulls),
        **{f: keep(texts[f]) for f in _TEXT_FIELDS},
        "country": keep(countries),
        "birth_date": keep(births),
    }
    return fields, [(header, keep(values)) for header, values in extras]


def build_customers(
    table: Table,
    located: Located,
    collector: ErrorCollector,
    date_format: str | None,
    order: DateOrder,
) -> list[Customer]:
    """Check every column, report each bad row once (in row order), build the rest."""
    fields, extras = customer_columns(table, located, collector, date_format, order)
    count = len(fields["customer_id"])
    values = zip(*fields.values(), _attribute_dicts(extras, count), strict=True)
    # What build_checked does, column by column: one dict per customer, the rest
    # in C (object.__new__ and the attribute stores mapped over the whole column).
    dicts = [
        {
            "customer_id": customer_id,
            "given_names": given_names,
            "family_names": family_names,
            "name_particles": name_particles,
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "street": street,
            "postcode": postcode,
            "city": city,
            "country": country,
            "birth_date": birth_date,
            "attributes": attributes,
        }
        for (
            customer_id,
            given_names,
            family_names,
            name_particles,
            full_name,
            email,
            phone,
            street,
            postcode,
            city,
            country,
            birth_date,
            attributes,
        ) in values
    ]
    return build_many(Customer, dicts)

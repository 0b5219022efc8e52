"""Checked CRM columns to :class:`Customer` records, column by column.

Working a column at a time keeps the per-row Python work to one dict per customer:
stripping, size checks, countries, dates and name splits run over whole columns (with
caches over distinct values). Every check a ``Customer`` validator makes is made here
(id of 1-256 characters, ISO-2 country, a real date, text or None elsewhere), so the
records are built without a second validation; a test compares both ways.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from identitylink.exceptions import ConfigurationError
from identitylink.normalize import country_code
from identitylink.normalize._fullname import (
    split_family_name,
    split_full_name,
    split_given_names,
)
from identitylink.records import Customer, PartialDate
from identitylink.sources._collect import (
    MAX_FIELD_CHARS,
    ErrorCollector,
    FieldProblem,
    check_text,
)
from identitylink.sources._dates import DateOrder, date_from_object, parse_date
from identitylink.sources._table import Table

__all__ = ["Located", "build_customers"]

_set = object.__setattr__

_MAX_ID = 256
_TEXT_FIELDS = ("email", "phone", "street", "postcode", "city")
_NO_FAMILY: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


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


def _is_missing(value: Any) -> bool:
    """pandas NA/NaT: the values unequal to themselves or refusing comparison."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


class _Columns:
    """Cleans columns of one table, keeping the first problem found in each row."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.cells = list(zip(*(cells for _, cells in table.rows), strict=True))
        self.bad: dict[int, FieldProblem] = {}

    def text(self, index: int, field: str) -> list[str | None]:
        """A column stripped, empty cells None, sizes and control characters checked."""
        column = self.cells[index]
        if self.table.from_text:
            out: list[str | None] = [v.strip() or None for v in column]
            if self.table.has_controls or max(map(len, column)) > MAX_FIELD_CHARS:
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

    def mapped(
        self, values: Sequence[str | None], convert: Any, field: str
    ) -> list[Any]:
        """Apply ``convert`` to each non-empty value; problems name ``field``."""
        out: list[Any] = []
        for row, value in enumerate(values):
            if value is None:
                out.append(None)
                continue
            try:
                out.append(convert(value))
            except FieldProblem as problem:
                self.bad.setdefault(row, FieldProblem(field, problem.reason))
                out.append(None)
        return out


def _births(
    columns: _Columns,
    index: int,
    countries: Sequence[str | None],
    date_format: str | None,
    order: DateOrder,
) -> list[PartialDate | None]:
    """The birth-date column parsed, once per distinct (value, country) pair."""
    raw = columns.cells[index]
    texts = columns.text(index, "birth_date")
    by_country = date_format is None and order == "by-country"
    parsed: dict[tuple[str, str | None], PartialDate | FieldProblem] = {}
    out: list[PartialDate | None] = []
    for row, text in enumerate(texts):
        if text is None:
            value = raw[row]
            is_date = isinstance(value, date) and not _is_missing(value)
            out.append(date_from_object(value) if is_date else None)
            continue
        key = (text, countries[row] if by_country else None)
        result = parsed.get(key)
        if result is None:
            try:
                result = parse_date(
                    text, date_format=date_format, order=order, country=key[1]
                )
            except FieldProblem as problem:
                result = FieldProblem("birth_date", problem.reason)
            parsed[key] = result
        if isinstance(result, FieldProblem):
            columns.bad.setdefault(row, result)
            out.append(None)
        else:
            out.append(result)
    return out


def _mapped_once(values: Sequence[str | None], convert: Any) -> list[Any]:
    """``convert`` applied once per distinct non-empty value (names repeat a lot)."""
    cache: dict[str, Any] = {}
    out: list[Any] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        result = cache.get(value)
        if result is None:
            result = cache[value] = convert(value)
        out.append(result)
    return out


def _attribute_dicts(
    extras: list[tuple[str, list[str | None]]], count: int
) -> list[dict[str, str]]:
    """Per row, the non-empty values of the columns no field claimed."""
    out: list[dict[str, str]] = [{} for _ in range(count)]
    for header, values in extras:
        for attributes, value in zip(out, values, strict=True):
            if value is not None:
                attributes[header] = value
    return out


def build_customers(
    table: Table,
    located: Located,
    collector: ErrorCollector,
    date_format: str | None,
    order: DateOrder,
) -> list[Customer]:
    """Check every column, report each bad row once (in row order), build the rest."""
    of = located.of
    columns = _Columns(table)
    count = len(table.rows)
    ids = columns.text(of["customer_id"], "customer_id")
    for row, customer_id in enumerate(ids):
        if customer_id is None:
            columns.bad.setdefault(row, FieldProblem("customer_id", "is missing"))
        elif len(customer_id) > _MAX_ID:
            columns.bad.setdefault(
                row, FieldProblem("customer_id", f"is longer than {_MAX_ID} characters")
            )
    none: list[Any] = [None] * count
    texts = {f: columns.text(of[f], f) if f in of else none for f in _TEXT_FIELDS}
    countries: list[str | None] = none
    if "country" in of:
        countries = columns.mapped(
            columns.text(of["country"], "country"), _country, "country"
        )
    births: list[PartialDate | None] = none
    if "birth_date" in of:
        births = _births(columns, of["birth_date"], countries, date_format, order)
    firsts = (
        columns.text(of["first_name"], "first_name") if "first_name" in of else none
    )
    lasts = columns.text(of["last_name"], "last_name") if "last_name" in of else none
    fulls = columns.text(of["full_name"], "full_name") if "full_name" in of else none
    extras = [(header, columns.text(i, header)) for i, header in located.extra]

    given_split: list[tuple[str, ...] | None] = _mapped_once(firsts, split_given_names)
    family_split: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = _mapped_once(
        lasts, split_family_name
    )
    bad = columns.bad
    seen: dict[str, int] = {}
    where = "line" if table.from_text else "record"
    customers: list[Customer] = []
    new_customer = Customer.__new__
    fields_set = set(Customer.model_fields)
    lines = [line for line, _ in table.rows]
    columns_in_order = zip(
        range(count),
        lines,
        ids,
        given_split,
        family_split,
        fulls,
        *(texts[f] for f in _TEXT_FIELDS),
        countries,
        births,
        _attribute_dicts(extras, count),
        strict=True,
    )
    for (
        row,
        line,
        customer_id,
        given,
        family_parts,
        full,
        email,
        phone,
        street,
        postcode,
        city,
        country,
        birth,
        attributes,
    ) in columns_in_order:
        problem = bad.get(row)
        if problem is None and customer_id in seen:
            problem = FieldProblem(
                "customer_id",
                f"duplicate id (first seen on {where} {seen[customer_id]})",
            )
        if problem is not None:
            collector.problem(problem, line=line, record_id=customer_id)
            continue
        seen[customer_id] = line
        family, particles = family_parts or _NO_FAMILY
        if full and given is None and family_parts is None:
            given, family, particles = split_full_name(full, country)
        # What build_checked does, inlined: this loop runs once per customer.
        customer = new_customer(Customer)
        _set(
            customer,
            "__dict__",
            {
                "customer_id": customer_id,
                "given_names": given or (),
                "family_names": family,
                "name_particles": particles,
                "full_name": full,
                "email": email,
                "phone": phone,
                "street": street,
                "postcode": postcode,
                "city": city,
                "country": country,
                "birth_date": birth,
                "attributes": attributes,
            },
        )
        _set(customer, "__pydantic_fields_set__", fields_set)
        _set(customer, "__pydantic_extra__", None)
        _set(customer, "__pydantic_private__", None)
        customers.append(customer)
    return customers

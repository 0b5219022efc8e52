"""A CRM input as a header and columns of cells, whatever it came as.

CSV files are split column-wise (delimiter taken from the header line: comma,
semicolon, tab or pipe): a file without quotes or carriage returns, one record per
line, is split by ``str.split`` in C; anything else goes through the ``csv`` module
(in one call when each record is on one line, so that line numbers follow).
DataFrames and iterables of dicts are read as they are. Each row keeps its line
number (CSV) or its 1-based record number (in memory).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, islice, repeat
from typing import Any

import pandas as pd

from identitylink.exceptions import ConfigurationError
from identitylink.sources._collect import find_control
from identitylink.sources._mojibake import TextRepairs
from identitylink.sources._text_io import (
    TextSource,
    is_file_source,
    read_text,
    source_label,
)

__all__ = ["CrmSource", "Table", "load_table"]


@dataclass
class Table:
    """Header, one list of cells per column, each row's line, and the source."""

    headers: list[str]
    columns: list[list[Any]]
    lines: list[int]
    name: str
    encoding: str
    from_text: bool
    has_controls: bool
    shape_errors: list[tuple[int, str]]
    longest_line: int | None = None
    """Characters in the longest data line of a text file; None when not known."""
    repairs: TextRepairs | None = None
    """The file's mojibake repairs (None for in-memory input)."""

    @property
    def count(self) -> int:
        """How many rows (records) the table holds."""
        return len(self.lines)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split_columns(rows: list[list[str]], width: int) -> list[list[Any]]:
    """Rows of ``width`` cells to ``width`` columns (flattened once, then sliced)."""
    flat = list(chain.from_iterable(rows))
    return [flat[i::width] for i in range(width)]


def _simple_split(text: str, delimiter: str, name: str, encoding: str) -> Table | None:
    """Split a file with no quoting, one record per line; None if it is not one."""
    if '"' in text:
        return None
    crlf = "\r" in text
    if crlf and text.count("\r") != text.count("\r\n"):
        return None  # a lone carriage return: leave it to the csv module
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    width = lines[0].count(delimiter) + 1 if lines else 0
    if width < 2 or len(lines) < 2 or not lines[0].strip():
        return None
    if set(map(str.count, islice(lines, 1, None), repeat(delimiter))) != {width - 1}:
        return None  # a blank line or one with another number of fields
    longest = max(map(len, islice(lines, 1, None)))
    # Printable lines hold no control character (the whole-text search is slower).
    # With CRLF line ends, the CR stays at the end of the last cell: cells are
    # stripped, as they are anyway.
    records: Iterator[str] = islice(lines, 1, None)
    if crlf:
        records = map(str.rstrip, islice(lines, 1, None), repeat("\r"))
    printable = all(map(str.isprintable, records))
    flat = list(
        chain.from_iterable(map(str.split, islice(lines, 1, None), repeat(delimiter)))
    )
    headers = [h.strip() for h in lines[0].split(delimiter)]
    count = len(lines) - 1  # records after the header
    del lines
    columns = [flat[i::width] for i in range(width)]
    del flat
    numbers = list(range(2, count + 2))
    has_controls = not printable and find_control(text) is not None
    return Table(
        headers, columns, numbers, name, encoding, True, has_controls, [], longest
    )


def _csv_rows(
    text: str, delimiter: str
) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """Every non-blank CSV row with the line it starts on; unparseable lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    shape_errors: list[tuple[int, str]] = []
    if text.count("\r") == text.count("\r\n"):  # no line ends in a lone CR
        try:
            rows = list(reader)
        except csv.Error:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        else:
            if len(rows) == text.count("\n") + (not text.endswith("\n")):
                # One physical line per row: row i is on line i + 1.
                return list(enumerate(rows, 1)), shape_errors
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[int, list[str]]] = []
    end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start, end = end + 1, reader.line_num
            shape_errors.append((start, f"is not valid CSV ({exc})"))
            continue
        start, end = end + 1, reader.line_num
        numbered.append((start, cells))
    return numbered, shape_errors


def _from_text(text: str, name: str, encoding: str) -> Table:
    delimiter = _delimiter(text.partition("\n")[0])
    # Lift the csv module's 128 KiB field limit while reading, so that an oversized
    # field reaches the size check that names it; the previous limit is restored.
    previous_limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
        table = _simple_split(text, delimiter, name, encoding)
        if table is None:
            table = _from_csv_rows(text, delimiter, name, encoding)
            table.has_controls = find_control(text) is not None
    finally:
        csv.field_size_limit(previous_limit)
    return table


def _from_csv_rows(text: str, delimiter: str, name: str, encoding: str) -> Table:
    numbered, shape_errors = _csv_rows(text, delimiter)
    headers: list[str] | None = None
    good: list[list[str]] = []
    lines: list[int] = []
    for line, cells in numbered:
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if headers is None:
            headers = [h.strip() for h in cells]
            continue
        if len(cells) != len(headers):
            shape_errors.append(
                (line, f"has {len(cells)} fields, the header has {len(headers)}")
            )
            continue
        good.append(cells)
        lines.append(line)
    shape_errors.sort()
    headers = headers or []
    columns = _split_columns(good, len(headers)) if good else [[] for _ in headers]
    return Table(headers, columns, lines, name, encoding, True, False, shape_errors)


_FIELD_LIMIT = 1 << 30


def _from_frame(frame: pd.DataFrame, name: str) -> Table:
    headers = [str(c) for c in frame.columns]
    columns = [frame.iloc[:, i].tolist() for i in range(len(headers))]
    lines = list(range(1, len(frame) + 1))
    return Table(headers, columns, lines, name, "memory", False, True, [])


def _from_dicts(records: Iterable[Any], name: str) -> Table:
    items = list(records)
    headers: dict[str, None] = {}
    shape_errors: list[tuple[int, str]] = []
    good: list[Mapping[Any, Any]] = []
    lines: list[int] = []
    for index, item in enumerate(items, 1):
        if isinstance(item, Mapping):
            headers.update(dict.fromkeys(str(k) for k in item))
            good.append(item)
            lines.append(index)
        else:
            shape_errors.append((index, f"expected a dict, got {type(item).__name__}"))
    columns = [[item.get(column) for item in good] for column in headers]
    return Table(
        list(headers), columns, lines, name, "memory", False, True, shape_errors
    )


CrmSource = TextSource | pd.DataFrame | Iterable[Mapping[str, Any]]
"""What ``read_crm`` reads: a CSV path or file, a DataFrame, or dicts."""


def load_table(source: CrmSource, source_name: str | None) -> Table:
    """Read any accepted CRM source into a :class:`Table`."""
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, source_name or "<DataFrame>")
    if is_file_source(source):
        decoded = read_text(source, source_name)
        table = _from_text(decoded.text, decoded.name, decoded.encoding)
        table.repairs = decoded.repairs()
        return table
    if isinstance(source, Mapping | bytes | bytearray) or not isinstance(
        source, Iterable
    ):
        raise ConfigurationError(
            f"read_crm cannot read a {type(source).__name__}: pass a CSV path or file, "
            "a pandas DataFrame or an iterable of dicts"
        )
    return _from_dicts(source, source_label(source, source_name or "<records>"))

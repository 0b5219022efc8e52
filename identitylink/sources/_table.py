"""A CRM input as a header and numbered rows, whatever it came as.

CSV files are parsed with the ``csv`` module (delimiter taken from the header line:
comma, semicolon, tab or pipe); DataFrames and iterables of dicts are read as they are.
Each row carries its line number (CSV) or its 1-based record number (in memory).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from identitylink.exceptions import ConfigurationError
from identitylink.sources._collect import find_control
from identitylink.sources._text_io import (
    TextSource,
    is_file_source,
    read_text,
    source_label,
)

__all__ = ["CrmSource", "Table", "iter_column", "load_table"]


@dataclass
class Table:
    """Header, rows as ``(line, cells)``, and where they came from."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    name: str
    encoding: str
    from_text: bool
    has_controls: bool
    shape_errors: list[tuple[int, str]]


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _from_text(text: str, name: str, encoding: str) -> Table:
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    shape_errors: list[tuple[int, str]] = []
    end = 0
    # Lift the csv module's 128 KiB field limit while reading, so that an oversized
    # field reaches the size check that names it; the previous limit is restored.
    previous_limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
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
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if headers is None:
                headers = [h.strip() for h in cells]
                continue
            if len(cells) != len(headers):
                shape_errors.append(
                    (start, f"has {len(cells)} fields, the header has {len(headers)}")
                )
                continue
            rows.append((start, cells))
    finally:
        csv.field_size_limit(previous_limit)
    has_controls = find_control(text) is not None
    return Table(headers or [], rows, name, encoding, True, has_controls, shape_errors)


_FIELD_LIMIT = 1 << 30


def _from_frame(frame: pd.DataFrame, name: str) -> Table:
    headers = [str(c) for c in frame.columns]
    rows = [
        (index, list(values))
        for index, values in enumerate(frame.itertuples(index=False, name=None), 1)
    ]
    return Table(headers, rows, name, "memory", False, True, [])


def _from_dicts(records: Iterable[Any], name: str) -> Table:
    items = list(records)
    headers: dict[str, None] = {}
    shape_errors: list[tuple[int, str]] = []
    for index, item in enumerate(items, 1):
        if isinstance(item, Mapping):
            headers.update(dict.fromkeys(str(k) for k in item))
        else:
            shape_errors.append((index, f"expected a dict, got {type(item).__name__}"))
    columns = list(headers)
    rows = [
        (index, [_get(item, column) for column in columns])
        for index, item in enumerate(items, 1)
        if isinstance(item, Mapping)
    ]
    return Table(columns, rows, name, "memory", False, True, shape_errors)


def _get(item: Mapping[Any, Any], column: str) -> Any:
    return item.get(column)


CrmSource = TextSource | pd.DataFrame | Iterable[Mapping[str, Any]]
"""What ``read_crm`` reads: a CSV path or file, a DataFrame, or dicts."""


def load_table(source: CrmSource, source_name: str | None) -> Table:
    """Read any accepted CRM source into a :class:`Table`."""
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, source_name or "<DataFrame>")
    if is_file_source(source):
        decoded = read_text(source, source_name)
        return _from_text(decoded.text, decoded.name, decoded.encoding)
    if isinstance(source, Mapping | bytes | bytearray) or not isinstance(
        source, Iterable
    ):
        raise ConfigurationError(
            f"read_crm cannot read a {type(source).__name__}: pass a CSV path or file, "
            "a pandas DataFrame or an iterable of dicts"
        )
    return _from_dicts(source, source_label(source, source_name or "<records>"))


def iter_column(table: Table, index: int) -> Iterator[Any]:
    """The cells of one column, in row order."""
    for _, cells in table.rows:
        yield cells[index]

"""``read_crm``: a CRM export (CSV, DataFrame or dicts) to :class:`Customer` records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from identitylink._gc import gc_paused
from identitylink.exceptions import ConfigurationError
from identitylink.records import Customer, ReadResult
from identitylink.sources._collect import ErrorCollector
from identitylink.sources._column_read import (
    CUSTOMER_COLUMNS,
    ColumnRead,
    birth_columns,
)
from identitylink.sources._columns import MappingSource, detect_columns, load_mapping
from identitylink.sources._customers import Located, build_customers, customer_columns
from identitylink.sources._dates import DateOrder, infer_day_first
from identitylink.sources._spreadsheet import refuse_workbook
from identitylink.sources._sql import (
    DatabaseSource,
    read_sql_table,
)
from identitylink.sources._table import CrmSource, Table, load_table
from identitylink.types import ErrorMode

__all__ = ["read_crm", "read_crm_columns"]


def read_crm(
    source: CrmSource | DatabaseSource,
    mapping: MappingSource | None = None,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
    table: str | None = None,
    schema: str | None = None,
) -> ReadResult[Customer]:
    """Read CRM customers from a CSV file, a pandas DataFrame, an iterable of dicts,
    or a table of a database.

    Args:
        source: a path or an open file (CSV with a header; UTF-8 or a detected
            encoding), a :class:`pandas.DataFrame`, or an iterable of dicts.
        mapping: ``None`` to recognise common headers, or a
            :class:`~identitylink.ColumnMapping`, a dict of the same shape, or the
            path of a JSON file holding one.
        errors: ``"raise"`` stops at the first bad record with
            :class:`~identitylink.InvalidRecordError`; ``"collect"`` skips bad records
            and reports each once in :attr:`ReadResult.errors`.
        source_name: the name used in errors (default: the path or stream name).
        table: read this table of the database ``source`` names: an SQLAlchemy
            URL (``"postgresql+psycopg://..."``, ``"sqlite:///crm.db"``), engine or
            connection (``schema``: its schema). Cells are read as text.

    Returns:
        The customers, the errors, and in ``columns`` the column used for each field.

    Raises:
        ConfigurationError: the mapping is invalid or names a column the input lacks,
            or (without a mapping) no id or no name column can be recognised.
        EmptyInputError: no records at all (with ``errors="raise"``).
        EncodingError: the file is neither UTF-8 nor a detectable encoding.
        InputError: the path names a spreadsheet workbook (``.xlsx``, ``.xls``,
            ``.ods``): export the sheet as CSV.
    """
    refuse_workbook(source)
    if table is not None or isinstance(source, DatabaseSource):
        if table is None:
            raise ConfigurationError("read_crm from a database needs table=")
        frame, named = read_sql_table(source, table, schema)
        return _read_crm(frame, mapping, errors, source_name or named)
    return _read_crm(source, mapping, errors, source_name)


@dataclass
class _Checked:
    """A CRM table loaded and its mapping located, before any row is built."""

    table: Table
    collector: ErrorCollector
    columns: dict[str, str]
    located: Located | None = None
    date_format: str | None = None
    order: DateOrder = "by-country"


def _load(
    source: CrmSource,
    mapping: MappingSource | None,
    errors: ErrorMode,
    source_name: str | None,
) -> _Checked:
    """The table, its mapping located and its mojibake repaired; ``located`` is
    None when there is nothing to build (no header, or no data row)."""
    with gc_paused():
        table = load_table(source, source_name)
    repairs = table.repairs
    if repairs is not None:
        repairs.fix_headers(table.headers)
    collector = ErrorCollector(table.name, errors)
    if not table.headers:
        collector.empty("the input is empty")
        return _Checked(table, collector, {})
    spec = load_mapping(mapping) if mapping is not None else None
    columns: dict[str, str] = (
        {str(field): column for field, column in spec.columns.items()}
        if spec is not None
        else detect_columns(table.headers, table.name)
    )
    located = Located(table, columns)
    if repairs is not None and repairs.marked:
        named = {index: field for field, index in located.of.items()}
        fields = [named.get(i, header) for i, header in enumerate(table.headers)]
        id_column = located.of.get("customer_id")
        repairs.fix_rows(table.columns, table.lines, fields, id_column)
    for line, reason in table.shape_errors:
        collector.add(reason, line=line)
    if not table.count:
        if not table.shape_errors:
            collector.empty("has a header but no records")
        return _Checked(table, collector, columns)
    order: DateOrder = "by-country"
    if "birth_date" in located.of and (spec is None or spec.date_format is None):
        # Only the text cells: a cell of a DataFrame or dict may be unhashable.
        column = table.columns[located.of["birth_date"]]
        order = infer_day_first({v for v in column if type(v) is str})
    date_format = spec.date_format if spec else None
    return _Checked(table, collector, columns, located, date_format, order)


def _notes(checked: _Checked) -> dict[str, Any]:
    """The ReadResult / ColumnRead fields after the rows: source, errors, notes."""
    table, collector = checked.table, checked.collector
    repairs = table.repairs
    notes: dict[str, Any] = {
        "errors": collector.errors,
        "source": table.name,
        "columns": dict(checked.columns),
        "kind": "crm",
        "encoding": _encoding(table),
        "warnings": collector.warnings,
    }
    if repairs is not None:
        notes["warnings"] = repairs.merged(collector.warnings)
        notes["repaired_values"] = repairs.repaired
        notes["suspect_values"] = repairs.suspect
        notes["recoded_lines"] = repairs.recoded
    return notes


def _read_crm(
    source: CrmSource,
    mapping: MappingSource | None,
    errors: ErrorMode,
    source_name: str | None,
) -> ReadResult[Customer]:
    """:func:`read_crm` of a file, a DataFrame or dicts."""
    checked = _load(source, mapping, errors, source_name)
    records: list[Customer] = []
    if checked.located is not None:
        with gc_paused():
            records = build_customers(
                checked.table,
                checked.located,
                checked.collector,
                checked.date_format,
                checked.order,
            )
    return ReadResult(records, **_notes(checked))


def read_crm_columns(
    source: CrmSource | DatabaseSource,
    mapping: MappingSource | None = None,
    *,
    errors: ErrorMode = "raise",
    source_name: str | None = None,
    table: str | None = None,
    schema: str | None = None,
) -> ColumnRead:
    """:func:`read_crm` as columns: the same customers, errors and warnings, in a
    :class:`~identitylink.ColumnRead` (no :class:`~identitylink.Customer` object
    per row). ``source`` is a path, an open file, a DataFrame or dicts; the
    arguments are those of :func:`read_crm`. Built for batch linking:
    :meth:`Linker.link <identitylink.Linker.link>` takes the result as is.

    Raises:
        The errors :func:`read_crm` raises.
    """
    refuse_workbook(source)
    if table is not None or isinstance(source, DatabaseSource):
        if table is None:
            raise ConfigurationError("read_crm_columns from a database needs table=")
        source, named = read_sql_table(source, table, schema)
        source_name = source_name or named
    checked = _load(source, mapping, errors, source_name)
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in CUSTOMER_COLUMNS})
    attributes: pd.DataFrame | None = None
    if checked.located is not None:
        with gc_paused():
            fields, extras = customer_columns(
                checked.table,
                checked.located,
                checked.collector,
                checked.date_format,
                checked.order,
            )
        births = birth_columns(fields.pop("birth_date"))
        frame = pd.DataFrame(
            {k: _objects(v) for k, v in fields.items()} | births, copy=False
        )
        if extras:
            attributes = pd.DataFrame(
                {header: _objects(values) for header, values in extras}, copy=False
            )
    return ColumnRead(frame, attributes=attributes, **_notes(checked))


def _objects(values: list[Any]) -> npt.NDArray[np.object_]:
    """A list as an object array, element for element (tuples stay tuples)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _encoding(table: Table) -> str | None:
    return table.encoding if table.from_text else None

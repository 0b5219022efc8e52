"""Bulk writes for the store: many rows in few statements, in one transaction.

SQLite gets the driver's ``executemany`` (values converted as SQLAlchemy's SQLite
types would store them, without SQLAlchemy's per-row processing). PostgreSQL gets
``COPY``: straight into the table, or into a temporary table and from there in one
``INSERT ... SELECT ... ON CONFLICT`` statement. Rows are written in key order so that
concurrent writers lock rows in the same order and never deadlock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

__all__ = ["copy_rows", "upsert"]

_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
_DATETIME_COLUMNS = frozenset({"first_seen_at", "fetched_at"})
_JSON_COLUMNS = frozenset({"cached_data"})


def copy_rows(
    session: Session,
    dialect: str,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Append ``rows`` to ``table`` (no conflict handling): ``COPY`` on PostgreSQL."""
    if not rows:
        return
    if dialect != "postgresql":
        _sqlite_upsert(session, table, columns, rows, (), (), None)
        return
    raw = session.connection().connection.driver_connection
    with (
        raw.cursor() as cursor,  # type: ignore[union-attr]  # psycopg connection
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row])


@lru_cache(maxsize=4096)
def _sqlite_datetime(value: datetime) -> str:
    return value.astimezone(UTC).strftime(_SQLITE_DATETIME)


def _sqlite_converter(column: str) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite types would store a value of ``column``, if not as is."""
    if column in _DATETIME_COLUMNS:
        return lambda v: None if v is None else _sqlite_datetime(v)
    if column in _JSON_COLUMNS:
        return lambda v: None if v is None else json.dumps(v)
    return None


def _on_conflict(
    table: str,
    keys: Sequence[str],
    update: Sequence[str],
    only_if_null: str | None,
    differs: str,
) -> str:
    """The ``ON CONFLICT`` clause: update changed rows only, or skip; "" if no keys.

    ``differs`` is the dialect's null-safe "not equal" as a template (``IS NOT`` on
    SQLite, ``IS DISTINCT FROM`` on text on PostgreSQL, where JSON has no equality):
    a rerun on unchanged data writes nothing.
    """
    if not keys:
        return ""
    target = f" ON CONFLICT ({', '.join(keys)})"
    if not update:
        return f"{target} DO NOTHING"
    sets = ", ".join(f"{c} = excluded.{c}" for c in update)
    changed = " OR ".join(
        differs.format(old=f"{table}.{c}", new=f"excluded.{c}") for c in update
    )
    where = f"({changed})"
    if only_if_null:
        where = f"{table}.{only_if_null} IS NULL AND {where}"
    return f"{target} DO UPDATE SET {sets} WHERE {where}"


def _sqlite_upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    keys: Sequence[str],
    update: Sequence[str],
    only_if_null: str | None,
) -> None:
    # The driver's executemany, bypassing per-row SQLAlchemy processing (the values
    # are converted as SQLAlchemy's SQLite types would convert them).
    on_conflict = _on_conflict(table, keys, update, only_if_null, "{old} IS NOT {new}")
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}){on_conflict}"
    )
    converters = [(i, _sqlite_converter(c)) for i, c in enumerate(columns)]
    converting = [(i, f) for i, f in converters if f is not None]

    def convert(row: tuple[Any, ...]) -> Sequence[Any]:
        if not converting:
            return row
        out = list(row)
        for i, f in converting:
            out[i] = f(out[i])
        return out

    raw = session.connection().connection.driver_connection
    cursor = raw.cursor()  # type: ignore[union-attr]  # sqlite3 connection
    try:
        cursor.executemany(sql, map(convert, rows))
    finally:
        cursor.close()


def _pg_copy_upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    keys: Sequence[str],
    update: Sequence[str],
    only_if_null: str | None,
) -> None:
    stage = f"_identitylink_stage_{table}"
    cols = ", ".join(columns)
    on_conflict = _on_conflict(
        table, keys, update, only_if_null, "{old}::text IS DISTINCT FROM {new}::text"
    )
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]  # psycopg connection
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} "
            f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [json.dumps(v) if isinstance(v, dict) else v for v in row]
                )
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} "
            f"ORDER BY {', '.join(keys)}{on_conflict}"
        )
        cursor.execute(f"DROP TABLE {stage}")


def upsert(
    session: Session,
    dialect: str,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    keys: Sequence[str],
    update: Sequence[str] = (),
    only_if_null: str | None = None,
) -> None:
    """Insert ``rows`` (sorted by key); on a key conflict update ``update`` or skip.

    ``only_if_null`` names a column of the stored row that must be NULL for the
    update to happen. PostgreSQL stages the rows with ``COPY`` into a temporary
    table and inserts from there in one statement; SQLite uses ``executemany``.
    """
    if not rows:
        return
    if dialect == "postgresql":
        _pg_copy_upsert(session, table.name, columns, rows, keys, update, only_if_null)
        return
    _sqlite_upsert(session, table.name, columns, rows, keys, update, only_if_null)

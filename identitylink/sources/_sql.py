"""A CRM table in a database, read through SQLAlchemy into a DataFrame.

``read_crm(engine_or_url, table="customers")`` reads the table whole (what a CRM
export would hold) and then goes the DataFrame path: column recognition or a
mapping, the same checks, the same errors. Cells come as text, like a CSV's
(dates as ISO dates), so that a numeric id keeps no ``.0`` and a ``DATE`` column
parses like one written out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, SQLAlchemyError

from identitylink.exceptions import ConfigurationError, InputError

__all__ = ["DatabaseSource", "read_sql_table"]

DatabaseSource = Engine | Connection
"""A database ``read_crm(..., table=)`` reads besides a URL."""


def _cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        has_time = value.time() != dt.time(0)
        return value.isoformat() if has_time else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sql_table(
    source: object, table: str, schema: str | None = None
) -> tuple[pd.DataFrame, str]:
    """The rows of ``table`` as a DataFrame of text cells, and a name for errors.

    Raises:
        ConfigurationError: ``source`` is no URL, engine or connection; the URL is
            not valid, or its driver is not installed.
        InputError: the table does not exist or cannot be read.
    """
    if not isinstance(source, str | Engine | Connection):
        raise ConfigurationError(
            f"read_crm(table={table!r}) reads a database: pass its SQLAlchemy URL, "
            f"engine or connection, not a {type(source).__name__}"
        )
    engine: Engine | Connection
    if isinstance(source, str):
        try:
            url = make_url(source)
            engine = create_engine(url)
        except (ArgumentError, ImportError) as exc:
            raise ConfigurationError(
                f"database URL {source!r} is not usable: {exc}"
            ) from exc
        label = url.render_as_string(hide_password=True)
    else:
        engine = source
        bind = source.engine if isinstance(source, Connection) else source
        label = bind.url.render_as_string(hide_password=True)
    name = f"{label}#{schema + '.' if schema else ''}{table}"
    try:
        frame = pd.read_sql_table(table, engine, schema=schema)
    except (ValueError, NoSuchTableError) as exc:
        raise InputError(f"{name}: no such table ({exc})") from exc
    except SQLAlchemyError as exc:
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise InputError(f"{name}: cannot read the table ({message})") from exc
    finally:
        if isinstance(source, str) and isinstance(engine, Engine):
            engine.dispose()
    text = pd.DataFrame(
        {str(c): [_cell(v) for v in frame[c].tolist()] for c in frame.columns},
        dtype=object,
    )
    return text, name

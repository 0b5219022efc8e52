"""Engines and sessions: the one boundary where SQLAlchemy errors become ours."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as _sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from identitylink.exceptions import (
    ConfigurationError,
    DuplicateLinkError,
    SchemaOutdatedError,
    StorageError,
)
from identitylink.settings import IdentityLinkSettings

__all__ = ["core_rows", "make_engine", "session_scope", "translate_error"]

_SQLITE_BUSY_TIMEOUT_S = 60.0
_READ_ONLY = "identitylink_read_only"

_MISSING_TABLE_MARKERS = ("no such table", "undefinedtable")


def make_engine(
    database: IdentityLinkSettings | str | Engine, **engine_options: Any
) -> Engine:
    """An SQLAlchemy engine for settings, an URL, or an engine passed through.

    SQLite connections get foreign keys switched on, a generous busy timeout and
    ``BEGIN IMMEDIATE`` transactions (so concurrent writers wait their turn instead
    of failing); file databases use write-ahead logging with ``synchronous=NORMAL``
    (safe against crashes of the process; a power loss may lose the last commits).
    """
    if isinstance(database, Engine):
        return database
    url_text = (
        database.database_url
        if isinstance(database, IdentityLinkSettings)
        else database
    )
    try:
        url = make_url(url_text)
    except ArgumentError as exc:
        raise ConfigurationError(f"database URL {url_text!r} is not valid") from exc
    if url.get_backend_name() == "sqlite":
        connect_args = dict(engine_options.pop("connect_args", {}))
        connect_args.setdefault("timeout", _SQLITE_BUSY_TIMEOUT_S)
        engine = _sa_create_engine(url, connect_args=connect_args, **engine_options)
        _configure_sqlite(engine, in_memory=url.database in (None, "", ":memory:"))
        return engine
    try:
        return _sa_create_engine(url, **engine_options)
    except (ImportError, ArgumentError) as exc:
        raise ConfigurationError(
            f"cannot use database URL {url.render_as_string()!r}: {exc}"
        ) from exc


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: big runs touch big indexes
        if not in_memory:
            # WAL with synchronous=NORMAL cannot corrupt and survives a killed
            # process; only the last commits may be lost if the machine loses power.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A read-only session takes no write lock: WAL readers run beside the
        # one writer instead of queueing behind it.
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def translate_error(exc: SQLAlchemyError) -> StorageError:
    """The :class:`~identitylink.StorageError` for an SQLAlchemy error."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if any(marker in message.lower() for marker in _MISSING_TABLE_MARKERS) or (
        type(getattr(exc, "orig", None)).__name__ == "UndefinedTable"
    ):
        return SchemaOutdatedError(
            f"the database schema is missing or outdated ({message}): "
            "run `identitylink db upgrade`"
        )
    if isinstance(exc, IntegrityError) and "links" in message:
        return DuplicateLinkError(f"the link exists already: {message}")
    return StorageError(f"database error: {message}")


_SESSIONS: weakref.WeakKeyDictionary[Engine, tuple[sessionmaker[Session], ...]] = (
    weakref.WeakKeyDictionary()
)


def _sessions(engine: Engine) -> tuple[sessionmaker[Session], ...]:
    """The engine's session makers, read-write then read-only, made once: an
    identify call opens a session each time, and building the read-only engine
    view and a maker per call is a measurable part of it."""
    found = _SESSIONS.get(engine)
    if found is None:
        read_only = engine.execution_options(**{_READ_ONLY: True})
        found = (
            sessionmaker(bind=engine, expire_on_commit=False),
            sessionmaker(bind=read_only, expire_on_commit=False),
        )
        _SESSIONS[engine] = found
    return found


def core_rows(session: Session, statement: Any, params: dict[str, Any]) -> list[Any]:
    """The rows of a Core ``statement`` on the session's connection: plain rows,
    no ORM objects, for the reads an identify call makes many times a second.
    Pending ORM changes are flushed first, as an ORM query would."""
    if session.autoflush:
        session.flush()  # a no-op on a clean session
    return list(session.connection().execute(statement, params))


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """A session that commits on success, rolls back on error, and always closes.

    SQLAlchemy errors raised inside (or while committing) come out as
    :class:`~identitylink.StorageError` with the original chained. With
    ``read_only`` (for a session that only reads), SQLite begins a plain deferred
    transaction instead of taking the write lock, so readers do not wait for
    each other or for a writer.
    """
    session = _sessions(engine)[read_only]()
    try:
        yield session
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        raise translate_error(exc) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

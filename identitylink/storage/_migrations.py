"""Alembic, shipped inside the package: upgrade a database and read its revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from identitylink.exceptions import ConfigurationError, SchemaOutdatedError
from identitylink.settings import IdentityLinkSettings
from identitylink.storage._engine import make_engine, translate_error

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "alembic_config",
    "check_schema",
    "current_revision",
    "head_revision",
    "upgrade_schema",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package.

    With an ``engine``, migrations run on a connection of that engine.
    """
    from alembic.config import Config  # imported late: only migrations need it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision this version of identitylink ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a migration
        raise SchemaOutdatedError("identitylink ships no migration: broken install")
    return head


@contextmanager
def _engine_for(database: IdentityLinkSettings | str | Engine) -> Iterator[Engine]:
    """The engine to use; one made here from settings or an URL is disposed after."""
    engine = make_engine(database)
    try:
        yield engine
    except SQLAlchemyError as exc:
        raise translate_error(exc) from exc
    finally:
        if engine is not database:
            engine.dispose()


def upgrade_schema(
    database: IdentityLinkSettings | str | Engine, revision: str = "head"
) -> str | None:
    """Create or upgrade the schema to ``revision``; return the revision reached.

    Raises:
        ConfigurationError: ``revision`` is not one this version ships, or the
            database is already past it (an upgrade never downgrades).
    """
    from alembic import command

    with _engine_for(database) as engine:
        _check_target(engine, revision)
        command.upgrade(alembic_config(engine), revision)
        return current_revision(engine)


def _check_target(engine: Engine, revision: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config())
    known = [r.revision for r in script.walk_revisions()][::-1]
    try:
        target = script.get_revision(revision)
    except CommandError as exc:
        raise ConfigurationError(
            f"unknown schema revision {revision!r}: this version of identitylink "
            f"ships {', '.join(known)} (or say head)"
        ) from exc
    current = current_revision(engine)
    past = target is not None and current in known
    if past and known.index(str(current)) > known.index(target.revision):
        raise ConfigurationError(
            f"the database schema is at {current}, past {target.revision}: "
            "`identitylink db upgrade` never downgrades"
        )


def current_revision(database: IdentityLinkSettings | str | Engine) -> str | None:
    """The database's schema revision, or ``None`` if it was never upgraded."""
    from alembic.runtime.migration import MigrationContext

    with _engine_for(database) as engine, engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_schema(database: IdentityLinkSettings | str | Engine) -> None:
    """Raise :class:`~identitylink.SchemaOutdatedError` unless the schema is at head."""
    current = current_revision(database)
    if current != head_revision():
        raise SchemaOutdatedError(
            f"the database schema is at {current or 'nothing'}, this version of "
            f"identitylink needs {head_revision()}: run `identitylink db upgrade`"
        )

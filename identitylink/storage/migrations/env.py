"""Alembic environment: one metadata for every identitylink table."""

from __future__ import annotations

import contextlib

from alembic import context
from sqlalchemy import Engine, create_engine

from identitylink.storage import (
    _interaction_models,  # noqa: F401  (the interaction log)
    _models,  # noqa: F401  (registers the tables)
    _suppression,  # noqa: F401  (the suppression list)
)
from identitylink.storage._base import Base

with contextlib.suppress(ImportError):
    from identitylink.storage import _consent_models  # noqa: F401  (consent tables)

target_metadata = Base.metadata


def _run(engine: Engine) -> None:
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


def _main() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no engine and no sqlalchemy.url given to Alembic")
        engine = create_engine(url)
    if context.is_offline_mode():
        raise RuntimeError("identitylink migrations run online only")
    _run(engine)


_main()

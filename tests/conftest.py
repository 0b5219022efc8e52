"""Fixtures shared by the store and consent tests: real databases.

``database_url`` gives an empty database on SQLite and on PostgreSQL; each
PostgreSQL test gets its own schema (a unique name, dropped afterwards) on the
server at ``IDENTITYLINK_TEST_PG_URL`` (default: the local trust-auth ``test``
database; ``off`` skips them). ``engine`` is that database upgraded by the shipped
migrations.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from identitylink.storage import make_engine, upgrade_schema

PG_URL = os.environ.get(
    "IDENTITYLINK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (SQLite file, or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if PG_URL == "off":
        pytest.skip("PostgreSQL tests switched off (IDENTITYLINK_TEST_PG_URL=off)")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on an empty database upgraded by the shipped migrations."""
    engine = make_engine(database_url)
    upgrade_schema(engine)
    yield engine
    engine.dispose()

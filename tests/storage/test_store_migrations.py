"""The shipped migrations build exactly the tables the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from identitylink import SchemaOutdatedError
from identitylink.storage import (
    check_schema,
    current_revision,
    head_revision,
    lookup_customer,
    make_engine,
    session_scope,
    upgrade_schema,
)
from identitylink.storage._base import Base


def test_upgrade_an_empty_database_to_head_without_drift(database_url: str) -> None:
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    assert upgrade_schema(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == []
    assert {"customers", "profiles", "link_runs", "decisions", "links"} <= tables
    assert {"audit_log", "consent_events"} <= tables


def test_upgrade_twice_is_harmless(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    assert upgrade_schema(database_url) == head_revision()
    check_schema(engine)
    engine.dispose()


def test_an_empty_database_is_reported_as_outdated(database_url: str) -> None:
    engine = make_engine(database_url)
    with pytest.raises(SchemaOutdatedError, match="identitylink db upgrade"):
        check_schema(engine)
    with (
        pytest.raises(SchemaOutdatedError, match="identitylink db upgrade"),
        session_scope(engine) as session,
    ):
        lookup_customer(session, "twitter", "1")
    engine.dispose()


def test_downgrade_to_base_removes_every_table(database_url: str) -> None:
    from alembic import command

    from identitylink.storage._migrations import alembic_config

    engine = make_engine(database_url)
    upgrade_schema(engine)
    command.downgrade(alembic_config(engine), "base")
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert tables <= {"alembic_version"}
    assert current_revision(database_url) is None

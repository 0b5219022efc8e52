"""Fixtures for the consent tests: events at fixed times, and real databases.

Ledger tests run on SQLite and on PostgreSQL through the ``database_url`` and
``engine`` fixtures of ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from identitylink.storage import session_scope

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the test body."""
    with session_scope(engine) as session:
        yield session

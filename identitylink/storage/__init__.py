"""Persistence of link runs, decisions, links, consent events and the audit log.

SQLAlchemy 2 on SQLite (the default) or PostgreSQL; Alembic migrations ship inside the
package. The caller owns the session: functions here take a ``Session`` and never
commit; :func:`session_scope` commits or rolls back at the edge.
"""

from __future__ import annotations

from identitylink.storage._engine import make_engine, session_scope
from identitylink.storage._migrations import (
    check_schema,
    current_revision,
    head_revision,
    upgrade_schema,
)
from identitylink.storage._runs import save_run

__all__ = [
    "check_schema",
    "current_revision",
    "head_revision",
    "make_engine",
    "save_run",
    "session_scope",
    "upgrade_schema",
]

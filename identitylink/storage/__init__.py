"""Persistence of link runs, decisions, links, consent events and the audit log.

SQLAlchemy 2 on SQLite (the default) or PostgreSQL; Alembic migrations ship inside the
package. The caller owns the session: functions here take a ``Session`` and never
commit.
"""

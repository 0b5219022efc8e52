"""Engines from settings or URLs, and the session boundary."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from identitylink import ConfigurationError, StorageError
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import make_engine, session_scope


def test_engine_from_settings_uses_the_database_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(IdentityLinkSettings(database_url=url))
    assert str(engine.url) == url
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_malformed_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="not valid"):
        make_engine("not a url at all")


def test_session_scope_commits_on_success(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with session_scope(engine) as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
        session.execute(text("INSERT INTO t VALUES (1)"))
    with session_scope(engine) as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()


def test_session_scope_translates_sqlalchemy_errors(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with (
        pytest.raises(StorageError, match="syntax") as caught,
        session_scope(engine) as session,
    ):
        session.execute(text("SELEC nonsense"))
    assert caught.value.__cause__ is not None
    engine.dispose()

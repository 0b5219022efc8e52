"""Settings come from arguments or IDENTITYLINK_* variables and refuse placeholders."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from identitylink.settings import IdentityLinkSettings


def test_defaults_to_a_local_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IDENTITYLINK_DATABASE_URL", raising=False)
    assert IdentityLinkSettings().database_url == "sqlite:///identitylink.db"


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDENTITYLINK_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("IDENTITYLINK_EMAIL_HASH_SALT", "0123456789abcdef-salt")
    settings = IdentityLinkSettings()
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.email_hash_salt is not None
    assert settings.email_hash_salt.get_secret_value() == "0123456789abcdef-salt"
    assert "0123456789abcdef" not in repr(settings)


@pytest.mark.parametrize("salt", ["changeme", "short"])
def test_placeholder_or_short_salts_are_refused(salt: str) -> None:
    with pytest.raises(ValidationError, match="email_hash_salt"):
        IdentityLinkSettings(email_hash_salt=salt)  # type: ignore[arg-type]

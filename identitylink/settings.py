"""Settings read from the environment (``IDENTITYLINK_*``), built by the caller.

Nothing here is instantiated at import: the CLI or the calling application builds an
:class:`IdentityLinkSettings` and passes it (or values from it) down.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["IdentityLinkSettings"]

_PLACEHOLDERS = frozenset(
    {"changeme", "change-me", "changethis", "secret", "salt", "password", "xxx"}
)


class IdentityLinkSettings(BaseSettings):
    """Configuration of identitylink, from arguments or ``IDENTITYLINK_*`` variables.

    ``database_url`` is an SQLAlchemy URL: ``sqlite:///identitylink.db`` (the default,
    a file next to the current directory) or
    ``postgresql+psycopg://user@host:5432/dbname``. ``email_hash_salt`` keys the
    salted hash the store keeps instead of e-mail addresses; without it no e-mail
    hash is stored. Placeholder salts (``changeme``...) and salts shorter than 16
    characters are refused. ``suppression_key`` keys the hashes of erased people's
    identifiers on the suppression list (a built-in key when unset: set one).

    The HTTP service (``identitylink serve``) reads the rest:
    ``answer_sla_minutes`` is the answer-time threshold of the SLA report;
    ``x_consumer_secret`` signs X webhooks (CRC and ``x-twitter-webhooks-signature``);
    ``meta_app_secret`` signs Meta webhooks (``X-Hub-Signature-256``) and the
    data-deletion ``signed_request``; ``meta_verify_token`` answers Meta's
    ``hub.challenge``; ``meta_app_id`` names the scope of app-scoped Facebook ids
    (``app:<id>``); ``public_url`` is the service's address as the platforms see it
    (for the data-deletion status URL; else the request's own); a webhook body over
    ``webhook_max_bytes`` is refused. A webhook whose secret is unset answers 503.
    """

    model_config = SettingsConfigDict(
        env_prefix="IDENTITYLINK_", extra="ignore", frozen=True
    )

    database_url: str = Field(default="sqlite:///identitylink.db", min_length=1)
    email_hash_salt: SecretStr | None = None
    suppression_key: SecretStr | None = None
    batch_size: int = Field(default=10_000, ge=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    answer_sla_minutes: float = Field(default=30.0, gt=0)
    x_consumer_secret: SecretStr | None = None
    meta_app_secret: SecretStr | None = None
    meta_verify_token: SecretStr | None = None
    meta_app_id: str | None = None
    public_url: str | None = None
    webhook_max_bytes: int = Field(default=1_048_576, ge=1)

    @field_validator("email_hash_salt")
    @classmethod
    def _reject_placeholder_salt(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if secret.strip().lower() in _PLACEHOLDERS:
            raise ValueError("email_hash_salt is a placeholder: set a real secret")
        if len(secret) < 16:
            raise ValueError("email_hash_salt must be at least 16 characters long")
        return value

"""A service over a real database (SQLite and PostgreSQL), with test secrets.

``client`` is FastAPI's TestClient on :func:`identitylink.service.create_app`;
``signed_x`` / ``signed_meta`` post a fixture from ``tests/data/webhooks`` with a
valid signature.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from service_helpers import META_SECRET, META_VERIFY, X_SECRET
from sqlalchemy import Engine

from identitylink.service import create_app, meta_signature, x_signature
from identitylink.settings import IdentityLinkSettings


@pytest.fixture
def settings(engine: Engine) -> IdentityLinkSettings:
    return IdentityLinkSettings(
        database_url=engine.url.render_as_string(hide_password=False),
        x_consumer_secret=X_SECRET,  # type: ignore[arg-type]  # pydantic coerces
        meta_app_secret=META_SECRET,  # type: ignore[arg-type]
        meta_verify_token=META_VERIFY,  # type: ignore[arg-type]
        meta_app_id="13090192",
        public_url="https://crm.example",
        webhook_max_bytes=64_000,
    )


@pytest.fixture
def client(settings: IdentityLinkSettings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client


Poster = Callable[..., Any]


@pytest.fixture
def signed_x(client: TestClient) -> Poster:
    def post(body: dict[str, Any] | bytes, *, secret: str = X_SECRET) -> Any:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return client.post(
            "/webhooks/x",
            content=raw,
            headers={
                "content-type": "application/json",
                "x-twitter-webhooks-signature": x_signature(secret, raw),
            },
        )

    return post


@pytest.fixture
def signed_meta(client: TestClient) -> Poster:
    def post(body: dict[str, Any] | bytes, *, secret: str = META_SECRET) -> Any:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return client.post(
            "/webhooks/meta",
            content=raw,
            headers={
                "content-type": "application/json",
                "x-hub-signature-256": meta_signature(secret, raw),
            },
        )

    return post

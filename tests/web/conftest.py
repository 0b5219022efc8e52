"""Fixtures for the review page: a seeded database and the app's test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from web_data import reviewers, seeded_database

from identitylink.web import create_review_app


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Engine]:
    engine = seeded_database(tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def client(seeded: Engine) -> Iterator[TestClient]:
    app = create_review_app(seeded, reviewers=reviewers(), secret_key="test-secret")
    with TestClient(app) as test_client:
        yield test_client

"""Logging in and reading CSRF tokens, for the review page's tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_data import PASSWORDS


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, name: str = "ana") -> str:
    """Log ``name`` in; the CSRF token of the new session."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORDS[name], "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)

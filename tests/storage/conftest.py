"""Fixtures for the store; the databases (``database_url``, ``engine``) come from
``tests/conftest.py``."""

from __future__ import annotations

from store_factories import make_result

__all__ = ["make_result"]

"""Secrets sent in query strings never reach the access log."""

from __future__ import annotations

import logging

from identitylink.service._logging import RedactSecrets, redact


def test_verify_token_and_crc_token_are_redacted() -> None:
    path = "/webhooks/meta?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=1"
    assert redact(path) == (
        "/webhooks/meta?hub.mode=subscribe&hub.verify_token=***&hub.challenge=1"
    )
    assert redact("/webhooks/x?crc_token=abc") == "/webhooks/x?crc_token=***"


def test_the_filter_rewrites_uvicorn_access_records() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/webhooks/meta?hub.verify_token=s3cret", "1.1", 200),
        None,
    )
    assert RedactSecrets().filter(record)
    assert "s3cret" not in record.getMessage()

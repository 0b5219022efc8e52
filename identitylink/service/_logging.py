"""Keep secrets out of access logs: Meta sends its verify token in the query string."""

from __future__ import annotations

import logging
import re

__all__ = ["RedactSecrets", "redact"]

_SECRET_PARAMS = re.compile(r"((?:hub\.verify_token|crc_token)=)[^&\s]*", re.I)


def redact(text: str) -> str:
    """``text`` with the values of ``hub.verify_token`` and ``crc_token`` hidden."""
    return _SECRET_PARAMS.sub(r"\1***", text)


class RedactSecrets(logging.Filter):
    """A logging filter that redacts secret query parameters in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact(a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True

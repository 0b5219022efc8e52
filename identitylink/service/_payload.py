"""Reading fields out of a webhook body, with errors naming the source and field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from identitylink.exceptions import InputError

__all__ = ["PayloadReader"]


class PayloadReader:
    """Dotted-path access to one platform's webhook bodies (``"message.mid"``)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def get(self, data: Any, path: str, where: str) -> Any:
        """The value at ``path``; :class:`InputError` when a step is missing."""
        value = data
        for name in path.split("."):
            if not isinstance(value, Mapping) or name not in value:
                raise InputError(f"{self.source}: {where}: field {path!r} is missing")
            value = value[name]
        return value

    def id(self, data: Any, path: str, where: str) -> str:
        """The id at ``path`` (a non-empty string or an integer), as text."""
        value = self.get(data, path, where)
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise InputError(f"{self.source}: {where}: field {path!r} is not an id")
        return str(value)

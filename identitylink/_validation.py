"""pydantic's ``ValidationError`` as one line that names each field."""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["one_line"]

_SHOWN = 3
_NO_INPUT = ("missing", "extra_forbidden", "value_error")


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def one_line(exc: ValidationError, *, limit: int = _SHOWN) -> str:
    """``field.path: message (got 'value'); ...``: the first ``limit`` errors, one line.

    The rest is counted (``and 2 more``); pydantic's help links are left out.
    """
    errors = exc.errors(include_url=False)
    parts = []
    for error in errors[:limit]:
        text = f"{_where(error['loc'])}: {error['msg']}"
        shown_input = error.get("input")
        if error["type"] not in _NO_INPUT and not isinstance(shown_input, dict | list):
            shown = repr(shown_input)
            text += f" (got {shown if len(shown) <= 40 else shown[:37] + '...'})"
        parts.append(text)
    if len(errors) > limit:
        parts.append(f"and {len(errors) - limit} more")
    return "; ".join(parts).replace("\n", " ")

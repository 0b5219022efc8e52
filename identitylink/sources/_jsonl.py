"""JSON Lines (or one JSON document) to numbered objects, bad lines reported once.

A file whose first line is not JSON by itself but whose whole text is (a saved,
pretty-printed API response, or an array of objects) is read as one document; its
records then have no line number. Python's ``json`` parses integers exactly, so a
numeric id above 2**53 keeps its digits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import repeat
from typing import Any

from identitylink.sources._collect import MAX_RECORD_CHARS, ErrorCollector, FieldProblem
from identitylink.sources._text_io import DecodedText

__all__ = ["check_size", "iter_objects"]

_ID_HINT = re.compile(r'"id(?:_str)?"\s*:\s*"?(\d{1,30})')
_decode = json.JSONDecoder().decode


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "null" if value is None else f"a {type(value).__name__}"


def iter_objects(
    decoded: DecodedText, collector: ErrorCollector
) -> Iterator[tuple[int | None, dict[str, Any], int]]:
    """Yield ``(line, object, size)``; report the lines that are not objects."""
    lines = decoded.text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        collector.empty("the file is empty")
        return
    try:
        _decode(lines[first])
    except (json.JSONDecodeError, RecursionError):
        whole = _whole_document(decoded.text)
        if whole is not None:
            items = whole if isinstance(whole, list) else [whole]
            for item in items:
                if isinstance(item, dict):
                    yield None, item, len(json.dumps(item))
                else:
                    collector.add(f"expected a JSON object, got {_kind(item)}")
            return
    parsed = _parse_all(lines)
    if parsed is not None:
        for number, value, size in parsed:
            if isinstance(value, dict):
                yield number, value, size
            else:
                reason = f"expected a JSON object, got {_kind(value)}"
                collector.add(reason, line=number)
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = _decode(line)
        except RecursionError:
            collector.add(
                "invalid JSON: nested too deeply", line=number, record_id=_hint(line)
            )
            continue
        except json.JSONDecodeError as exc:
            collector.add(
                f"invalid JSON at column {exc.colno}: {exc.msg.removesuffix(' at')}"
                + (" (truncated line?)" if exc.pos >= len(line.rstrip()) - 1 else ""),
                line=number,
                record_id=_hint(line),
            )
            continue
        if not isinstance(value, dict):
            collector.add(f"expected a JSON object, got {_kind(value)}", line=number)
            continue
        yield number, value, len(line)


def _parse_all(lines: list[str]) -> list[tuple[int, Any, int]] | None:
    """Every non-blank line parsed, a few thousand lines per ``json`` call.

    Each call parses a chunk of lines joined as the items of an array: faster than a
    call per line, and the parser then shares one string per distinct key within a
    chunk. It applies when each line is one complete object (checked by the braces
    at both ends and the item count); else None, and the lines are parsed one by one,
    so that errors name their line.
    """
    numbers = [i for i, line in enumerate(lines, 1) if line and not line.isspace()]
    kept = lines if len(numbers) == len(lines) else [lines[i - 1] for i in numbers]
    values: list[Any] = []
    for start in range(0, len(kept), _CHUNK):
        chunk = list(map(str.strip, kept[start : start + _CHUNK]))
        if not (
            all(map(str.startswith, chunk, repeat("{")))
            and all(map(str.endswith, chunk, repeat("}")))
        ):
            return None
        try:
            parsed = _decode("".join(("[", ",".join(chunk), "]")))
        except (json.JSONDecodeError, RecursionError):
            return None
        if len(parsed) != len(chunk):
            return None
        values += parsed
    return list(zip(numbers, values, map(len, kept), strict=True))


_CHUNK = 2048


def _hint(line: str) -> str | None:
    """The id a line that is not JSON seems to hold, for its error."""
    hint = _ID_HINT.search(line)
    return hint.group(1) if hint else None


def _whole_document(text: str) -> Any:
    try:
        return _decode(text)
    except (json.JSONDecodeError, RecursionError):
        return None


def check_size(size: int) -> None:
    """Refuse a record over :data:`MAX_RECORD_CHARS` (checked after its fields)."""
    if size > MAX_RECORD_CHARS:
        raise FieldProblem(
            None, f"record is {size:,} characters long (limit {MAX_RECORD_CHARS:,})"
        )

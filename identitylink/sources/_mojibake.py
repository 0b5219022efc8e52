"""Mojibake, found per line and repaired per value with ftfy.

UTF-8 text read as cp1252 or Latin-1 and saved as UTF-8 again ("LÃ¶vstrÃ¶m" for
"Lövström"), once or more, is what a CRM export holds in a few rows when one of the
systems it passed through had the wrong encoding set. It is repaired value by value
with ``ftfy``, which undoes the encoding steps only when the result is more
plausible text, so a real "SÃO PAULO" or "JOÃO" is left as it is.

Clean files never pay for ftfy: while the file is decoded, one scan of its bytes
(:func:`marked_lines`) names the lines holding a mojibake pair (a Latin-1 letter
followed by a character that a UTF-8 continuation byte becomes) or U+FFFD; only the
values of those lines are looked at. A value that still looks broken after the
repair (U+FFFD, bytes lost on the way) is kept as read and reported as a warning
with its line and field.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-1252" codec

from identitylink.records import RecordError

__all__ = ["TextRepairs", "marked_lines"]

# What UTF-8 continuation bytes (0x80-0xBF) become when read as cp1252 (Latin-1 for
# the five bytes cp1252 leaves undefined): the second character of every mojibake.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_CONTINUATION = "\u0080-\u00bf" + re.escape(_CP1252_HIGH)
_LEAD = "\u00c2-\u00f4"  # what UTF-8 lead bytes 0xC2-0xF4 become

# The same pair in the UTF-8 bytes of the file: a lead letter is C3 82..C3 B4; the
# continuation character is C2 80..C2 BF or one of cp1252's characters above U+00FF.
_MARK_BYTES = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|"
    + b"|".join(re.escape(c.encode()) for c in _CP1252_HIGH)
    + rb")"
)  # one literal first byte: the search skips ahead fast; U+FFFD is found apart
# ... and as JSON escapes (a writer with ensure_ascii): "\u00c3\u00a9", "\ufffd".
_ESCAPED = (
    r"\\u00(?:[cC][2-9a-fA-F]|[dDeE][0-9a-fA-F]|[fF][0-4])\\u(?:00[89abAB][0-9a-fA-F]|"
    + "|".join(f"{ord(c):04x}|{ord(c):04X}" for c in _CP1252_HIGH)
    + r")|\\u[fF]{3}[dD]"
)
_MARK_ESCAPED = re.compile(_ESCAPED.encode())
_REPLACEMENT = "\ufffd".encode()
_MARK_TEXT = re.compile(f"[{_LEAD}][{_CONTINUATION}]|\ufffd|{_ESCAPED}")
_MARK_VALUE = re.compile(f"[{_LEAD}][{_CONTINUATION}]|\ufffd")
_PAIR = re.compile(f"[{_LEAD}][{_CONTINUATION}]")
# What is left when a repair did not take: the commonest two-byte mojibake leads
# ("Ã©", "Å‚", "Ä‡", "Ð¸") before a continuation character, a three-byte lead before
# two ("á»…", "â€™", "ä¸­"), or a replacement character. Real text does not do this
# ("né·e" does not).
_BROKEN = re.compile(
    f"[ÂÃÄÅÎÏÐÑ][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}|\ufffd"
)

# Only the encoding steps of ftfy: quotes, ligatures, widths, HTML entities, line
# breaks and control characters are the file's own business.
_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


_Item = tuple[int | None, dict[str, Any], int]
"""A JSON reader's ``(line, object, size)``."""


def marked_lines(data: bytes | str) -> frozenset[int]:
    """The 1-based lines of a file's UTF-8 bytes (or its text) holding mojibake."""
    if isinstance(data, str):
        found = [m.start() for m in _MARK_TEXT.finditer(data)]
        newline: Any = "\n"
    else:
        found = [m.start() for m in _MARK_BYTES.finditer(data)]
        if _REPLACEMENT in data:
            found += [m.start() for m in re.finditer(_REPLACEMENT, data)]
        if b"\\u" in data:
            found += [m.start() for m in _MARK_ESCAPED.finditer(data)]
        found.sort()
        newline = b"\n"
    lines: set[int] = set()
    line, previous = 1, 0
    for position in found:
        line += data.count(newline, previous, position)
        previous = position
        lines.add(line)
    return frozenset(lines)


def repair(value: str) -> tuple[str, bool]:
    """``value`` with its mojibake undone, and whether it still looks broken.

    ftfy decides first. It is cautious with short values ("Ã…sa", "Nguyá»…n" hold
    too little evidence for it), so what still holds a mojibake pair is given the
    strict test the whole-file repair used to make: every character goes back to a
    byte (cp1252, or Latin-1 where cp1252 has none) and the bytes are valid UTF-8,
    layer after layer. A value that still looks broken is returned as it was.
    """
    fixed = ftfy.fix_encoding(value, _CONFIG)
    for _ in range(_MAX_LAYERS):
        if "\ufffd" in fixed or not _PAIR.search(fixed):
            break
        try:
            fixed = fixed.encode("sloppy-windows-1252").decode("utf-8")
        except UnicodeError:
            break
    if _BROKEN.search(fixed):
        return value, True
    return fixed, False


_MAX_LAYERS = 3


class TextRepairs:
    """The mojibake repairs of one file: counts, and warnings for what stays broken.

    ``recoded`` are the warnings of the decoder (lines that were not valid UTF-8),
    reported with the others.
    """

    def __init__(
        self, source: str, marked: frozenset[int], recoded: Sequence[RecordError] = ()
    ) -> None:
        self.source = source
        self.marked = marked
        self.repaired = 0
        """Values whose mojibake was repaired."""
        self.suspect = 0
        """Values that still look broken, kept as read (each is a warning)."""
        self.recoded = len(recoded)
        """Lines that were not valid UTF-8 and were read as cp1252 there."""
        self.warnings: list[RecordError] = list(recoded)
        self._seen: dict[str, tuple[str, bool]] = {}

    def value(
        self, value: str, line: int | None, field: str, record_id: str | None
    ) -> str:
        """``value`` repaired, counted, and reported when it stays broken."""
        if not _MARK_VALUE.search(value):
            return value
        known = self._seen.get(value)
        if known is None:
            known = self._seen[value] = repair(value)
        fixed, broken = known
        if broken:
            self.suspect += 1
            self.warnings.append(
                RecordError(
                    source=self.source,
                    line=line,
                    record_id=record_id,
                    field=field,
                    reason="looks like broken text (mojibake or a lost byte) that "
                    "cannot be repaired; kept as read",
                    value=value[:200],
                )
            )
        elif fixed != value:
            self.repaired += 1
        return fixed

    def fix_headers(self, headers: list[str]) -> None:
        """Repair a CSV header in place (checked whatever the marked lines)."""
        for index, header in enumerate(headers):
            headers[index] = self.value(header, 1, header, None)

    def fix_rows(
        self,
        columns: list[list[Any]],
        lines: Sequence[int],
        fields: Sequence[str],
        id_column: int | None,
    ) -> None:
        """Repair, in place, the cells of the rows starting on or holding a marked line.

        ``fields`` names each column in warnings; ``id_column`` gives the record id.
        """
        rows = {bisect_right(lines, line) - 1 for line in self.marked}
        rows.discard(-1)
        for row in sorted(rows):
            record_id = None
            if id_column is not None and isinstance(columns[id_column][row], str):
                record_id = columns[id_column][row].strip() or None
            for index, column in enumerate(columns):
                cell = column[row]
                if isinstance(cell, str):
                    column[row] = self.value(cell, lines[row], fields[index], record_id)

    def fix_objects(self, items: Iterable[_Item]) -> Iterable[_Item]:
        """Pass JSON objects through, repairing in place those on marked lines."""
        return self._fixing(items) if self.marked else items

    def _fixing(self, items: Iterable[_Item]) -> Iterator[_Item]:
        for line, record, size in items:
            if line is None or line in self.marked:
                hint = record.get("id_str", record.get("id"))
                record_id = str(hint)[:64] if isinstance(hint, str | int) else None
                self._fix_json(record, line, "", record_id)
            yield line, record, size

    def _fix_json(
        self, node: dict[str, Any] | list[Any], line: int | None, path: str, rid: Any
    ) -> None:
        items: Iterable[tuple[Any, Any]] = (
            node.items() if isinstance(node, dict) else enumerate(node)
        )
        for key, child in list(items):
            where = f"{path}.{key}" if path else str(key)
            if isinstance(child, str):
                node[key] = self.value(child, line, where, rid)
            elif isinstance(child, dict | list):
                self._fix_json(child, line, where, rid)

    def merged(self, warnings: Sequence[RecordError]) -> list[RecordError]:
        """The reader's warnings and these, in line order."""
        if not self.warnings:
            return list(warnings)
        return sorted([*warnings, *self.warnings], key=lambda w: w.line or 0)

"""Opening inputs: paths or file objects to decoded text, with the encoding reported.

UTF-8 (with or without a byte-order mark) and UTF-16 (with a mark or without) are
read as they are. A UTF-8 file with a few lines that are not valid UTF-8 stays UTF-8,
the stray bytes read as cp1252 and each such line reported. Any other file is tried
as cp1252, then handed to charset-normalizer; when no encoding fits, it is refused
with an :class:`~identitylink.exceptions.EncodingError` naming it. The lines that
hold mojibake are marked while decoding (see :mod:`._mojibake`), for the readers to
repair value by value.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeGuard

import charset_normalizer

from identitylink.exceptions import ConfigurationError, EncodingError, InputError
from identitylink.records import RecordError
from identitylink.sources._mojibake import TextRepairs, marked_lines

__all__ = ["DecodedText", "TextSource", "is_file_source", "read_text", "source_label"]

TextSource = str | os.PathLike[str] | IO[bytes] | IO[str]
"""What a reader accepts as a file: a path, or a binary or text file object."""


@dataclass(frozen=True)
class DecodedText:
    """A file's text, the name to report it under and the encoding it was read with."""

    text: str
    name: str
    encoding: str
    marked: frozenset[int] = frozenset()
    """Lines holding what looks like mojibake (see :func:`marked_lines`)."""
    recoded: tuple[tuple[int, str, str], ...] = ()
    """Lines that were not valid UTF-8: (line, reason, the text around the bytes)."""

    def repairs(self) -> TextRepairs:
        """A :class:`TextRepairs` for this file, holding the decoder's notes."""
        notes = [
            RecordError(source=self.name, line=line, reason=reason, value=value)
            for line, reason, value in self.recoded
        ]
        return TextRepairs(self.name, self.marked, notes)


def is_file_source(source: object) -> TypeGuard[TextSource]:
    """True for a path or an object with a ``read`` method."""
    return isinstance(source, str | os.PathLike) or hasattr(source, "read")


def source_label(source: object, source_name: str | None) -> str:
    """The name used in errors: ``source_name``, the path, or the stream's name."""
    if source_name is not None:
        return source_name
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode ``data``: UTF-8 (BOM optional), UTF-16, else a detected encoding.

    A UTF-8 file with a few lines that are not (a stray cp1252 byte) stays UTF-8:
    only the bytes that are not UTF-8 are read as cp1252, and each such line is
    reported. Only a file that no encoding decodes raises :class:`EncodingError`.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _decoded(data.decode("utf-16"), name, "utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: starts with a UTF-16 mark but {exc}") from exc
    else:
        encoding = "utf-8"
        if b"\x00" in data[:4096]:
            utf16 = _utf16_without_mark(data)
            if utf16 is not None:
                return _decoded(utf16[0], name, utf16[1])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return DecodedText(text, name, encoding, marked_lines(data))
    mixed = _mostly_utf8(data)
    if mixed is not None:
        text, recoded = mixed
        lines = f"{len(recoded)} line{'s' if len(recoded) > 1 else ''}"
        return _decoded(text, name, f"{encoding}, {lines} cp1252", recoded)
    # Windows-1252 is what most Western CRM exports that are not UTF-8 use, and
    # charset-normalizer often ranks a sibling code page first on short files: take
    # cp1252 when every byte decodes to something that reads like text.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_like_text(western):
        return _decoded(western, name, "cp1252")
    match = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if match is None or match.encoding in {"utf_8", "ascii"}:
        raise EncodingError(
            f"{name}: not valid UTF-8 (bad byte at offset {first_bad}) and no other "
            "text encoding fits; re-export it as UTF-8"
        )
    return _decoded(str(match), name, match.encoding)


def _decoded(
    text: str, name: str, encoding: str, recoded: tuple[tuple[int, str, str], ...] = ()
) -> DecodedText:
    return DecodedText(text, name, encoding, marked_lines(text), recoded)


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: every other byte of ASCII is zero."""
    head = data[:4096]
    if len(data) % 2 or head.count(0) * 4 < len(head):
        return None
    codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


# cp1252 for one byte; Latin-1 for the five bytes cp1252 leaves undefined.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_NOT_UTF8 = re.compile("[\udc80-\udcff]+")  # bytes kept by "surrogateescape"


def _mostly_utf8(data: bytes) -> tuple[str, tuple[tuple[int, str, str], ...]] | None:
    """A UTF-8 file with a few lines that are not: those bytes read as cp1252.

    It is one when more lines hold valid non-ASCII UTF-8 than lines that fail (a
    cp1252 file's accented lines all fail); else None, and the file is decoded
    as a whole. Each recoded line comes with a note and the text around the bytes.
    """
    text = data.decode("utf-8", "surrogateescape")
    runs = list(_NOT_UTF8.finditer(text))
    bad: dict[int, re.Match[str]] = {}
    line, previous = 1, 0
    for run in runs:
        line += text.count("\n", previous, run.start())
        previous = run.start()
        bad.setdefault(line, run)
    non_ascii = sum(1 for each in text.split("\n") if not each.isascii())
    if non_ascii - len(bad) < len(bad):
        return None
    notes = []
    for number, run in bad.items():
        raw = bytes(ord(c) - 0xDC00 for c in run.group())
        start = text.rfind("\n", 0, run.start()) + 1
        end = text.find("\n", run.end()) % (len(text) + 1)  # -1: the end
        around = text[max(start, run.start() - 20) : min(end, run.end() + 20)]
        fixed = _NOT_UTF8.sub(_as_cp1252, around).strip()
        reason = (
            f"is not valid UTF-8: byte{'s' if len(raw) > 1 else ''} "
            f"{raw.hex(' ').upper()} read as cp1252 ({_as_cp1252(run)!r})"
        )
        notes.append((number, reason, fixed))
    return _NOT_UTF8.sub(_as_cp1252, text), tuple(notes)


def _as_cp1252(run: re.Match[str]) -> str:
    return "".join(_CP1252[ord(c) - 0xDC00] for c in run.group())


# Legacy code pages seen in CRM exports; restricting charset-normalizer to them keeps
# it from reading a short file as an exotic code page.
_CANDIDATES = [
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_2",
    "iso8859_15",
    "koi8_r",
    "mac_roman",
    "cp850",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
]

# Characters a cp1252 decoding produces from another code page's letters: seeing one
# of them next to a letter means the guess is wrong ("Pawe³", "‚a").
_ODD_NEXT_TO_LETTER = frozenset("‚ƒ†‡ˆ‰‹›˜™¦¨¯¸¹²³¼½¾¤¬±¶µ÷×°£¥§©®")
# C1 controls, or four non-ASCII letters in a row ("Èâàí" is Cyrillic read as cp1252).
_ODD_ANYWHERE = re.compile(r"[\x80-\x9f]|[^\x00-\x7f\W\d_]{4}")


def _reads_like_text(text: str) -> bool:
    """Whether a cp1252 decoding looks like real text rather than another code page."""
    if _ODD_ANYWHERE.search(text):
        return False
    last = len(text) - 1
    for index, char in enumerate(text):
        if char.isascii() or char.isalpha():
            # An accented capital inside a lower-case word: "WiŸniak".
            if (
                char.isupper()
                and not char.isascii()
                and 0 < index < last
                and text[index - 1].islower()
                and text[index + 1].islower()
            ):
                return False
            continue
        if char in _ODD_NEXT_TO_LETTER and (
            (index > 0 and text[index - 1].isalpha())
            or (index < last and text[index + 1].isalpha())
        ):
            return False
    return True


def read_text(source: TextSource, source_name: str | None = None) -> DecodedText:
    """Read a path or a file object to text; see :func:`decode_bytes`."""
    name = source_label(source, source_name)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError(f"{name}: no such file") from exc
        except IsADirectoryError as exc:
            raise InputError(f"{name}: is a directory, not a file") from exc
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror})") from exc
        return decode_bytes(data, name)
    reader: Any = getattr(source, "read", None)
    if reader is None:
        raise ConfigurationError(
            f"cannot read {type(source).__name__}: pass a path or an open file"
        )
    content = reader()
    if isinstance(content, bytes):
        return decode_bytes(content, name)
    if isinstance(content, str):
        encoding = str(getattr(source, "encoding", None) or "text")
        return _decoded(content.removeprefix("\ufeff"), name, encoding)
    raise ConfigurationError(
        f"{name}: read() gave {type(content).__name__}, expected bytes or str"
    )

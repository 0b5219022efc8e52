"""Opening inputs: paths or file objects to decoded text, with the encoding reported.

UTF-8 (with or without a byte-order mark) is read as is. Anything else is handed to
charset-normalizer; when it finds no encoding that fits, the file is refused with an
:class:`~identitylink.exceptions.EncodingError` naming it, rather than read as mojibake.
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

__all__ = ["DecodedText", "TextSource", "is_file_source", "read_text", "source_label"]

TextSource = str | os.PathLike[str] | IO[bytes] | IO[str]
"""What a reader accepts as a file: a path, or a binary or text file object."""


@dataclass(frozen=True)
class DecodedText:
    """A file's text, the name to report it under and the encoding it was read with."""

    text: str
    name: str
    encoding: str


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


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data``: UTF-8 (BOM optional), UTF-16 with a BOM, else a detected one."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: starts with a UTF-16 mark but {exc}") from exc
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if ("Ã" not in text and "Â" not in text) or not _DOUBLE_ENCODED.search(text):
            return text, encoding
        return _undo_double_encoding(text, name), f"{encoding} (double-encoded)"
    # Windows-1252 is what most Western CRM exports that are not UTF-8 use, and
    # charset-normalizer often ranks a sibling code page first on short files: take
    # cp1252 when every byte decodes to something that reads like text.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_like_text(western):
        return western, "cp1252"
    match = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if match is None or match.encoding in {"utf_8", "ascii"}:
        raise EncodingError(
            f"{name}: not valid UTF-8 (bad byte at offset {first_bad}) and no other "
            "text encoding fits; re-export it as UTF-8"
        )
    return str(match), match.encoding


# UTF-8 bytes of an accented letter read as Latin-1/cp1252 and encoded again ("Ã©"
# for "é"): a capital A-circumflex or A-tilde followed by a character that UTF-8
# continuation bytes become. Real text (Portuguese "Ã" is followed by a letter) does
# not do this.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_DOUBLE_ENCODED = re.compile("[ÂÃ][\u0080-\u00bf" + re.escape(_CP1252_HIGH) + "]")


def _undo_double_encoding(text: str, name: str) -> str:
    """Repair text that was UTF-8, read as cp1252/Latin-1 and saved as UTF-8 again.

    Only a whole-file repair is safe: when some characters cannot go back to the
    bytes they came from, the file mixes encodings and is refused.
    """
    try:
        raw = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in text)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        found = _DOUBLE_ENCODED.search(text)
        at = text.count("\n", 0, found.start()) + 1 if found else 0
        raise EncodingError(
            f"{name}: line {at} holds {found.group() if found else ''!r}, UTF-8 "
            "text encoded twice, and the file cannot be repaired as a whole; "
            "re-export it as UTF-8"
        ) from None


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
        text, encoding = decode_bytes(data, name)
        return DecodedText(text, name, encoding)
    reader: Any = getattr(source, "read", None)
    if reader is None:
        raise ConfigurationError(
            f"cannot read {type(source).__name__}: pass a path or an open file"
        )
    content = reader()
    if isinstance(content, bytes):
        text, encoding = decode_bytes(content, name)
        return DecodedText(text, name, encoding)
    if isinstance(content, str):
        encoding = str(getattr(source, "encoding", None) or "text")
        return DecodedText(content.removeprefix("\ufeff"), name, encoding)
    raise ConfigurationError(
        f"{name}: read() gave {type(content).__name__}, expected bytes or str"
    )

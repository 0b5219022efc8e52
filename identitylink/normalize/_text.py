"""Folding text to comparable ASCII: case, accents, ligatures, other scripts.

``fold`` is the workhorse every other normaliser builds on, so it is written for speed:
a per-code-point translation table filled lazily (each distinct character is analysed
once per process), a fast path for plain ASCII, and an LRU cache per distinct string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby

import jellyfish
from anyascii import anyascii

__all__ = ["fold", "fold_variants", "phonetic_key"]

# Letters whose base form is not reachable by Unicode decomposition.
_SPECIAL: dict[str, str] = {
    "ß": "ss",
    "ẞ": "ss",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "ı": "i",
    "þ": "th",
    "ħ": "h",
    "ŀ": "l",
    "ŧ": "t",
    "ĸ": "k",
    "ŋ": "ng",
    # Arabic tā' marbūṭa ends Sara, Fatma, Aya: said and romanised "a", not "h".
    "\u0629": "a",
}
_APOSTROPHES = frozenset("'’‘ʼʹ`´′ʻ＇")
_HYPHENS = frozenset("-‐‑‒–—―−﹣－")
_KEEP_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '-")

# A run of hyphens/apostrophes keeps its first mark (``_FIRST_MARK``), then a mark
# that is not between two letters or digits becomes a space. Both patterns start
# with the mark class, so the regex engine skips to the next mark without trying
# a lookbehind at every position.
_MULTI_MARKS = re.compile(r"(['-])['-]+")
_FIRST_MARK = r"\1"
_EDGE_MARKS = re.compile(r"['-](?:(?<![a-z0-9]['-])|(?![a-z0-9]))")


def _ascii_char(char: str) -> str:
    """The folded form of one ASCII character."""
    low = char.lower()
    if low in _KEEP_ASCII:
        return low
    return " "


def _fold_char(code_point: int) -> str:
    """The folded form of one (already NFKC-normalised, lower-cased) character."""
    char = chr(code_point)
    if char.isascii():
        return _ascii_char(char)
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    category = unicodedata.category(char)
    if category.startswith("M"):  # combining marks, variation selectors
        return ""
    if category in ("Cf",):  # zero-width joiners and other invisible format marks
        return ""
    if category.startswith("N") and category != "Nd":
        digit = unicodedata.digit(char, None)
        return str(digit) if digit is not None else " "
    if not category.startswith(("L", "N")):  # punctuation, symbols, emoji, spaces
        return " "
    base = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    if base.isascii() and base:
        return "".join(_ascii_char(c) for c in base)
    if base in _SPECIAL:
        return _SPECIAL[base]
    translit = anyascii(char)
    return "".join(_ascii_char(c) for c in translit)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that works out each character on first use."""

    def __missing__(self, code_point: int) -> str:
        value = _fold_char(code_point)
        self[code_point] = value
        return value


_TABLE = _FoldTable()
# The same table keeping line breaks, to fold many lines in one pass.
_LINES_TABLE = _FoldTable({ord("\n"): "\n"})


_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
# Greek letter pairs read as one sound (ELOT 743): anyascii reads letter by letter
# ("Οικονόμου" -> "oikonomoy", "Ντίνα" -> "ntina"); CRMs write "Oikonomou", "Dina".
_GREEK_PAIRS = re.compile(r"(?<![α-ω])(μπ|ντ|γκ)|ου|αυ|ευ|ηυ|γγ|γχ|γξ|μπ|ντ|γκ")
_GREEK_SOUNDS = {
    "ου": "ou", "αυ": "av", "ευ": "ev", "ηυ": "iv", "γγ": "ng", "γχ": "nch",
    "γξ": "nx", "μπ": "mb", "ντ": "nt", "γκ": "ng",
}  # fmt: skip
_GREEK_INITIAL = {"μπ": "b", "ντ": "d", "γκ": "g"}


def _greek_sounds(text: str) -> str:
    """Lower-cased text with Greek letter pairs spelt as they sound (accents off)."""
    bare = "".join(
        c
        for c in unicodedata.normalize("NFD", text.lower())
        if not unicodedata.combining(c)
    )
    return _GREEK_PAIRS.sub(
        lambda m: (
            _GREEK_INITIAL[m.group(1)] if m.group(1) else _GREEK_SOUNDS[m.group(0)]
        ),
        bare,
    )


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Fold text to lower-case ASCII for comparison.

    NFKC, lower-case, accents removed, ``ß``->``ss``, ``ł``->``l``, ``ø``->``o``,
    ``æ``->``ae``, ``œ``->``oe``, ``đ``->``d``, ``ı``->``i``; other scripts
    transliterated (anyascii); emoji, symbols and punctuation become spaces, except
    hyphens and apostrophes inside a word; whitespace collapsed.

    >>> fold("  Müller-Lüdenscheidt ")
    'muller-ludenscheidt'
    >>> fold("O’Brien")
    "o'brien"
    """
    if not text:
        return ""
    if text.isascii():
        folded = text.lower().translate(_TABLE)
    else:
        text = unicodedata.normalize("NFKC", text)
        if _GREEK.search(text):
            text = _greek_sounds(text)
        folded = text.lower().translate(_TABLE)
    if "'" in folded or "-" in folded:
        folded = _MULTI_MARKS.sub(_FIRST_MARK, folded)
        folded = _EDGE_MARKS.sub(" ", folded)
    return " ".join(folded.split())


def fold_lines(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` in one pass over the joined text (no line breaks
    inside the texts); for folding tens of thousands of names at once."""
    if not texts:
        return []
    blob = "\n".join(texts)
    if not blob.isascii():
        blob = unicodedata.normalize("NFKC", blob)
        if _GREEK.search(blob):
            blob = _greek_sounds(blob)
    folded = blob.lower().translate(_LINES_TABLE)
    folded = _MULTI_MARKS.sub(_FIRST_MARK, folded)
    folded = _EDGE_MARKS.sub(" ", folded)
    return [" ".join(line.split()) for line in folded.split("\n")]


def digraph_spelling(text: str) -> str | None:
    """``text`` with German/Nordic letters as digraphs ("Müller" -> "Mueller"), or
    ``None`` when it has none of them."""
    composed = text if text.isascii() else unicodedata.normalize("NFC", text)
    if _DIGRAPH_LETTERS.search(composed) is None:
        return None
    return composed.translate(_DIGRAPHS)


# German and Nordic letters whose second conventional ASCII spelling is a digraph:
# "Müller" is also written "Mueller", "Åsa" "Aasa", "Søren" "Soeren".
_DIGRAPHS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe", "Ä": "Ae", "Ö": "Oe",
     "Ü": "Ue", "Å": "Aa", "Ø": "Oe"}
)  # fmt: skip
_DIGRAPH_LETTERS = re.compile("[äöüåøÄÖÜÅØ]")


@lru_cache(maxsize=1 << 16)
def fold_variants(text: str) -> frozenset[str]:
    """Every plausible ASCII spelling of ``text``; always includes ``fold(text)``.

    ``ä``/``ö``/``ü`` give both the bare vowel and the German ``ae``/``oe``/``ue``,
    ``å`` gives ``a`` and ``aa``, ``ø`` gives ``o`` and ``oe``; ``ß`` is always ``ss``.
    Empty text gives an empty set.

    >>> sorted(fold_variants("Müller"))
    ['mueller', 'muller']
    """
    base = fold(text)
    if not base:
        return frozenset()
    if text.isascii():
        return frozenset((base,))
    composed = unicodedata.normalize("NFC", text)
    if _DIGRAPH_LETTERS.search(composed) is None:
        return frozenset((base,))
    return frozenset((base, fold(composed.translate(_DIGRAPHS))))


_REPEATS = re.compile(r"(.)\1+")
# Folded text keeps letters, digits, spaces, hyphens and apostrophes: keep the
# letters, and read "y" as "i".
_LETTERS_ONLY = str.maketrans({c: None for c in "0123456789 '-"} | {"y": "i"})


@lru_cache(maxsize=1 << 16)
def phonetic_key(text: str) -> str:
    """A phonetic blocking key: jellyfish's Metaphone of the folded text.

    Metaphone groups common spelling variants of European names ("Muller" and
    "Mueller", "Philippe" and "Filip", "Catherine" and "Katherine") and, unlike
    Soundex, keeps more than four sounds, so long names stay selective. Before
    encoding, ``y`` is read as ``i`` ("Meyer"/"Meier", "Smyth"/"Smith"); after it,
    repeated codes are collapsed ("Schmidt"/"Schmitt"). Spaces, hyphens and
    apostrophes are ignored. Empty input gives ``""``.

    >>> phonetic_key("Müller") == phonetic_key("Mueller")
    True
    """
    folded = fold(text)
    if not folded:
        return ""
    return phonetic_key_of_folded(folded)


def phonetic_key_of_folded(folded: str) -> str:
    """``phonetic_key`` of text that is already folded (``fold(folded) == folded``,
    e.g. lower-case ASCII letters), without folding it again."""
    # Letters only (the usual case): the table would only turn "y" into "i".
    letters = (
        folded.replace("y", "i")
        if folded.isalpha()
        else folded.translate(_LETTERS_ONLY)
    )
    if not letters:
        return ""
    code = str(jellyfish.metaphone(letters)).replace(" ", "")
    if _REPEATS.search(code) is None:
        return code
    return "".join(char for char, _ in groupby(code))

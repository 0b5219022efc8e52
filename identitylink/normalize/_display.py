"""Cleaning social display names: decorations off, letters kept as written."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from identitylink.normalize._text import fold

__all__ = ["clean_display_name", "split_maiden_name"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and honorifics (folded, without the trailing dot) dropped before a name.
_TITLES = _words(
    """
    dr dr.med dr.phil dr.ing doc doctor doctora docteur doktor prof professor
    professeur professore professora pr mr mrs ms miss mx mister sir dame lady lord
    rev revd fr father sr sra srta senor senora senorita dna
    mme mlle mmes madame mademoiselle monsieur mgr me
    herr frau fraulein hr fr dipl dipl.-ing ing mag
    dott dott.ssa dottore dottoressa sig sig.ra sig.na signor signora signorina avv
    arch geom rag
    dhr mevr mw mej ir drs
    pan pani mgr inz
    exmo exma eng
    """
)
# Honours and degrees dropped after a name.
_SUFFIXES = _words(
    """
    phd ph.d md mba msc bsc llm jd esq cpa dds rn mph jr jr. sr. ii iii iv
    """
)
_PRONOUNS = _words(
    """
    she her hers he him his they them theirs it its any all pronouns xe xem ze zir
    il elle iel lui ella el er sie ihr ihm dey em ona on oni
    """
)
_LONGEST_TITLE = 12
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|（[^（）]*）")
_OPEN_BRACKET_TAIL = re.compile(r"[(\[{（].*$")
_SEPARATORS = re.compile(r"\s[-–—~|/•·:@]+\s|[|•·«»]|\s//|//\s")
_HANDLE = re.compile(r"[@#]\w[\w.]*")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_TRAILING_DIGITS = re.compile(r"(?<=[^\W\d_])\d+\b")
_DIGIT_TOKENS = re.compile(r"(?<!\S)[\d.,:/+-]+(?!\S)")
_EDGE_PUNCT = " \t.,;:!?-–—_*~|/\\'\"+=^"
# A display name with nothing to clean but titles: words of letters separated by
# single spaces, with inner hyphens, apostrophes or a final dot ("Jean-Paul O'Neil",
# "Dr. Anne M.").
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_PLAIN_WORD = f"[{_LATIN_LETTER}][{_LATIN_LETTER}'’.-]*"
_PLAIN_NAME = re.compile(f"{_PLAIN_WORD}(?: {_PLAIN_WORD})*")
_MAIDEN_MARKERS = re.compile(
    r"\s+(?:née|nee|geb\.?|geborene|z\s+d\.|z\s+domu|nata|nacida|born)\s+(.+)$",
    re.IGNORECASE,
)


def _latin(token: str) -> bool:
    """Whether every letter of ``token`` is Latin: titles are Latin words, and a
    name in another script may fold to one ("سارة", Sara, folds to "sra")."""
    return all(
        not c.isalpha() or c.isascii() or unicodedata.name(c, "").startswith("LATIN")
        for c in token
    )


def _strip_symbols(text: str) -> str:
    """Remove emoji, pictographs, flags, variation selectors and invisible marks."""
    if text.isascii():
        return text
    out: list[str] = []
    for char in text:
        if char.isascii():
            # ASCII punctuation ("|", "~", "+") is left to the separators.
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Sm", "Sc", "Cf", "Co", "Cs", "Cn", "Me"):
            out.append(" ")
        elif category == "Mn" and (not out or "\ufe00" <= char <= "\ufe0f"):
            continue
        else:
            out.append(char)
    return "".join(out)


def _is_title(token: str) -> bool:
    if len(token) > _LONGEST_TITLE:
        return False
    key = token.lower().rstrip(".")
    if key in _TITLES:
        return True
    return (not key.isalpha() or not key.isascii()) and (
        _latin(token) and fold(token).replace(" ", "") in _TITLES
    )


def _is_suffix(token: str) -> bool:
    if len(token) > _LONGEST_TITLE:
        return False
    key = token.lower().strip(",")
    if key in _SUFFIXES:
        return True
    return (not key.isalpha() or not key.isascii()) and (
        _latin(token) and fold(token).replace(" ", "") in _SUFFIXES
    )


@lru_cache(maxsize=1 << 16)
def clean_display_name(text: str) -> str:
    """A social display name without its decorations, letters kept as written.

    Removes emoji and symbols, bracketed parts ("(she/her)", "(Martin)"), everything
    after a separator ("| Lyon", " - Paris", " • dev"), titles ("Dr.", "Mme", "Herr",
    "Mr", "Sra", "Dott."), degrees ("PhD"), "@handles", "#tags", URLs and numbers.

    >>> clean_display_name("Dr. Jean DUPONT 🇫🇷 (he/him)")
    'Jean DUPONT'
    """
    if not text:
        return ""
    if _PLAIN_NAME.fullmatch(text) and (
        text.isascii() or unicodedata.is_normalized("NFKC", text)
    ):
        # Latin words separated by single spaces (most names): only titles and
        # degrees can be left to remove.
        return _trim_titles(text.split(" "))
    return _clean(text)


def _clean(text: str) -> str:
    """Every cleaning step, for names with more than letters and spaces."""
    cleaned = unicodedata.normalize("NFKC", text)
    cleaned = _strip_symbols(cleaned)
    cleaned = _URL.sub(" ", cleaned)
    cleaned = _QUOTED.sub(" ", cleaned)
    for _ in range(3):
        reduced = _BRACKETS.sub(" ", cleaned)
        if reduced == cleaned:
            break
        cleaned = reduced
    cleaned = _OPEN_BRACKET_TAIL.sub(" ", cleaned)
    cleaned = _HANDLE.sub(" ", cleaned)
    segments = [s for s in _SEPARATORS.split(f" {cleaned} ") if s.strip(_EDGE_PUNCT)]
    cleaned = segments[0] if segments else ""
    cleaned = cleaned.replace("_", " ")
    cleaned = _TRAILING_DIGITS.sub("", cleaned)
    cleaned = _DIGIT_TOKENS.sub(" ", cleaned)
    tokens = [t.strip(" ;:!?*~|") for t in cleaned.split()]
    tokens = [t for t in tokens if t.strip(_EDGE_PUNCT)]
    return _trim_titles(tokens)


def _trim_titles(tokens: list[str]) -> str:
    """Drop leading titles and trailing degrees, keep at least one word."""
    while len(tokens) > 1 and _is_title(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and _is_suffix(tokens[-1]):
        tokens.pop()
    name = " ".join(tokens).strip(_EDGE_PUNCT.replace(".", ""))
    name = name.rstrip(",;:!-–—")
    return name.strip()


def _looks_like_name(text: str) -> bool:
    folded = fold(text)
    words = folded.split()
    if not words or len(words) > 3:
        return False
    if any(
        w in _PRONOUNS or not w.replace("-", "").replace("'", "").isalpha()
        for w in words
    ):
        return False
    return any(c.isupper() for c in text if c.isalpha()) and "/" not in text


@lru_cache(maxsize=1 << 14)
def split_maiden_name(text: str) -> tuple[str, str | None]:
    """Split a married-name display ("New (Maiden)", "New née Maiden") in two.

    Returns the cleaned display name without the maiden name, and the maiden name
    as written, or ``None`` when there is none.

    >>> split_maiden_name("Marie Dupont (Martin)")
    ('Marie Dupont', 'Martin')
    >>> split_maiden_name("Anna Schmidt geb. Müller")
    ('Anna Schmidt', 'Müller')
    """
    if not text:
        return "", None
    maiden: str | None = None
    rest = text
    for match in _BRACKETS.finditer(text):
        inner = match.group(0)[1:-1].strip()
        if _looks_like_name(inner):
            maiden = inner
            rest = text[: match.start()] + " " + text[match.end() :]
            break
    if maiden is None:
        marker = _MAIDEN_MARKERS.search(text)
        if marker:
            candidate = clean_display_name(marker.group(1))
            if candidate and _looks_like_name(candidate):
                maiden = candidate
                rest = text[: marker.start()]
    return clean_display_name(rest), maiden

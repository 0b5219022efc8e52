"""Family names: particles, comparable keys; given-name initials."""

from __future__ import annotations

import re
from functools import lru_cache

from identitylink.normalize._text import fold, fold_variants

__all__ = ["initials", "name_keys", "split_particles"]

# Nobiliary and patronymic particles of nl/de/fr/es/it/pt, folded. Multi-word ones
# are matched first (longest match wins).
_PARTICLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "van der",
                "van den",
                "van de",
                "van het",
                "van 't",
                "van",
                "von der",
                "von dem",
                "von und zu",
                "von",
                "vom",
                "zu",
                "zum",
                "zur",
                "ten",
                "ter",
                "te",
                "in 't",
                "de la",
                "de las",
                "de los",
                "de le",
                "de",
                "del",
                "della",
                "delle",
                "dello",
                "degli",
                "dei",
                "dal",
                "dalla",
                "dalle",
                "du",
                "des",
                "di",
                "da",
                "das",
                "dos",
                "do",
                "le",
                "la",
                "lo",
                "les",
            )
        ),
        key=len,
        reverse=True,
    )
)
# Elided particles written against the name: d'Artagnan, dell'Acqua, l'Huillier.
_ELIDED = ("dell'", "dall'", "degl'", "d'", "l'")
# Single words that are particles or articles, never a family name on their own
# inside a longer name ("Martín del Río" is not also "del").
_PARTICLE_WORDS = frozenset(word for particle in _PARTICLES for word in particle)
_PART_SPLIT = re.compile(r"[\s-]+")
_SAINT = {"st": "saint", "ste": "sainte", "sta": "santa", "sto": "santo"}
_SPLIT_MARKS = re.compile(r"[\s'-]+")


@lru_cache(maxsize=1 << 16)
def split_particles(family: str) -> tuple[str, str]:
    """Split a family name into its particle and the name proper, both as written.

    "van der Berg" -> ("van der", "Berg"); "Dupont" -> ("", "Dupont");
    "d'Artagnan" -> ("d'", "Artagnan"). "O'Brien", "McDonald" and "St-Pierre" keep
    their prefix (see ``name_keys`` for comparing with and without it). A particle
    alone ("Van", "La") is a name, not a particle.

    >>> split_particles("van der Berg")
    ('van der', 'Berg')
    """
    text = " ".join(family.split())
    if not text:
        return "", ""
    words = text.split(" ")
    folded = [fold(w) for w in words]
    for particle in _PARTICLES:
        size = len(particle)
        if len(words) > size and tuple(folded[:size]) == particle:
            return " ".join(words[:size]), " ".join(words[size:])
    head = folded[0]
    for elided in _ELIDED:
        if head.startswith(elided) and len(head) > len(elided) + 1:
            # Keep the apostrophe as written (’ or ').
            cut = len(elided)
            return words[0][:cut], " ".join([words[0][cut:], *words[1:]])
    return "", text


def _spaced(folded: str) -> str:
    return " ".join(_SPLIT_MARKS.split(folded)).strip()


def _expand_saints(spaced: str) -> list[str]:
    words = spaced.split()
    forms = [words]
    if any(w in _SAINT for w in words):
        forms.append([_SAINT.get(w, w) for w in words])
    return [" ".join(f) for f in forms]


def _keys_of_folded(folded: str) -> set[str]:
    keys: set[str] = set()
    spaced = _spaced(folded)
    if not spaced:
        return keys
    for form in _expand_saints(spaced):
        keys.add(form)
        keys.add(form.replace(" ", ""))
    return keys


@lru_cache(maxsize=1 << 17)
def name_keys(name: str) -> frozenset[str]:
    """Comparable folded keys of one family name.

    With and without particles, with spaces and without spaces/hyphens/apostrophes,
    "St"/"Ste" also spelled out, German/Nordic transliteration variants, and each
    part of a double name (so "García López" also compares with "García").

    >>> sorted(name_keys("van der Berg"))
    ['berg', 'van der berg', 'vanderberg']
    >>> sorted(name_keys("O'Brien"))
    ['o brien', 'obrien']
    """
    if name.isalpha():
        # One word of letters (most names): no particle, no parts, no marks.
        return fold_variants(name)
    text = " ".join(name.split())
    if not text:
        return frozenset()
    particle, rest = split_particles(text)
    keys: set[str] = set()
    for variant in fold_variants(text):
        keys |= _keys_of_folded(variant)
    if particle and rest:
        for variant in fold_variants(rest):
            keys |= _keys_of_folded(variant)
    # Parts of a double name (space or hyphen separated, particles left out).
    core = rest or text
    parts = [p for p in _PART_SPLIT.split(core) if p]
    if 2 <= len(parts) <= 3:
        for part in parts:
            folded_part = fold(part)
            if (
                len(folded_part.replace("'", "")) < 2
                or folded_part in _SAINT
                or folded_part in _PARTICLE_WORDS
                or folded_part.startswith(_ELIDED)
            ):
                continue
            if part.isalpha():
                keys |= fold_variants(part)
                continue
            for variant in fold_variants(part):
                keys |= _keys_of_folded(variant)
    keys.discard("")
    return frozenset(keys)


_INITIAL_SPLIT = re.compile(r"[\s.\-‐–_]+")


@lru_cache(maxsize=1 << 16)
def initials(given: str) -> str:
    """Folded initials of given names: "Jean-Pierre" -> "jp", "J." -> "j".

    A short all-capital token without vowels ("JP", "JM") is read as initials.

    >>> initials("María José")
    'mj'
    """
    out: list[str] = []
    for token in _INITIAL_SPLIT.split(given):
        if not token:
            continue
        folded = fold(token).replace("'", "").replace(" ", "")
        if not folded:
            continue
        letters = [c for c in folded if c.isalpha()]
        if not letters:
            continue
        if (
            2 <= len(token) <= 3
            and token.isupper()
            and not any(c in "aeiouy" for c in folded)
        ):
            out.extend(letters)
        else:
            out.append(letters[0])
    return "".join(out)

"""Names a CRM wrote in one ``full_name`` column: what the split cannot know.

"Antonia Santiago Herrera", "Anders Hedetoft Thomsen", "Julia Cabrera Soler":
three words, no comma, no capitals to mark the family name. The split reads a
given name, a middle name and a family name, but the middle word is as often a
first family name (Spanish and Portuguese names carry two, a Danish "mellemnavn"
is a family name) and its owner goes by "Antonia Santiago" online; a Vietnamese
name written given names first ("Thị Thảo Bùi") is left as split. For such
customers the middle word and the family name become the words of a compound
family name, so either one agrees as a family name (in blocking and in the
family-name comparison), and the given names stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from identitylink._engine.columns import Obj
from identitylink.normalize import fold
from identitylink.normalize._fullname import is_vietnamese_family_name
from identitylink.records import Customer, SocialProfile

__all__ = ["ambiguous_full_name", "letters", "middle_words_as_family"]

_NOT_LETTER = re.compile(r"[^a-z]+")


def letters(text: str) -> str:
    """The letters of ``text``, folded to ASCII lower case."""
    return _NOT_LETTER.sub("", fold(text))


def ambiguous_full_name(
    full: str | None,
    given: Sequence[str],
    family: Sequence[str],
    particles: Sequence[str],
) -> bool:
    """A full name split as given, middle, family with nothing to say so."""
    full = full or ""
    if "," in full or len(given) < 2 or len(family) != 1:
        return False
    if particles or is_vietnamese_family_name(family[0]):
        return False  # "Thị Thảo Bùi": Vietnamese given names come in several words
    tokens = full.split()
    # Capitals mark the family name ("DUPONT Jean"); all in capitals says nothing.
    mixed = any(t.isupper() and len(t) > 1 for t in tokens) and not full.isupper()
    last_is_family = bool(tokens) and letters(tokens[-1]) == letters(family[0])
    return not mixed and last_is_family


def _ambiguous(c: Customer) -> bool:
    return ambiguous_full_name(
        c.full_name, c.given_names, c.family_names, c.name_particles
    )


def middle_words_as_family(
    records: Sequence[Customer | SocialProfile], family: Obj, words: Obj
) -> None:
    """In place: for customers whose full name is ambiguous (see the module), set
    the family words (column 0 of ``words``) to the last given name and the family
    key (``family``, column 0)."""
    for row, c in enumerate(records):
        if not isinstance(c, Customer) or c.full_name is None or not _ambiguous(c):
            continue
        middle = letters(c.given_names[-1])
        fam = str(family[row, 0])
        if len(middle) > 1 and fam and not words[row, 0]:
            words[row, 0] = f"{middle} {fam}"

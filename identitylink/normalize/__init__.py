"""Normalisation: pure functions that turn names, e-mails, phones and places into keys.

Every function takes text as people wrote it and returns something comparable; none
raises on bad input, none does I/O (the nickname tables and the gazetteer are read
once, lazily, from the installed packages), and each caches per distinct input, so
the linker can call them on hundreds of thousands of records.
"""

from __future__ import annotations

from identitylink.normalize._countries import country_code
from identitylink.normalize._display import clean_display_name, split_maiden_name
from identitylink.normalize._email import (
    EmailNormalized,
    canonical_email,
    canonical_emails,
)
from identitylink.normalize._fullname import NameParts, split_full_name
from identitylink.normalize._names import initials, name_keys, split_particles
from identitylink.normalize._nicknames import given_name_keys, nickname_group
from identitylink.normalize._phone import (
    PhoneNormalized,
    normalize_phone,
    normalize_phones,
)
from identitylink.normalize._places import PlaceNormalized, normalize_place
from identitylink.normalize._text import fold, fold_variants, phonetic_key

__all__ = [
    "EmailNormalized",
    "NameParts",
    "PhoneNormalized",
    "PlaceNormalized",
    "canonical_email",
    "canonical_emails",
    "clean_display_name",
    "country_code",
    "fold",
    "fold_variants",
    "given_name_keys",
    "initials",
    "name_keys",
    "nickname_group",
    "normalize_phone",
    "normalize_phones",
    "normalize_place",
    "phonetic_key",
    "split_full_name",
    "split_maiden_name",
    "split_particles",
]

"""Phone numbers to E.164 with ``phonenumbers`` (libphonenumber's metadata)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import phonenumbers
from pydantic import BaseModel

from identitylink.normalize._countries import country_code

__all__ = [
    "PhoneNormalized",
    "normalize_phone",
    "normalize_phones",
    "phone_parse_problem",
]

_MAX_LENGTH = 64


class PhoneNormalized(BaseModel, frozen=True, extra="forbid"):
    """A phone number in E.164 (``+33612345678``), or ``None`` and the reason why."""

    original: str
    e164: str | None = None
    reason: str | None = None


_SEPARATORS = str.maketrans("", "", " .-()/\t\u00a0")
_DIGITS = frozenset("0123456789")


@lru_cache(maxsize=1 << 8)
def _region_prefixes(region: str) -> tuple[int, str, bool] | None:
    """(calling code, trunk prefix to strip, "00" dials abroad) for the fast path.

    The trunk prefix is "0" (most of Europe), "1" (the NANP: Canada, the US) or ""
    (none: Spain, Poland, Portugal; Italy, whose leading zero is significant, is
    caught by the leading-zero rule). ``None`` for other dialling rules (Russia's
    "8", Hungary's "06", carrier codes ...): those numbers take the full parser.
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix_transform_rule is not None:
        return None
    rule = metadata.national_prefix_for_parsing
    code = metadata.country_code
    trunk = {None: "", "0": "0", "0|180020": "0", "1": "1"}.get(rule)
    if trunk is None or code is None:
        return None
    return int(code), trunk, metadata.international_prefix == "00"


def _fast_parse(text: str, region: str | None) -> tuple[int, str, bool] | None:
    """(calling code, national number, written internationally) or None.

    Handles "+33 6 12 34 56 78", "0033...", "06.12.34.56.78", "(514) 555-0123"
    with a region whose trunk prefix is "0", "1" (NANP) or absent. Anything unusual
    (extensions, letters, leading zeros that matter, other trunk prefixes) returns
    ``None`` and goes to ``phonenumbers.parse``, which reads it the same way, slowly.
    """
    return _parse_compact(text.translate(_SEPARATORS), region)


def _parse_compact(compact: str, region: str | None) -> tuple[int, str, bool] | None:
    """``_fast_parse`` of a number whose separators are already removed."""
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if not digits or not _DIGITS.issuperset(digits):
        return None
    prefixes = _region_prefixes(region) if region is not None else None
    if not international and digits.startswith("00"):
        if region is not None and (prefixes is None or not prefixes[2]):
            return None
        digits = digits[2:]
        international = True
    if international:
        if digits.startswith("0"):
            return None
        for size in (1, 2, 3):
            code = int(digits[:size]) if len(digits) > size else 0
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                break
        else:
            return None
        national = digits[size:]
    else:
        if prefixes is None:
            return None
        code, trunk, _ = prefixes
        if trunk == "1":
            # NANP: ten digits, or eleven with the leading "1".
            if len(digits) == 11 and digits.startswith("1"):
                digits = digits[1:]
            elif len(digits) != 10:
                return None
            national = digits
        elif trunk and digits.startswith(trunk):
            national = digits[len(trunk) :]
        else:
            national = digits
    if not 4 <= len(national) <= 15 or national.startswith("0"):
        return None
    return code, national, international


_Desc = tuple[frozenset[int], re.Pattern[str]]
# Number types libphonenumber accepts as valid, most common first.
_TYPES = (
    "mobile",
    "fixed_line",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


@dataclass(frozen=True, slots=True)
class _RegionPatterns:
    """One region's compiled number patterns (what ``is_valid_number`` checks).

    The type patterns that allow a given length are joined into one alternation,
    built on first use of that length, so a check is two regex matches.
    """

    leading_digits: re.Pattern[str] | None
    general: _Desc
    types: tuple[_Desc, ...]
    by_length: dict[int, re.Pattern[str] | None]

    def valid(self, national: str) -> bool:
        if not _matches(self.general, national):
            return False
        size = len(national)
        combined = self.by_length.get(size, _UNSET)
        if combined is _UNSET:
            sources = [
                f"(?:{pattern.pattern})"
                for lengths, pattern in self.types
                if not lengths or size in lengths
            ]
            combined = re.compile("|".join(sources)) if sources else None
            self.by_length[size] = combined
        return combined is not None and combined.fullmatch(national) is not None


_UNSET = re.compile("")


def _compiled(desc: phonenumbers.PhoneNumberDesc | None) -> _Desc | None:
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length or ()), re.compile(
        desc.national_number_pattern
    )


@lru_cache(maxsize=1 << 9)
def _patterns(code: int) -> tuple[_RegionPatterns, ...] | None:
    """Compiled patterns of the regions sharing a calling code, in libphonenumber's
    order; ``None`` when one of them lacks metadata (the library is asked then)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    found: list[_RegionPatterns] = []
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            return None
        general = _compiled(metadata.general_desc)
        if general is None:
            return None
        types = tuple(
            d for d in (_compiled(getattr(metadata, t, None)) for t in _TYPES) if d
        )
        leading = metadata.leading_digits
        found.append(
            _RegionPatterns(
                leading_digits=re.compile(leading) if leading else None,
                general=general,
                types=types,
                by_length={},
            )
        )
    return tuple(found) if found else None


def _matches(desc: _Desc, national: str) -> bool:
    lengths, pattern = desc
    if lengths and len(national) not in lengths:
        return False
    return pattern.fullmatch(national) is not None


def _is_valid(code: int, national: str) -> bool:
    """``phonenumbers.is_valid_number`` for a calling code and national number.

    The same rules with the patterns compiled once: the region is the first of the
    calling code's regions whose leading digits match or whose patterns accept the
    number, and the number is valid if one of that region's number types accepts it.
    """
    regions = _patterns(code)
    if regions is None:
        number = phonenumbers.PhoneNumber(
            country_code=code, national_number=int(national)
        )
        return bool(phonenumbers.is_valid_number(number))
    for region in regions:
        if region.leading_digits is not None:
            if region.leading_digits.match(national):
                return region.valid(national)
        elif region.valid(national):
            return True
    return False


@lru_cache(maxsize=1 << 9)
def _trunk_rules(code: int) -> tuple[re.Pattern[str], ...]:
    """The national-prefix rules of the regions sharing a calling code."""
    rules: list[re.Pattern[str]] = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if metadata is not None and metadata.national_prefix_for_parsing:
            rules.append(re.compile(metadata.national_prefix_for_parsing))
    return tuple(rules)


def _may_hide_trunk_prefix(code: int, national: str) -> bool:
    for rule in _trunk_rules(code):
        match = rule.match(national)
        if match is not None and match.end() > 0:
            return True
    return False


# (E.164, None) for a valid number, (None, reason) otherwise.
_Outcome = tuple[str | None, str | None]


@lru_cache(maxsize=1 << 14)
def _e164(text: str, region: str | None) -> _Outcome:
    stripped = text.strip()
    if not stripped:
        return None, "empty"
    if len(stripped) > _MAX_LENGTH:
        return None, "too long for a phone number"
    parsed = _fast_parse(stripped, region)
    if parsed is None:
        return _parse(stripped, region)
    code, national, international = parsed
    if _is_valid(code, national):
        return f"+{code}{national}", None
    if international and _may_hide_trunk_prefix(code, national):
        # libphonenumber may still read a trunk prefix after the country code
        # ("+7 8 ...", "+1 1 ..."): let it decide.
        return _parse(stripped, region)
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    where = regions[0] if len(regions) == 1 else f"+{code}"
    return None, f"not a valid number for {where}"


def _parse(stripped: str, region: str | None) -> _Outcome:
    """The full libphonenumber parser, with a reason when it fails."""
    candidate = stripped
    if region is None and candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        return None, f"unparseable: {exc}"
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_number(number) or "any region"
        return None, f"not a valid number for {where}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def normalize_phone(
    text: str | None, default_region: str | None = None
) -> PhoneNormalized:
    """E.164 form of a phone number; ``e164=None`` and a ``reason`` when impossible.

    ``default_region`` (ISO-2, usually the record's country; a country name is
    accepted too) is used for numbers written without a country code. Never raises.
    Same answers as ``phonenumbers.parse`` + ``is_valid_number``; plainly written
    numbers take a faster path that applies the same metadata.

    >>> normalize_phone("06 12 34 56 78", "FR").e164
    '+33612345678'
    """
    if text is None:
        return PhoneNormalized(original="", reason="missing")
    e164, reason = _e164(text, _region(default_region))
    return PhoneNormalized(original=text, e164=e164, reason=reason)


def normalize_phones(
    texts: Iterable[str | None],
    default_regions: Iterable[str | None] | str | None = None,
) -> list[str | None]:
    """``normalize_phone(t, r).e164`` for many numbers, without the models.

    ``default_regions`` is one region for all numbers or one per number (a column).

    >>> normalize_phones(["06 12 34 56 78", "12"], "FR")
    ['+33612345678', None]
    """
    if default_regions is None or isinstance(default_regions, str):
        regions: Iterable[str | None] = repeat(default_regions)
    else:
        regions = default_regions
    pairs = list(zip(texts, regions, strict=False))
    found = iter(_e164_many([(t, _region(r)) for t, r in pairs if t]))
    return [next(found) if text else None for text, _ in pairs]


def _e164_many(numbers: list[tuple[str, str | None]]) -> list[str | None]:
    """``_e164(text, region)[0]`` of many numbers: separators removed in one pass
    over all of them, plainly written valid numbers never leave the fast path;
    anything else (too long, letters, invalid ...) takes ``_e164``."""
    if not numbers:
        return []
    blob = "\n".join(text for text, _ in numbers)
    if blob.count("\n") != len(numbers) - 1:  # line breaks inside: one by one
        return [_e164(text, region)[0] for text, region in numbers]
    compacts = blob.translate(_SEPARATORS).split("\n")
    out: list[str | None] = []
    for (text, region), compact in zip(numbers, compacts, strict=True):
        # ``_e164`` strips the text first: stripping only spaces, tabs and
        # no-break spaces changes no compact form, other edge whitespace leaves a
        # compact form that is not all digits (and so goes to ``_e164``).
        parsed = _parse_compact(compact, region) if len(text) <= _MAX_LENGTH else None
        if parsed is None:
            out.append(_e164(text, region)[0])
            continue
        code, national, international = parsed
        if _is_valid(code, national):
            out.append(f"+{code}{national}")
        elif international and _may_hide_trunk_prefix(code, national):
            out.append(_e164(text, region)[0])  # as ``_e164``: the parser decides
        else:
            out.append(None)  # what ``_e164`` says of an invalid plain number
    return out


@lru_cache(maxsize=1 << 10)
def _region(default_region: str | None) -> str | None:
    """ISO-2 region from a code ("fr", "UK") or a country name ("France")."""
    if not default_region or not default_region.strip():
        return None
    code = default_region.strip().upper()
    if code in phonenumbers.SUPPORTED_REGIONS:
        return code
    return country_code(default_region)


_MAX_NATIONAL = 17  # libphonenumber's longest national number (TOO_LONG beyond)


@lru_cache(maxsize=1 << 8)
def _dials_abroad(region: str | None) -> re.Pattern[str] | None:
    """The international (IDD) prefix of ``region`` ("00", "011" ...), if any."""
    metadata = (
        phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    )
    prefix = metadata.international_prefix if metadata is not None else None
    return re.compile(prefix) if prefix else None


def phone_parse_problem(text: str, region: str | None) -> str | None:
    """Why ``text`` cannot be read as a phone number at all, or None.

    Only what no region could fix: no digits, letters, too few or too many digits,
    an unknown country code (``phonenumbers.parse`` refuses it). A number that parses
    but is not valid in its region (an unassigned range), or a national number
    without a ``region`` to read it in, is no parse failure. Plain digit strings,
    the common case, are answered without the parser, as it would answer them.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > _MAX_LENGTH:
        return "too long for a phone number"
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = None  # no region to read a national number in
    compact = stripped.translate(_SEPARATORS)
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if digits.isdigit() and digits.isascii():
        if not international and not digits.startswith("00"):
            dials_abroad = _dials_abroad(region)
            if 3 <= len(digits) <= _MAX_NATIONAL and not (
                dials_abroad and dials_abroad.match(digits)
            ):
                return None
        elif international and not digits.startswith("0"):
            for size in (1, 2, 3):
                if int(digits[:size]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                    if 2 <= len(digits) - size <= _MAX_NATIONAL:
                        return None
                    break
    candidate = stripped
    if region is None and candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    try:
        phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        if (
            exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
            and region is None
            and not candidate.lstrip().startswith("+")
        ):
            return None  # a national number, and no region to read it in
        detail = str(exc).split(") ", 1)[-1].rstrip(".")
        return f"not a phone number: {detail.lower()}"
    return None

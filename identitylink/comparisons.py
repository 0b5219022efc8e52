"""Declarative comparisons: what to compare between two records, as ordered levels.

Each comparison describes one kind of evidence (given name, family name, e-mail, ...)
as an ordered list of levels, from the ``null`` level (a value is missing: no
evidence either way) through ``exact`` and graded similarity levels down to ``else``
(the values disagree). A pair of records falls into exactly one level of each
comparison: the first one, in order, whose condition holds.

Comparisons only *describe*; the scoring kernel evaluates them in bulk. Each carries
its trained parameters: ``m`` (the probability of each non-null level among true
matches) and ``u`` (among non-matches), in level order, without the null level.

Example::

    from identitylink.comparisons import ExactMatch, FamilyNameComparison

    FamilyNameComparison(jaro_winkler=(0.92, 0.85), term_frequency=True)
    ExactMatch(column="postcode")
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import (
    BaseModel,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

__all__ = [
    "BirthDateComparison",
    "Comparison",
    "CustomComparison",
    "EmailComparison",
    "ExactMatch",
    "FamilyNameComparison",
    "GivenNameComparison",
    "HandleYearComparison",
    "JaroWinklerAtThresholds",
    "PlaceComparison",
    "UsernameComparison",
]

STANDARD_COLUMNS = frozenset(
    {
        "given_name",
        "family_name",
        "email",
        "username",
        "place",
        "birth_date",
        "country",
        "phone",
        "postcode",
        "street",
        "city",
    }
)
"""Feature columns every record has (possibly empty); other names are attributes."""


def _jw_label(threshold: float) -> str:
    return f"jaro_winkler>={threshold:g}"


class _ComparisonBase(BaseModel, frozen=True, extra="forbid"):
    """Fields shared by every comparison."""

    name: str
    m: tuple[float, ...] | None = Field(
        default=None, description="P(level | match) per non-null level, trained"
    )
    u: tuple[float, ...] | None = Field(
        default=None, description="P(level | non-match) per non-null level, trained"
    )
    m_by_platform: dict[str, tuple[float, ...]] = Field(
        default_factory=dict,
        description="m among the profiles of one platform, where it is learnt apart"
        " (trained): X display names are abbreviated ('J. Dupont', nicknames)"
        " where Facebook gives structured names",
    )
    u_by_names: tuple[tuple[float, ...], ...] = Field(
        default=(),
        description="u among the candidate pairs whose names disagree, nearly agree"
        " and agree, in that order (trained, when the spec conditions u on names):"
        " namesakes share name-built e-mails and handles, and live nearby",
    )
    per_platform: bool = Field(
        default=False,
        description="learn m apart (EM) for a platform whose profiles the e-mail"
        " anchors do not cover",
    )
    term_frequency: bool = Field(
        default=False,
        description="adjust the exact level by how common the value is on the left",
    )
    u_within_blocks: bool = Field(
        default=False,
        description="learn u among the candidate pairs (EM) rather than keep u from"
        " random pairs: right for names, since a non-match inside a block is"
        " typically a namesake",
    )
    identifying: tuple[str, ...] | None = Field(
        default=None,
        description="the levels that identify a person beyond name and place (an"
        " auto link needs one); None: the kind's own choice (e-mail and"
        " username agreements, a full birth date; never a name or a place)",
    )
    max_else_m: float | None = Field(
        default=0.02,
        ge=0.0,
        le=1.0,
        description="cap on m of ``else`` in training (true matches rarely disagree);"
        " None: no cap",
    )

    def levels(self) -> tuple[str, ...]:
        """The level names in order: ``null`` first, ``else`` last."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def columns(self) -> tuple[str, ...]:
        """The feature columns this comparison reads."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def identifying_levels(self) -> frozenset[str]:
        """Levels that identify a person beyond name and place (an auto link needs
        one): ``identifying`` when the spec sets it, else the kind's own choice
        (:meth:`default_identifying_levels`)."""
        if self.identifying is not None:
            return frozenset(self.identifying)
        return self.default_identifying_levels()

    def default_identifying_levels(self) -> frozenset[str]:
        """Every agreeing level, unless the kind says otherwise."""
        return frozenset(self.levels()[1:-1])

    @model_validator(mode="after")
    def _identifying_are_levels(self) -> _ComparisonBase:
        if self.identifying is not None:
            unknown = sorted(set(self.identifying) - set(self.levels()[1:-1]))
            if unknown:
                raise ValueError(
                    f"identifying: {', '.join(unknown)} not an agreeing level of"
                    f" {self.name!r} ({', '.join(self.levels()[1:-1])})"
                )
        return self

    def name_agreement(self) -> tuple[int, ...] | None:
        """For a comparison of names, how far each level agrees (0 no, 1 nearly,
        2 yes), which conditions the u of the other comparisons; None otherwise."""
        return None


class GivenNameComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """Given names: exact, same nickname group (Bob ~ Robert), fuzzy, initial only.

    Swapped order ("DUPONT Jean") is handled by comparing every name reading of a
    profile and keeping the best one.
    """

    kind: Literal["given_name"] = "given_name"
    name: str = "given_name"
    u_within_blocks: bool = True
    per_platform: bool = True
    jaro_winkler: tuple[float, ...] = (0.92,)

    def levels(self) -> tuple[str, ...]:
        """``null, exact, nickname, jaro_winkler>=t..., initial, else``."""
        jw = tuple(_jw_label(t) for t in self.jaro_winkler)
        return ("null", "exact", "nickname", *jw, "initial", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``given_name``."""
        return ("given_name",)

    def default_identifying_levels(self) -> frozenset[str]:
        """None: namesakes share names."""
        return frozenset()

    def name_agreement(self) -> tuple[int, ...]:
        """Exact and nickname agree; fuzzy and initial nearly agree."""
        return tuple(
            2 if lv in ("exact", "nickname") else 0 if lv in ("null", "else") else 1
            for lv in self.levels()
        )


class FamilyNameComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """Family names: exact on any key variant (particles, maiden name), one word
    of a compound family name, fuzzy, initial only.

    With ``compound_word``, a family name that is one word of the other's
    compound name ("Santos" ~ "da Silva Santos", "Schmidt" ~ "Schmidt-Feldbrink")
    is a level of its own below ``exact``: the person may have dropped a name
    online, or be a namesake who never had the other one, so it learns its own m
    and takes no term-frequency bonus from the rarity of the whole compound.
    """

    kind: Literal["family_name"] = "family_name"
    name: str = "family_name"
    u_within_blocks: bool = True
    per_platform: bool = True
    jaro_winkler: tuple[float, ...] = (0.92, 0.85)
    term_frequency: bool = True
    compound_word: bool = True

    @model_validator(mode="before")
    @classmethod
    def _spec_without_compound_word(cls, data: Any) -> Any:
        """A spec trained before the ``compound_word`` level existed keeps its
        levels: its m has one value fewer."""
        if isinstance(data, dict) and "compound_word" not in data:
            m, jw = data.get("m"), data.get("jaro_winkler", (0.92, 0.85))
            if m is not None and len(m) == len(jw) + 3:
                return {**data, "compound_word": False}
        return data

    def levels(self) -> tuple[str, ...]:
        """``null, exact, compound_word, jaro_winkler>=t..., initial, else``
        (``compound_word`` only when set)."""
        jw = tuple(_jw_label(t) for t in self.jaro_winkler)
        word = ("compound_word",) if self.compound_word else ()
        return ("null", "exact", *word, *jw, "initial", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``family_name``."""
        return ("family_name",)

    def default_identifying_levels(self) -> frozenset[str]:
        """None: relatives and namesakes share family names."""
        return frozenset()

    def name_agreement(self) -> tuple[int, ...]:
        """Exact and one word of a compound agree; fuzzy nearly agrees; an initial
        alone does not."""
        return tuple(
            2
            if lv in ("exact", "compound_word")
            else 1
            if lv.startswith("jaro_winkler")
            else 0
            for lv in self.levels()
        )


class EmailComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """E-mail: canonical address equal, local part equal, local part similar."""

    kind: Literal["email"] = "email"
    name: str = "email"
    local_jaro_winkler: float = 0.9
    max_else_m: float | None = 0.15  # people have several addresses
    u_within_blocks: bool = True  # local parts are often built from names

    def levels(self) -> tuple[str, ...]:
        """``null, exact, local_exact, local_similar, else``."""
        return ("null", "exact", "local_exact", "local_similar", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``email``."""
        return ("email",)

    def default_identifying_levels(self) -> frozenset[str]:
        """The address itself; a local part like "jean.dupont" at another provider
        may well be a namesake's."""
        return frozenset({"exact"})


class UsernameComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """A right-side username against the left side's e-mail local part and the
    handles people build from their names (jdupont, jean_dupont75, dupontj).

    Digits and separators are removed before comparing; a username cut at the
    platform's length limit matches a longer handle that starts with it;
    ``name_inside``: the family name occurs in the username with the given name or
    its initial ("victor_berre656", "malz_ingbert").
    """

    kind: Literal["username"] = "username"
    name: str = "username"
    jaro_winkler: float = 0.88
    min_prefix: int = Field(
        default=8,
        ge=1,
        description="a username of at least this many letters that starts a handle"
        " counts as that handle (the platform cut it)",
    )
    term_frequency: bool = True
    max_else_m: float | None = None  # "golden_monkey48" says nothing either way
    u_within_blocks: bool = True  # handles are built from names: namesakes share them

    def levels(self) -> tuple[str, ...]:
        """``null, email_local, handle, name_inside, similar, else``."""
        return ("null", "email_local", "handle", "name_inside", "similar", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``username`` (right) against ``email`` and names (left)."""
        return ("username",)

    def default_identifying_levels(self) -> frozenset[str]:
        """Only ``email_local``: a handle built from a name is shared by namesakes."""
        return frozenset({"email_local"})


class PlaceComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """City key equal (location, hometown or a city named in the bio), same
    country only, or different country."""

    kind: Literal["place"] = "place"
    name: str = "place"
    term_frequency: bool = True
    max_else_m: float | None = 0.1  # people move, travel, tweet from elsewhere
    u_within_blocks: bool = True  # blocks are built on places: namesakes nearby

    def levels(self) -> tuple[str, ...]:
        """``null, city, hometown, country, else``."""
        return ("null", "city", "hometown", "country", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``place``."""
        return ("place",)

    def default_identifying_levels(self) -> frozenset[str]:
        """None: many people live in one city."""
        return frozenset()


class BirthDateComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """Birth dates, partial on either side: full date, day and month, year only."""

    kind: Literal["birth_date"] = "birth_date"
    name: str = "birth_date"
    term_frequency: bool = True

    def levels(self) -> tuple[str, ...]:
        """``null, exact, day_month, year, else``."""
        return ("null", "exact", "day_month", "year", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``birth_date``."""
        return ("birth_date",)

    def default_identifying_levels(self) -> frozenset[str]:
        """Full date or day and month; a year alone is shared by too many."""
        return frozenset({"exact", "day_month"})


class HandleYearComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """A birth year against the numbers in the other side's username and e-mail
    local part (``daniel_1963``, ``anna1982@``, ``lune68``), both ways.

    People write their year of birth into handles; a four-digit year equal to
    the birth year, or its last two digits, is evidence that names and places
    cannot give (namesakes in one city are rarely born the same year). Supporting
    evidence only: not identifying by default.
    """

    kind: Literal["handle_year"] = "handle_year"
    name: str = "handle_year"
    max_else_m: float | None = None  # "golden_monkey48": most numbers are not years

    def levels(self) -> tuple[str, ...]:
        """``null, year, two_digits, else``."""
        return ("null", "year", "two_digits", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``birth_date`` against ``username`` and ``email``."""
        return ("birth_date", "username", "email")

    def default_identifying_levels(self) -> frozenset[str]:
        """None: a year is shared by many; it separates namesakes, no more."""
        return frozenset()


class ExactMatch(_ComparisonBase, frozen=True, extra="forbid"):
    """Any column (standard or a CRM attribute) compared for equality after folding."""

    kind: Literal["exact"] = "exact"
    name: str = ""
    column: str

    def model_post_init(self, context: object, /) -> None:
        """Name the comparison after its column unless named."""
        if not self.name:
            object.__setattr__(self, "name", self.column)

    def levels(self) -> tuple[str, ...]:
        """``null, exact, else``."""
        return ("null", "exact", "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``column``."""
        return (self.column,)


class JaroWinklerAtThresholds(_ComparisonBase, frozen=True, extra="forbid"):
    """Any column compared with Jaro-Winkler similarity at decreasing thresholds."""

    kind: Literal["jaro_winkler"] = "jaro_winkler"
    name: str = ""
    column: str
    thresholds: tuple[float, ...] = (0.92, 0.8)

    def model_post_init(self, context: object, /) -> None:
        """Name the comparison after its column unless named."""
        if not self.name:
            object.__setattr__(self, "name", self.column)

    def levels(self) -> tuple[str, ...]:
        """``null, exact, jaro_winkler>=t..., else``."""
        return ("null", "exact", *(_jw_label(t) for t in self.thresholds), "else")

    def columns(self) -> tuple[str, ...]:
        """Reads ``column``."""
        return (self.column,)


class CustomComparison(_ComparisonBase, frozen=True, extra="forbid"):
    """The base of a comparison kind defined outside identitylink, in one class.

    A subclass gives its ``kind`` (a ``Literal`` field with a default, the name its
    JSON carries), :meth:`levels`, :meth:`columns` and :meth:`compare`; defining it
    registers the kind, so a :class:`~identitylink.LinkSpec` holding it is trained,
    scored, explained and saved to JSON like a built-in one::

        class PostcodeArea(CustomComparison, frozen=True, extra="forbid"):
            kind: Literal["postcode_area"] = "postcode_area"
            name: str = "postcode_area"

            def levels(self) -> tuple[str, ...]:
                return ("null", "exact", "area", "else")

            def columns(self) -> tuple[str, ...]:
                return ("postcode",)

            def compare(self, left, right):
                area = np.array([a[:2] == b[:2] for a, b in zip(left, right)])
                return np.select([left == right, area], [1, 2], 3).astype(np.int8)
    """

    kind: str

    def compare(
        self, left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
    ) -> npt.NDArray[np.int8]:
        """The level of each pair (``left[k]``, ``right[k]``): an index into
        :meth:`levels` from 1 (the first after ``null``) to the last (``else``).
        Values are the first column's folded text, both present: pairs where
        either is missing are ``null`` without being asked."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Register the subclass under its ``kind``."""
        super().__pydantic_init_subclass__(**kwargs)
        kind = cls.model_fields["kind"].default
        if not isinstance(kind, str) or not kind:
            raise TypeError(
                f"{cls.__name__}: a comparison kind needs a default 'kind' string"
            )
        known = _KINDS.get(kind)
        if known is not None and not issubclass(known, CustomComparison):
            raise TypeError(f"{cls.__name__}: kind {kind!r} is a built-in kind")
        _KINDS[kind] = cls


_KINDS: dict[str, type[_ComparisonBase]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        GivenNameComparison,
        FamilyNameComparison,
        EmailComparison,
        UsernameComparison,
        PlaceComparison,
        BirthDateComparison,
        HandleYearComparison,
        ExactMatch,
        JaroWinklerAtThresholds,
    )
}
"""Every comparison kind by the ``kind`` its JSON carries (custom kinds register
themselves when their class is defined)."""


def _parse_comparison(value: object) -> _ComparisonBase:
    if isinstance(value, _ComparisonBase):
        return value
    if not isinstance(value, dict):
        raise ValueError("a comparison is an object with a 'kind'")
    kind = value.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(
            f"unknown comparison kind {kind!r} (known: {', '.join(sorted(_KINDS))})"
        )
    try:
        return cls.model_validate(value)
    except ValidationError as exc:
        # One line per problem, naming the field inside the comparison.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'kind'}: {e['msg']}"
            for e in exc.errors()
        )
        raise ValueError(f"comparison of kind {kind!r}: {problems}") from None


def _dump_comparison(value: _ComparisonBase, info: SerializationInfo) -> Any:
    return value.model_dump(mode=info.mode, exclude_none=info.exclude_none)


Comparison = Annotated[
    GivenNameComparison
    | FamilyNameComparison
    | EmailComparison
    | UsernameComparison
    | PlaceComparison
    | BirthDateComparison
    | HandleYearComparison
    | ExactMatch
    | JaroWinklerAtThresholds
    | CustomComparison,
    PlainValidator(_parse_comparison),
    PlainSerializer(_dump_comparison),
    WithJsonSchema({"type": "object", "required": ["kind"]}),
]
"""Any comparison a :class:`~identitylink.LinkSpec` can hold: a built-in kind, or a
:class:`CustomComparison` subclass (chosen by ``kind`` when read from JSON)."""

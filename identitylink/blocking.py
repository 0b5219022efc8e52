"""Blocking rules: which pairs of records are worth comparing at all.

A blocking rule names one or more *keys*; two records become a candidate pair when
they share a value of every key of the rule. The candidate pairs of all the rules of
a spec are unioned without duplicates. Keys are computed from normalised records:

=================  ==========================================================
key                value
=================  ==========================================================
``email``          canonical e-mail address
``handle``         a name-derived handle or e-mail local part, digits removed
                   (jdupont, jeandupont, dupontj); a username on the right
``handle_prefix``  the first 8 letters of a handle or username: a name-built
                   username cut short and padded (matsanderss5753)
``family``         folded family name, any variant (with/without particles,
                   maiden name, each word of a double name)
``family_phonetic`` phonetic key of the family name
``family_initial`` first letter of the family name
``given_group``    nickname group of each given name (bob -> robert)
``given_initial``  first letter of the given name
``name_pair``      each pair of the words of a name, in no order ("ferreira
                   maria"), given names by nickname group; not in the default
``city``           canonical city key (exonyms resolved)
``country``        ISO-2 country code
``birth_month_day`` birthday without the year (MM-DD)
``birth_date``     full birth date
``phone``          E.164 phone number
``postcode``       postcode, folded
=================  ==========================================================

Any other name is a column, as the comparisons name them: ``street``,
``given_name``, ``family_name``, ``username``, or a CRM attribute (a column the
reader kept), compared after folding.

Keys shared by very many left records ("Martin" in Paris) would make a block explode:
a block with more than ``max_block_size`` left records is split by ``refine_with``
(a further key) when the rule has one, and otherwise dropped; the blocking report
counts both.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = [
    "STANDARD_KEYS",
    "BlockingReport",
    "BlockingRule",
    "BlockingRuleStats",
    "block_on",
]

STANDARD_KEYS = frozenset(
    {
        "email",
        "handle",
        "handle_prefix",
        "family",
        "family_phonetic",
        "family_initial",
        "given_group",
        "given_initial",
        "given_skeleton",
        "family_skeleton",
        "name_pair",
        "city",
        "country",
        "birth_month_day",
        "birth_date",
        "phone",
        "postcode",
    }
)
"""Blocking keys computed for every record; other names are attribute columns."""


class BlockingRule(BaseModel, frozen=True, extra="forbid"):
    """Pairs that share a value of every key in ``keys`` are candidates."""

    keys: tuple[str, ...] = Field(min_length=1)
    name: str = ""
    max_block_size: int = Field(default=300, ge=1)
    refine_with: str | None = None

    def model_post_init(self, context: object, /) -> None:
        """Name the rule after its keys unless named."""
        if not self.name:
            object.__setattr__(self, "name", "+".join(self.keys))


def block_on(
    *keys: str,
    name: str = "",
    max_block_size: int = 300,
    refine_with: str | None = None,
) -> BlockingRule:
    """A blocking rule on ``keys``: ``block_on("family_phonetic", "city")``.

    Blocks with more than ``max_block_size`` left records are split by the key
    ``refine_with`` when given, else dropped (and reported).
    """
    return BlockingRule(
        keys=keys, name=name, max_block_size=max_block_size, refine_with=refine_with
    )


class BlockingRuleStats(BaseModel, frozen=True, extra="forbid"):
    """Pairs one blocking rule produced."""

    rule: str
    pairs: int
    new_pairs: int
    capped_blocks: int
    refined_blocks: int
    dropped_pairs: int
    true_pairs_kept: int | None = Field(
        default=None, description="true pairs among the pairs this rule added"
    )


class BlockingReport(BaseModel, frozen=True, extra="forbid"):
    """Pairs per rule, their union, and (with a truth table) the true pairs kept."""

    rules: tuple[BlockingRuleStats, ...]
    total_pairs: int
    true_pairs: int | None = None
    true_pairs_kept: int | None = None

    @property
    def recall(self) -> float | None:
        """Share of true pairs that survive blocking."""
        if not self.true_pairs:
            return None
        return (self.true_pairs_kept or 0) / self.true_pairs

"""``LinkSpec``: the declarative, versioned description of how to link two tables.

A spec holds the comparisons (each with its ordered levels and, once trained, its
``m`` and ``u`` parameters), the blocking rules, the decision thresholds and the
prior. It round-trips through JSON (:meth:`LinkSpec.to_json`,
:meth:`LinkSpec.from_json`) and :attr:`LinkSpec.spec_hash` identifies it in results.
The :class:`~identitylink.Linker` executes a spec; the spec never executes itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from identitylink._validation import one_line
from identitylink.blocking import BlockingRule, block_on
from identitylink.comparisons import (
    BirthDateComparison,
    Comparison,
    EmailComparison,
    ExactMatch,
    FamilyNameComparison,
    GivenNameComparison,
    HandleYearComparison,
    PlaceComparison,
    UsernameComparison,
)
from identitylink.exceptions import ConfigurationError

__all__ = ["DecisionThresholds", "LinkSpec"]

SPEC_VERSION = 1


class DecisionThresholds(BaseModel, frozen=True, extra="forbid"):
    """How scored pairs become decisions.

    - ``auto``: probability at or above which a link is made without review, provided
      the best customer beats the runner-up by ``auto_margin`` bits and the evidence
      is more than name and place (see ``docs/explanation/matching.md``);
    - ``review``: probability at or above which a link goes to review;
    - ``review_margin``: a profile whose two best customers are closer than this (in
      bits of match weight) is not linked at all: it is a namesake case;
    - ``second_profile_weight``: extra match weight a second profile of the same
      platform needs before it may link to a customer who already has one;
    - ``cross_platform_bonus``: bits added to a profile's edge to customer C when a
      profile on another platform agrees with it (names and city, or username =
      e-mail local part) and is itself linked to C (C its best candidate by at
      least ``review_margin`` bits, at ``auto`` probability or more), and are taken
      off when the agreeing profile's own edge to C is below ``review`` probability
      (unless the edge has identifying evidence); 0 turns it off;
    - ``candidates_compete``: a profile is one person, so its candidate customers are
      exclusive hypotheses: the probability of a pair is its odds against "none of
      them" *and* against every other candidate of the profile (the bits taken off
      show as the ``other_candidates`` term of the explanation). Ten namesakes
      that each fit as well as the best one make none of them likely; off, each
      pair is scored alone.
    """

    auto: float = Field(default=0.9, ge=0.0, le=1.0)
    review: float = Field(default=0.1, ge=0.0, le=1.0)
    auto_margin: float = Field(default=2.0, ge=0.0)
    review_margin: float = Field(default=1.0, ge=0.0)
    second_profile_weight: float = Field(default=6.0, ge=0.0)
    cross_platform_bonus: float = Field(default=3.0, ge=0.0)
    candidates_compete: bool = True


class LinkSpec(BaseModel, frozen=True, extra="forbid"):
    """Comparisons, blocking rules, thresholds and (once trained) parameters."""

    version: int = SPEC_VERSION
    comparisons: tuple[Comparison, ...] = Field(min_length=1)
    blocking_rules: tuple[BlockingRule, ...] = Field(min_length=1)
    thresholds: DecisionThresholds = DecisionThresholds()
    prior: float | None = Field(
        default=None,
        gt=0.0,
        lt=1.0,
        description="P(match) for a random candidate pair; trained when None",
    )
    condition_u_on_names: bool = Field(
        default=True,
        description="learn the u of the comparisons that learn u within blocks"
        " (e-mail, username, place) apart for pairs whose names disagree, nearly"
        " agree and agree: among namesakes a name-built e-mail or handle, or the"
        " same city, is far less rare than among other candidate pairs",
    )
    u_sample_size: int = Field(default=100_000, ge=1000)
    em_iterations: int = Field(default=40, ge=1)
    seed: int = 42

    @property
    def trained(self) -> bool:
        """True when every comparison has ``m`` and ``u`` and the prior is set."""
        return self.prior is not None and all(
            c.m is not None and c.u is not None for c in self.comparisons
        )

    @property
    def spec_hash(self) -> str:
        """A short stable hash of the spec's JSON, parameters included."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]

    def to_json(self, *, indent: int | None = None) -> str:
        """The spec as JSON (comparisons keep their ``kind`` discriminator)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> LinkSpec:
        """Parse a spec from JSON; an invalid spec raises ConfigurationError."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise ConfigurationError(f"invalid link spec: {one_line(exc)}") from exc

    @classmethod
    def from_file(cls, path: str | Path) -> LinkSpec:
        """Read a spec from a JSON file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"cannot read spec {path}: {exc}") from exc
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise ConfigurationError(
                f"invalid link spec {path}: {one_line(exc)}"
            ) from exc

    def untrained(self) -> LinkSpec:
        """A copy without trained parameters (``m``, ``u``, ``prior``)."""
        comps = tuple(
            c.model_copy(
                update={"m": None, "u": None, "m_by_platform": {}, "u_by_names": ()}
            )
            for c in self.comparisons
        )
        return self.model_copy(update={"comparisons": comps, "prior": None})

    @classmethod
    def default(cls) -> LinkSpec:
        """The default spec for social profiles (X, Facebook) against a CRM."""
        return cls(
            comparisons=(
                GivenNameComparison(),
                FamilyNameComparison(),
                EmailComparison(),
                UsernameComparison(),
                PlaceComparison(),
                BirthDateComparison(),
                HandleYearComparison(),
                # A phone in a profile's bio against the CRM's: identifying when
                # equal; a different number (a work line?) is not capped as a
                # disagreement of names is.
                ExactMatch(column="phone", max_else_m=None),
            ),
            blocking_rules=(
                block_on("email"),
                block_on("phone"),
                block_on("handle", refine_with="given_initial", max_block_size=20),
                block_on(
                    "handle_prefix", refine_with="given_initial", max_block_size=20
                ),
                block_on("family", "given_group", refine_with="city"),
                block_on("family_phonetic", "city", refine_with="given_initial"),
                block_on("family_phonetic", "given_group", refine_with="city"),
                block_on("family", "given_initial", refine_with="city"),
                block_on("given_group", "city", "family_initial"),
                # Names written without vowels (Arabic script: "khld", "ywsf").
                block_on("family_skeleton", "given_skeleton", max_block_size=50),
            ),
        )

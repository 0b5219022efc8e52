"""The registry of comparison kinds: what the engine does for each one.

An :class:`Evaluator` says how to turn a comparison into levels for candidate
pairs, which left column adjusts its agreement by term frequency, and what values
an explanation shows. The kernel looks the evaluator up by the comparison's class
(its nearest registered base): built-in kinds are registered by
:mod:`identitylink._engine.builtin`, and every
:class:`~identitylink.comparisons.CustomComparison` subclass is evaluated by its
own ``compare`` through :data:`CUSTOM`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from identitylink.comparisons import CustomComparison
from identitylink.exceptions import ConfigurationError

if TYPE_CHECKING:
    from identitylink._engine.features import Side

__all__ = [
    "CUSTOM",
    "Evaluator",
    "evaluator_for",
    "one_reading",
    "register",
    "shown_text",
]

Int = npt.NDArray[np.int64]
Obj = npt.NDArray[np.object_]
Levels = npt.NDArray[np.int8]

LevelsFn = Callable[[Any, Any, "Side", "Side", Int, Int, int], Levels]
"""(memo, comparison, left, right, left rows, right rows, name reading) -> levels.
The memo is the kernel's per-run cache of codes; the reading matters only to the
name kinds (each profile's name is read several ways)."""


@dataclass(frozen=True)
class Evaluator:
    """How the engine evaluates one comparison kind."""

    levels: LevelsFn
    tf_column: Callable[[Any, Side], Obj | None]
    """The left values whose frequency shrinks an agreement (term frequency)."""
    shown: Callable[[Any, Side, Int, Int, bool], list[str | None]]
    """What an explanation shows for rows of a side: (comparison, side, rows, each
    pair's reading, left?)."""
    tf_levels: tuple[int, ...] = (1,)
    """The levels a term-frequency adjustment applies to (``exact`` by default)."""
    reads_columns: bool = False
    """The comparison names its columns: they are checked before any work, and a
    record with a value there is comparable."""
    names: bool = False
    """A name kind: evaluated for every name reading, the best reading kept."""
    reads: tuple[str, ...] = ()
    """The standard side columns the level function reads (see
    :data:`identitylink._engine.features.SIDE_COLUMNS`): the kind's part of the
    named-column contract. A kind that names its columns in the spec
    (``reads_columns``) reads those instead."""

    def reads_of(self, comparison: Any) -> tuple[str, ...]:
        """The columns ``comparison`` reads: the kind's own, or those the spec
        names for it (``given_name``/``family_name`` are the first name readings
        of the ``given``/``family`` columns)."""
        if not self.reads_columns:
            return self.reads
        named: tuple[str, ...] = comparison.columns()
        return tuple(_READING_COLUMNS.get(name, name) for name in named)


_READING_COLUMNS = {"given_name": "given", "family_name": "family"}
"""Spec names of the first name readings, and the side column holding them."""


def one_reading(levels: Callable[..., Levels]) -> LevelsFn:
    """A level function that does not depend on the name reading."""
    return lambda memo, comp, left, right, li, ri, v: levels(
        memo, comp, left, right, li, ri
    )


def shown_text(values: npt.NDArray[Any]) -> list[str | None]:
    """Values as an explanation shows them: text, ``None`` where missing."""
    return [str(x) if x else None for x in values]


_REGISTRY: dict[type, Evaluator] = {}
_BUILTIN_LOADED = False


def register(kind: type, evaluator: Evaluator) -> None:
    """Evaluate comparisons of class ``kind`` (and its subclasses) with
    ``evaluator``."""
    _REGISTRY[kind] = evaluator


def evaluator_for(comparison: object) -> Evaluator:
    """The evaluator of a comparison: its class's, or its nearest base's."""
    global _BUILTIN_LOADED  # set once, when the built-ins register
    if not _BUILTIN_LOADED:
        # The built-in kinds import the kernel's level functions, and the kernel
        # dispatches through here: they register on first use, not at import.
        from identitylink._engine import builtin  # noqa: F401 - registers on import

        _BUILTIN_LOADED = True
    for cls in type(comparison).__mro__:
        found = _REGISTRY.get(cls)
        if found is not None:
            return found
    raise ConfigurationError(
        f"comparison {getattr(comparison, 'name', comparison)!r}: no evaluator for"
        f" kind {type(comparison).__name__}"
    )


def _first_column(comp: CustomComparison, side: Side) -> Obj:
    name = comp.columns()[0]
    col = side.column(name)
    if col is None:
        raise ConfigurationError(f"comparison {comp.name!r}: no column {name!r}")
    return col


def _custom_levels(
    memo: Any,
    comp: CustomComparison,
    left: Side,
    right: Side,
    li: Int,
    ri: Int,
    reading: int,
) -> Levels:
    a, b = _first_column(comp, left)[li], _first_column(comp, right)[ri]
    present = (a != "") & (b != "")
    out = np.zeros(len(li), dtype=np.int8)
    if not present.any():
        return out
    got = np.asarray(comp.compare(a[present], b[present]))
    top = len(comp.levels()) - 1
    if got.shape != (int(present.sum()),) or (
        len(got) and (got.min() < 1 or got.max() > top)
    ):
        raise ConfigurationError(
            f"comparison {comp.name!r}: compare() must give one level in 1..{top}"
            " per pair"
        )
    out[present] = got.astype(np.int8)
    return out


def _custom_shown(
    comp: CustomComparison, side: Side, rows: Int, reading: Int, left: bool
) -> list[str | None]:
    return shown_text(_first_column(comp, side)[rows])


CUSTOM = Evaluator(
    levels=_custom_levels,
    tf_column=_first_column,
    shown=_custom_shown,
    reads_columns=True,
)
"""Every :class:`~identitylink.comparisons.CustomComparison`: its own ``compare``
on the folded values of its first column, ``null`` where either is missing."""

register(CustomComparison, CUSTOM)

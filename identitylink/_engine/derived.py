"""Derived columns: a named column computed from another by a pure normaliser.

A spec names columns, in comparisons (``ExactMatch(column="postcode_area")``) and
in blocking rules (``block_on("postcode_area")``) alike. A name is a standard
column of a :class:`~identitylink._engine.features.Side`, an attribute of the
records (a CRM column no field claims), or a derived column registered here with
:func:`identitylink.comparisons.derived_column`: its values are
``normalise(value)`` of its source column (folded text; ``""`` is missing),
computed once per distinct value, the first time a side is asked for it, and kept
on that side. A derived column may derive from another.

The registry is code, like a custom comparison kind: a spec saved as JSON holds
only the names, and the module that registers them must be imported before it is
linked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from identitylink.exceptions import ConfigurationError

__all__ = ["DerivedColumn", "derived", "register_derived", "root_sources"]

Normaliser = Callable[[str], str]


@dataclass(frozen=True)
class DerivedColumn:
    """``name``'s values are ``normalise`` of column ``source``'s."""

    name: str
    source: str
    normalise: Normaliser


_DERIVED: dict[str, DerivedColumn] = {}


def register_derived(name: str, source: str, normalise: Normaliser) -> None:
    """Register (or, re-imported, replace) the derived column ``name``."""
    if not name or not source:
        raise ConfigurationError("a derived column needs a name and a source column")
    if name == source:
        raise ConfigurationError(f"derived column {name!r} cannot derive from itself")
    seen = {name}
    step = source
    while step in _DERIVED:  # a chain must not come back to the new name
        if step in seen:
            break
        seen.add(step)
        step = _DERIVED[step].source
    if step == name:
        raise ConfigurationError(f"derived column {name!r} would derive from itself")
    _DERIVED[name] = DerivedColumn(name, source, normalise)


def derived(name: str) -> DerivedColumn | None:
    """The derived column called ``name``, if one is registered."""
    return _DERIVED.get(name)


def root_sources(names: Iterable[str]) -> set[str]:
    """``names`` with every derived column replaced by the column it comes from,
    followed to the end of its chain (what the records must hold)."""
    out: set[str] = set()
    for name in names:
        step = name
        while step in _DERIVED:
            step = _DERIVED[step].source
        out.add(step)
    return out

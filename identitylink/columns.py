"""Named columns: derived columns that comparisons and blocking rules can name.

A spec refers to columns by name only, in comparisons and blocking rules alike: a
standard column (``given_name``, ``postcode``, ...), a CRM column no field claims
(kept as an attribute), or a *derived* column registered here. A derived column is
a pure function of one other column's folded text, so a new kind of evidence is
one decorated function, with no edit of the engine::

    from identitylink import LinkSpec, block_on
    from identitylink.columns import derived_column
    from identitylink.comparisons import ExactMatch


    @derived_column("postcode_area", source="postcode")
    def postcode_area(postcode: str) -> str:
        return postcode[:2]


    spec = LinkSpec(
        comparisons=(ExactMatch(column="postcode_area"), ...),
        blocking_rules=(block_on("postcode_area", "family_phonetic"),),
    )

The function gets each distinct folded value of the source column once (never the
empty string, which stands for a missing value) and returns the derived value,
``""`` for missing. It must be pure: the same input gives the same output on every
machine, in a batch run, in :class:`~identitylink.Index` and on Spark. A spec
saved as JSON holds only the names; import the module that registers them before
linking with it.
"""

from __future__ import annotations

from collections.abc import Callable

from identitylink._engine.derived import register_derived
from identitylink.exceptions import ConfigurationError

__all__ = ["derived_column"]

Normaliser = Callable[[str], str]


def derived_column(name: str, *, source: str) -> Callable[[Normaliser], Normaliser]:
    """Register the decorated function as the derived column ``name`` of ``source``.

    Registering a name again replaces it (a module imported twice); a name that
    would derive from itself raises :class:`~identitylink.ConfigurationError`.
    """

    def register(normalise: Normaliser) -> Normaliser:
        def safe(value: str) -> str:
            if not value:
                return ""
            out = normalise(value)
            if not isinstance(out, str):
                raise ConfigurationError(
                    f"derived column {name!r}: {normalise.__name__}({value!r}) "
                    f"returned {type(out).__name__}, not a string"
                )
            return out

        register_derived(name, source, safe)
        return normalise

    return register

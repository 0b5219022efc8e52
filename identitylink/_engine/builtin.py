"""The comparison kinds identitylink ships: importing this module registers them.

Each kind lives in one module with its level function, the left column whose
frequency adjusts an agreement, what an explanation shows and the side columns it
reads (:class:`~identitylink._engine.kinds.Evaluator`): names
(:mod:`~identitylink._engine.kind_names`), e-mail and username
(:mod:`~identitylink._engine.kind_contact`), place
(:mod:`~identitylink._engine.kind_places`), birth date and handle year
(:mod:`~identitylink._engine.kind_births`), and the named-column kinds
(:mod:`~identitylink._engine.kind_columns`). A new kind is one such module.
"""

from __future__ import annotations

from identitylink._engine import (  # noqa: F401 - each registers its kinds on import
    kind_births,
    kind_columns,
    kind_contact,
    kind_names,
    kind_places,
)

__all__: list[str] = []

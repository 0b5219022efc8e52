"""Building already-checked records without pydantic's per-field work.

The readers check every value the way the models' validators would (string ids of the
right length, ISO-2 countries, real dates, strings or None elsewhere), then build the
frozen model from a complete field dict. This does what ``BaseModel.model_construct``
does when every field is given, without its loop over defaults, which is most of the
cost of reading 300,000 records. ``tests/test_sources_build.py`` checks that the
result equals both ``model_construct`` and full validation.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["build_checked", "gc_paused"]

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def build_checked(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` from ``values``, which must name every field, checked.

    All instances of a class share one "fields set" (every field is set): a set per
    record would cost 700 bytes each. Frozen models never add to it, and pydantic
    copies it before changing it in ``model_copy``.
    """
    fields_set = _ALL_FIELDS.get(cls)
    if fields_set is None:
        fields_set = _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
    instance = cls.__new__(cls)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many acyclic records are built.

    Each new container counts towards a collection, so building 200,000 records
    triggers repeated full passes over everything already built (half the reading
    time). Records hold no reference cycles; reference counting frees them as usual.
    The collector's previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

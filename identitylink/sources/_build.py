"""Building already-checked records without pydantic's per-field work.

The readers check every value the way the models' validators would (string ids of the
right length, ISO-2 countries, real dates, strings or None elsewhere), then build the
frozen model from a complete field dict. This does what ``BaseModel.model_construct``
does when every field is given, without its loop over defaults, which is most of the
cost of reading 300,000 records. ``tests/test_sources_build.py`` checks that the
result equals both ``model_construct`` and full validation.
"""

from __future__ import annotations

from collections import deque
from itertools import repeat
from typing import Any, TypeVar, cast

from pydantic import BaseModel

__all__ = ["build_checked", "build_many"]

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def _fields_set(cls: type[BaseModel]) -> set[str]:
    """The one "fields set" all instances of ``cls`` share (every field is set).

    A set per record would cost 700 bytes each. Frozen models never add to it, and
    pydantic copies it before changing it in ``model_copy``.
    """
    fields_set = _ALL_FIELDS.get(cls)
    if fields_set is None:
        fields_set = _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
    return fields_set


def build_checked(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` from ``values``, which must name every field, checked."""
    fields_set = _fields_set(cls)
    instance = cls.__new__(cls)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


def build_many(cls: type[M], dicts: list[dict[str, Any]]) -> list[M]:
    """:func:`build_checked` over many field dicts, each stored as the instance's own.

    The instances are made and filled by ``map`` in C: no Python call per record.
    """
    count = len(dicts)
    instances = cast(list[M], list(map(object.__new__, repeat(cls, count))))
    for name, values in (
        ("__dict__", dicts),
        ("__pydantic_fields_set__", repeat(_fields_set(cls), count)),
        ("__pydantic_extra__", repeat(None, count)),
        ("__pydantic_private__", repeat(None, count)),
    ):
        deque(map(_set, instances, repeat(name), values), maxlen=0)
    return instances

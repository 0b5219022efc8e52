"""``identitylink.storage`` is a documented public subpackage: a curated surface."""

from __future__ import annotations

import inspect

import identitylink.storage as storage


def test_all_is_sorted_unique_and_complete() -> None:
    names = list(storage.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))
    public = {
        name
        for name, obj in vars(storage).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
    }
    assert public - set(names) == set()


def test_every_public_name_has_a_docstring() -> None:
    undocumented = [
        n for n in storage.__all__ if not inspect.getdoc(getattr(storage, n))
    ]
    assert undocumented == []

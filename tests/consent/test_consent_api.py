"""The public surface of ``identitylink.consent``: sorted, complete, documented."""

from __future__ import annotations

import inspect

import identitylink.consent as consent


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions.
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def test_all_is_sorted_unique_and_resolvable() -> None:
    names = list(consent.__all__)

    assert names == sorted(names, key=_isort_key)
    assert len(names) == len(set(names))
    assert [n for n in names if not hasattr(consent, n)] == []


def test_every_public_class_and_function_is_exported_and_documented() -> None:
    public = {
        name
        for name, obj in vars(consent).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", "").startswith("identitylink.consent")
    }
    assert public - set(consent.__all__) == set()
    undocumented = [n for n in public if not inspect.getdoc(getattr(consent, n))]
    assert undocumented == []

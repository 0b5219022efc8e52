"""The public surface is curated: ``__all__`` is sorted, complete and documented."""

from __future__ import annotations

import inspect

import identitylink


def _isort_style(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then everything else.
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_unique() -> None:
    names = list(identitylink.__all__)
    assert names == sorted(names, key=_isort_style)
    assert len(names) == len(set(names))


def test_all_names_exist() -> None:
    missing = [n for n in identitylink.__all__ if not hasattr(identitylink, n)]
    assert missing == []


def test_every_public_class_and_function_is_exported() -> None:
    public = {
        name
        for name, obj in vars(identitylink).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", "").startswith("identitylink")
    }
    assert public - set(identitylink.__all__) == set()


def test_every_public_class_and_function_has_a_docstring() -> None:
    undocumented = [
        name
        for name in identitylink.__all__
        if (
            inspect.isclass(getattr(identitylink, name))
            or inspect.isfunction(getattr(identitylink, name))
        )
        and not inspect.getdoc(getattr(identitylink, name))
    ]
    assert undocumented == []


def test_exceptions_share_one_root() -> None:
    errors = [
        getattr(identitylink, n)
        for n in identitylink.__all__
        if inspect.isclass(getattr(identitylink, n))
        and issubclass(getattr(identitylink, n), BaseException)
    ]
    assert errors
    assert all(issubclass(e, identitylink.IdentityLinkError) for e in errors)

"""The examples in the normalize docstrings and on the docs page stay true."""

from __future__ import annotations

import ast
import doctest
import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from identitylink import normalize

MODULES = sorted({getattr(normalize, name).__module__ for name in normalize.__all__})
DOCS_PAGE = Path(__file__).parent.parent / "docs" / "explanation" / "normalisation.md"


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0


def test_every_public_name_is_on_the_docs_page() -> None:
    text = DOCS_PAGE.read_text(encoding="utf-8")
    missing = [name for name in normalize.__all__ if f"`{name}" not in text]
    assert missing == []


def _examples() -> list[tuple[str, str]]:
    """(expression, expected) from "call(...)  # expected" lines of python blocks."""
    text = DOCS_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    pairs = []
    for block in blocks:
        for line in block.splitlines():
            code, sep, comment = line.partition("  # ")
            if sep and code.strip() and not code.startswith(("from ", "import ")):
                pairs.append((code.strip(), comment.strip()))
    return pairs


def _check(value: Any, expected: str) -> None:
    if re.match(r"^\w+=", expected):
        # "attr=value, attr=value": attributes of a result model.
        for item in re.findall(r"(\w+)=('[^']*'|None|True|False)", expected):
            assert getattr(value, item[0]) == ast.literal_eval(item[1]), item
    else:
        literal = ast.literal_eval(expected)
        if isinstance(literal, set):
            assert set(value) == literal
        else:
            assert value == literal


@pytest.mark.parametrize(("expression", "expected"), _examples())
def test_docs_page_examples(expression: str, expected: str) -> None:
    value = eval(expression, dict(vars(normalize)))  # our own docs page
    _check(value, expected)


def test_docs_page_has_examples() -> None:
    assert len(_examples()) >= 10

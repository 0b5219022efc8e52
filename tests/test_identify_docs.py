"""The Python example of ``docs/how-to/identify.md`` runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import identitylink as il

PAGE = Path(__file__).resolve().parents[1] / "docs" / "how-to" / "identify.md"


def test_the_first_example_runs_and_builds_an_index() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)
    index = namespace["index"]
    assert isinstance(index, il.Index)
    assert len(index) > 100

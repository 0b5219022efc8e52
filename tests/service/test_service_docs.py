"""The Python examples of ``docs/how-to/service.md`` run as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "service.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.DOTALL)


def test_the_page_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_example_runs(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # The page's files are the shipped sample's (crm.csv, twitter.jsonl, ...).
    sample = Path(__file__).resolve().parents[2] / "examples" / "data"
    for name in ("crm.csv", "crm_mapping.json", "twitter.jsonl", "facebook.jsonl"):
        shutil.copy(sample / name, tmp_path / name)
    exec(compile(code, str(PAGE), "exec"), {})

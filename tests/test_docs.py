"""Documentation that cannot drift: CLI help, the CLI reference page, the examples.

An example declares what it needs outside the repository with a comment line
``# needs: postgres`` (marked ``postgres``, like the other PostgreSQL tests) or
``# needs: shared-data`` (skipped, saying so, when ``IDENTITYLINK_SHARED_DATA`` does
not name an existing directory). Examples that another test module already runs are
not run a second time here (a module counts when it names the script and runs code:
runpy, subprocess, an import).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest

from identitylink.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
_RUNS_CODE = re.compile(r"runpy|run_path|subprocess|import_module|spec_from_file")


def _generator() -> ModuleType:
    path = ROOT / "docs" / "gen_cli_reference.py"
    spec = importlib.util.spec_from_file_location("gen_cli_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "identitylink")
    return found


def test_every_command_has_help() -> None:
    commands = _all_commands()
    assert len(commands) > 5
    missing = [path for path, command in commands if not (command.help or "").strip()]
    assert not missing, f"commands without a help text: {missing}"


def test_cli_reference_lists_every_command() -> None:
    page = _generator().render()
    for path, _ in _all_commands():
        assert f"`{path}`" in page, path


def test_cli_reference_page_is_current() -> None:
    page_path = ROOT / "docs" / "reference" / "cli.md"
    expected = _generator().render()
    current = page_path.read_text(encoding="utf-8") if page_path.exists() else ""
    assert current == expected, (
        "docs/reference/cli.md is stale: run "
        "`.venv/bin/python docs/gen_cli_reference.py` and commit the page"
    )


def _tests_running(example: Path) -> list[str]:
    """The other test modules that run ``example`` (name it and run code)."""
    found = []
    for test in sorted(ROOT.glob("tests/**/test_*.py")):
        if test.name == Path(__file__).name:
            continue
        text = test.read_text(encoding="utf-8")
        if example.name in text and _RUNS_CODE.search(text):
            found.append(str(test.relative_to(ROOT)))
    return found


_RUN_ELSEWHERE = {example.name: _tests_running(example) for example in EXAMPLES}
_RUN_HERE = [example for example in EXAMPLES if not _RUN_ELSEWHERE[example.name]]


def _needs(example: Path) -> set[str]:
    text = example.read_text(encoding="utf-8")
    return set(re.findall(r"^# needs: ([\w-]+)\s*$", text, re.MULTILINE))


def _params() -> list[Any]:
    params = []
    for example in _RUN_HERE:
        needs = _needs(example)
        marks: list[Any] = []
        if "postgres" in needs:
            marks.append(pytest.mark.postgres)
        if "shared-data" in needs:
            shared = os.environ.get("IDENTITYLINK_SHARED_DATA", "")
            marks.append(
                pytest.mark.skipif(
                    not (shared and Path(shared).is_dir()),
                    reason=f"{example.name} needs the shared data set: set "
                    "IDENTITYLINK_SHARED_DATA to its directory",
                )
            )
        params.append(pytest.param(example, id=example.name, marks=marks))
    return params


def test_examples_declare_known_needs() -> None:
    assert EXAMPLES, "examples/*.py found nothing"
    unknown = {
        example.name: need
        for example in EXAMPLES
        for need in _needs(example) - {"postgres", "shared-data"}
    }
    assert not unknown, f"unknown '# needs:' values: {unknown}"


if _RUN_HERE:  # examples no other test runs (none, when every one has its own test)

    @pytest.mark.parametrize("example", _params())
    def test_example_runs(example: Path) -> None:
        done = subprocess.run(
            [sys.executable, str(example)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (
            f"{example.name} exited with {done.returncode}:\n{done.stderr[-3000:]}"
        )

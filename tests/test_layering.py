"""The package's layers import one way: read from the source, so a lazy or a
``TYPE_CHECKING`` import counts as much as one at the top of a module.

* ``consent -> storage -> _consent_model``: the store never imports the consent
  package, and the pure consent model imports neither.
* Only the CLI (and ``python -m identitylink``) imports the CLI, and the CLI
  reaches the library through public modules only (``identitylink.cli._*`` aside).
* The consent and storage packages import the package's modules at module level:
  a function-level import there would only be dodging a cycle.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import identitylink

PACKAGE = Path(identitylink.__file__).parent

_PRIVATE = re.compile(r"identitylink\.(.*\.)?_(?!_)")  # dunders are public


@dataclass(frozen=True)
class _Import:
    module: str  # the importing module, dotted
    target: str  # the imported module (or module.name for ``from x import name``)
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _imports_of(path: Path) -> list[_Import]:
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[_Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend(
                    _Import(module, alias.name, child.lineno, in_function)
                    for alias in child.names
                )
            elif isinstance(child, ast.ImportFrom):
                base = _resolve(module, is_package, child.level, child.module)
                found.append(_Import(module, base, child.lineno, in_function))
                found.extend(
                    _Import(module, f"{base}.{alias.name}", child.lineno, in_function)
                    for alias in child.names
                )
            visit(child, inner)

    visit(tree, False)
    return found


def _all_imports() -> list[_Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in _imports_of(path)]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _show(imports: list[_Import]) -> list[str]:
    return sorted({f"{i.module}:{i.line} imports {i.target}" for i in imports})


def test_the_reader_sees_every_kind_of_import() -> None:
    """The parser itself: relative, lazy and ``from`` imports are all seen."""
    seen = {(i.module, i.target, i.in_function) for i in _all_imports()}

    assert ("identitylink.consent", "identitylink._consent_model.events", False) in seen
    assert ("identitylink.storage", "identitylink.storage._engine", False) in seen
    assert any(i[2] for i in seen)  # some function-level import exists somewhere
    assert _resolve("identitylink.storage._gate", False, 1, "_models") == (
        "identitylink.storage._models"
    )
    assert _resolve("identitylink.storage", True, 2, "consent") == (
        "identitylink.consent"
    )


def test_storage_never_imports_the_consent_package() -> None:
    """``consent -> storage``, never back (the pure model sits below both)."""
    wrong = [
        i
        for i in _all_imports()
        if _within(i.module, "identitylink.storage")
        and _within(i.target, "identitylink.consent")
    ]

    assert _show(wrong) == []


def test_the_pure_consent_model_imports_neither_store_nor_consent() -> None:
    """Events, state and policy need no database and no ledger."""
    wrong = [
        i
        for i in _all_imports()
        if _within(i.module, "identitylink._consent_model")
        and (
            _within(i.target, "identitylink.storage")
            or _within(i.target, "identitylink.consent")
            or _within(i.target, "sqlalchemy")
        )
    ]

    assert _show(wrong) == []


def test_consent_and_storage_import_the_package_at_module_level() -> None:
    """No function-level import of an identitylink module in either package.

    Alembic (imported where migrations run) is a third-party import, not a cycle.
    """
    lazy = [
        i
        for i in _all_imports()
        if i.in_function
        and (
            _within(i.module, "identitylink.consent")
            or _within(i.module, "identitylink.storage")
        )
        and _within(i.target, "identitylink")
        and not _within(i.module, "identitylink.storage.migrations")
    ]

    assert _show(lazy) == []


def test_only_the_cli_imports_the_cli() -> None:
    """The library never reaches up into its command line (``python -m`` aside)."""
    wrong = [
        i
        for i in _all_imports()
        if not _within(i.module, "identitylink.cli")
        and i.module != "identitylink.__main__"
        and _within(i.target, "identitylink.cli")
    ]

    assert _show(wrong) == []


def test_the_cli_uses_public_modules_only() -> None:
    """Every library name the CLI uses is one a user could import too."""
    wrong = [
        i
        for i in _all_imports()
        if _within(i.module, "identitylink.cli")
        and _PRIVATE.match(i.target)
        and not _within(i.target, "identitylink.cli")
    ]

    assert _show(wrong) == []

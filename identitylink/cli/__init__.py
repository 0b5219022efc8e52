"""The ``identitylink`` command line: a thin shell over the public Python API.

Each subcommand lives in its own private module and registers itself on the group
defined in :mod:`identitylink.cli._app`.
"""

from __future__ import annotations

from identitylink.cli import (
    _consent,  # noqa: F401  (registers its commands)
    _db,  # noqa: F401  (registers its commands)
    _demo,  # noqa: F401  (registers its commands)
    _evaluate,  # noqa: F401  (registers its commands)
    _identify,  # noqa: F401  (registers its commands)
    _link,  # noqa: F401  (registers its commands)
    _lookup,  # noqa: F401  (registers its commands)
    _read,  # noqa: F401  (registers its commands)
    _review_web,  # noqa: F401  (registers its commands)
    _rights,  # noqa: F401  (registers its commands)
    _service,  # noqa: F401  (registers its commands)
)
from identitylink.cli._app import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``identitylink`` console script."""
    cli()

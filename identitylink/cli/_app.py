"""The click group and the one place where library errors become exit codes."""

from __future__ import annotations

from typing import Any

import click

from identitylink import __version__
from identitylink.exceptions import IdentityLinkError, InputError

# Exit codes batch jobs can rely on.
EXIT_INPUT = 2  # unusable input (empty file, bad mapping, missing column, ...)
EXIT_ERROR = 1  # anything else identitylink refused


class _Group(click.Group):
    """Translate :class:`IdentityLinkError` into a clean message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IdentityLinkError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(
                EXIT_INPUT if isinstance(exc, InputError | ValueError) else EXIT_ERROR
            )


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="identitylink")
def cli() -> None:
    """Tell which CRM customer is behind a Twitter/X or Facebook profile."""

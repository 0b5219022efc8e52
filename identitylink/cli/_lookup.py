"""``identitylink lookup``: the customer behind a profile (by id, handle or URL)."""

from __future__ import annotations

import json

import click

from identitylink.cli._app import EXIT_ERROR, cli
from identitylink.cli._db import _db_option, open_store
from identitylink.consent import Purpose
from identitylink.storage import (
    StoredLink,
    lookup_customer,
    lookup_profiles,
    session_scope,
)

__all__: list[str] = []


def _line(link: StoredLink) -> str:
    return (
        f"{link.platform}:{link.scope}:{link.profile_id} -> {link.customer_id}  "
        f"(link {link.link_id}, {link.status}, {link.legal_basis})"
    )


@cli.command("lookup")
@click.argument("platform", type=click.Choice(["twitter", "facebook", "customer"]))
@click.argument("who", metavar="PROFILE")
@click.option(
    "--scope",
    default="global",
    show_default=True,
    help="Scope of a Facebook id (app:<id> or page:<id>); a handle is found in any.",
)
@click.option(
    "--purpose",
    type=click.Choice([p.value for p in Purpose]),
    default=Purpose.IDENTITY_LINKING.value,
    show_default=True,
    help="What the link is used for: consent must allow it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the link(s) as JSON.")
@_db_option
def lookup_command(
    platform: str,
    who: str,
    scope: str,
    purpose: str,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Print the customer behind PROFILE, or the profiles of a customer.

    PROFILE is an id, @handle, handle or profile address (https://x.com/NAME,
    twitter.com/NAME, facebook.com/NAME, facebook.com/profile.php?id=ID); with
    PLATFORM customer, it is a customer id. Only usable links are returned
    (accepted, consent allowing the purpose). Nothing found exits with code 1.
    """
    engine = open_store(db_url)
    try:
        with session_scope(engine) as session:
            if platform == "customer":
                links = lookup_profiles(session, who, purpose=purpose)
            else:
                found = lookup_customer(session, platform, who, scope, purpose=purpose)
                links = [] if found is None else [found]
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps([link.model_dump(mode="json") for link in links]))
    else:
        for link in links:
            click.echo(_line(link))
    if not links:
        click.echo(f"no usable link for {platform} {who} ({purpose})", err=True)
        click.get_current_context().exit(EXIT_ERROR)

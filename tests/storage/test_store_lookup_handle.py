"""Look a profile up by handle or address, not only by id (issue 17 item 9)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from store_factories import make_result

from identitylink import InputError, SocialProfile
from identitylink.cli import cli
from identitylink.storage import lookup_customer, session_scope, store_run

# make_result: P1, P3 are X profiles (auto, C1 and C3); P2 is a Facebook one (C2).
_PROFILES = [
    SocialProfile(platform="twitter", profile_id="P1", username="Carmen_Gueirald"),
    SocialProfile(platform="twitter", profile_id="P3", username="other"),
    SocialProfile(platform="facebook", profile_id="P2", username="ana.lima"),
]


@pytest.fixture
def stored(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        store_run(session, make_result(8), inputs={}, profiles=_PROFILES)
    return engine


@pytest.mark.parametrize(
    "given",
    [
        "@carmen_gueirald",
        "carmen_gueirald",
        "Carmen_Gueirald",
        "https://x.com/carmen_gueirald",
        "https://twitter.com/Carmen_Gueirald?s=20",
        "twitter.com/carmen_gueirald",
        "www.x.com/carmen_gueirald/",
        "P1",
    ],
)
def test_an_x_profile_by_handle_url_or_id(stored: Engine, given: str) -> None:
    with session_scope(stored) as session:
        found = lookup_customer(session, "twitter", given)

    assert found is not None
    assert (found.profile_id, found.customer_id) == ("P1", "C1")


@pytest.mark.parametrize(
    "given", ["ana.lima", "https://www.facebook.com/ana.lima", "facebook.com/ana.lima"]
)
def test_a_facebook_profile_by_username_or_url(stored: Engine, given: str) -> None:
    with session_scope(stored) as session:
        found = lookup_customer(session, "facebook", given)

    assert found is not None and found.customer_id == "C2"


def test_unknown_handles_find_nothing_and_bad_addresses_are_refused(
    stored: Engine,
) -> None:
    with session_scope(stored) as session:
        assert lookup_customer(session, "twitter", "@nobody") is None
        assert lookup_customer(session, "twitter", "no-such-id") is None
        with pytest.raises(InputError, match="not a twitter profile address"):
            lookup_customer(session, "twitter", "https://facebook.com/ana.lima")


def test_the_lookup_command(stored: Engine) -> None:
    url = stored.url.render_as_string(hide_password=False)
    runner = CliRunner()

    found = runner.invoke(
        cli, ["lookup", "twitter", "https://x.com/carmen_gueirald", "--db", url]
    )
    missing = runner.invoke(cli, ["lookup", "twitter", "@nobody", "--db", url])
    profiles = runner.invoke(cli, ["lookup", "customer", "C1", "--db", url])

    assert found.exit_code == 0, found.output
    assert found.stdout.startswith("twitter:global:P1 -> C1 ")
    assert missing.exit_code == 1
    assert "no usable link for twitter @nobody" in missing.stderr
    assert profiles.exit_code == 0 and "P1 -> C1" in profiles.stdout


def test_by_id_never_reads_the_text_as_a_handle(engine: Engine) -> None:
    # An X handle may be all digits: "1234" names P1 by its handle, not by an id.
    digits = [SocialProfile(platform="twitter", profile_id="P1", username="1234")]
    with session_scope(engine) as session:
        store_run(session, make_result(2), inputs={}, profiles=digits)
    with session_scope(engine) as session:
        as_named = lookup_customer(session, "twitter", "1234")
        as_id = lookup_customer(session, "twitter", "1234", by_id=True)
        by_its_id = lookup_customer(session, "twitter", "P1", by_id=True)

    assert as_named is not None and as_named.customer_id == "C1"
    assert as_id is None
    assert by_its_id is not None and by_its_id.customer_id == "C1"

"""The identitylink HTTP service: identify, the interaction log, SLA, webhooks.

Needs the ``service`` extra (``pip install 'identitylink[service]'``: FastAPI and
uvicorn). :func:`create_app` builds the FastAPI application; ``identitylink serve``
runs it with uvicorn (:func:`serve`: one process, or workers forked after the
index is built). The webhook signature checks and payload parsers work without
the extra::

    app = create_app(IdentityLinkSettings(database_url="sqlite:///crm.db"))

Endpoints: ``GET /health``; ``POST /identify``; ``POST /interactions``, ``GET
/interactions``, ``POST /interactions/{id}/answer``; ``GET /sla``; ``GET|POST
/webhooks/x`` (X Account Activity: CRC and events); ``GET|POST /webhooks/meta``
(Messenger and Page feed: verification and events); ``POST
/webhooks/meta/data-deletion`` and ``GET /webhooks/meta/data-deletion/{code}``.
The OpenAPI document is at ``/openapi.json``; errors are problem details.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from identitylink.exceptions import MissingDependencyError
from identitylink.service._actions import WebhookOutcome
from identitylink.service._identify import (
    Identification,
    IdentifyFunction,
    IndexIdentify,
    identify_profile,
)
from identitylink.service._logging import RedactSecrets
from identitylink.service._meta_events import parse_meta_page
from identitylink.service._serve import serve
from identitylink.service._signatures import (
    meta_signature,
    parse_signed_request,
    verify_meta_signature,
    verify_x_signature,
    x_crc_response,
    x_signature,
)
from identitylink.service._x_events import parse_x_activity

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    from fastapi import FastAPI
    from sqlalchemy import Engine

    from identitylink._engine.index import Index
    from identitylink.settings import IdentityLinkSettings
    from identitylink.web import Reviewer

__all__ = [
    "Identification",
    "IdentifyFunction",
    "IndexIdentify",
    "RedactSecrets",
    "WebhookOutcome",
    "create_app",
    "identify_profile",
    "meta_signature",
    "parse_meta_page",
    "parse_signed_request",
    "parse_x_activity",
    "serve",
    "verify_meta_signature",
    "verify_x_signature",
    "x_crc_response",
    "x_signature",
]


def create_app(
    settings: IdentityLinkSettings | None = None,
    *,
    engine: Engine | None = None,
    identify: IdentifyFunction | None = None,
    index: Index | None = None,
    reviewers: Mapping[str, Reviewer] | None = None,
    review_secret: str | None = None,
    review_truth: Collection[tuple[str, str, str]] | None = None,
) -> FastAPI:
    """The FastAPI application over the store at ``settings.database_url``.

    ``engine`` overrides the settings' database; ``identify`` names the customer
    behind a profile (default: an :class:`IndexIdentify` over ``index`` when
    given, ranked candidates and the decision, else :func:`identify_profile`, the
    stored link). ``reviewers`` (by name, from
    :func:`identitylink.web.load_reviewers`) mounts the review page under
    ``/review``; ``review_secret`` signs its sessions and ``review_truth`` (true links,
    :func:`identitylink.web.load_truth`) feeds its thresholds page. Raises
    :class:`~identitylink.MissingDependencyError` without the ``service`` extra.
    """
    try:
        from identitylink.service._app import create_app as _create_app
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "the HTTP service needs FastAPI: pip install 'identitylink[service]'"
        ) from exc
    return _create_app(
        settings,
        engine=engine,
        identify=identify,
        index=index,
        reviewers=reviewers,
        review_secret=review_secret,
        review_truth=review_truth,
    )

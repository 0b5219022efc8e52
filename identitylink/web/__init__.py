"""The review page: a small web app where people accept or reject pending links.

Server-rendered HTML (FastAPI and Jinja2, no front-end build step) over the public
store API, so every decision is audited and the consent ledger keeps ruling what
lookups return::

    from identitylink.web import create_review_app, load_reviewers

    app = create_review_app(
        "sqlite:///identitylink.db", reviewers=load_reviewers("reviewers.txt")
    )
    # uvicorn.run(app, host="127.0.0.1", port=8000)

or from the shell: ``identitylink review serve --db URL --reviewers FILE``.

Pages: the queue (pending links, the most uncertain first, filters by platform,
band and probability), one page per pair (fields side by side, the explanation's
waterfall, consent and legal basis, the profile's other candidates; accept, reject
or skip with a reason, keys ``a``, ``r``, ``s``) and the thresholds page
(precision and recall against the threshold over the reviewed pairs).

Access: reviewers log in with a name and a password (PBKDF2-SHA256 hashes, see
:func:`hash_password`); the session is a signed cookie; every form carries a CSRF
token. A reviewer may be limited to some platforms: other links are hidden from
them and they cannot decide them.

The web stack is the ``web`` extra (``pip install 'identitylink[web]'``);
:func:`create_review_app` says so when it is missing. The password functions need
only the standard library.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from identitylink.exceptions import MissingDependencyError
from identitylink.web._passwords import (
    Reviewer,
    hash_password,
    load_reviewers,
    parse_reviewers,
    verify_password,
)

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Engine

__all__ = [
    "Reviewer",
    "create_review_app",
    "hash_password",
    "load_reviewers",
    "load_truth",
    "parse_reviewers",
    "verify_password",
]


def load_truth(path: str | Path) -> frozenset[tuple[str, str, str]]:
    """The true links of a truth CSV (as :func:`identitylink.read_truth` reads it)
    as ``(platform, profile_id, customer_id)``, for ``create_review_app(truth=)``."""
    from identitylink._engine.evaluate import read_truth

    frame = read_truth(Path(path))
    return frozenset(
        zip(
            frame["profile_platform"],
            frame["profile_id"],
            frame["customer_id"],
            strict=True,
        )
    )


def create_review_app(engine_or_url: Engine | str, **options: Any) -> FastAPI:
    """The review page as an ASGI app (FastAPI): serve it with uvicorn.

    ``engine_or_url`` is an engine (the caller keeps owning it) or a database URL.
    Keyword options: ``reviewers`` (required, by name, as :func:`load_reviewers`
    returns them), ``secret_key`` (signs session cookies; random when ``None``),
    ``session_max_age_s`` (8 hours), ``secure_cookies`` (HTTPS-only cookies),
    ``page_size`` (rows on the queue page), ``truth`` (true links, from
    :func:`load_truth`: the thresholds page measures every stored link against
    them).
    """
    try:
        from identitylink.web._app import create_review_app as create
    except ImportError as exc:
        raise MissingDependencyError(
            "the review page needs the web extra: pip install 'identitylink[web]' "
            f"({exc.name or exc} is missing)"
        ) from exc
    return create(engine_or_url, **options)

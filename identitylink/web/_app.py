"""The review web app: routes, login and CSRF checks over the public store API."""

# No "from __future__ import annotations": FastAPI reads the annotations of the
# routes at run time, and they name dependencies local to create_review_app.

import secrets
from collections.abc import AsyncIterator, Collection, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from identitylink.exceptions import LinkNotFoundError, LinkStateError
from identitylink.storage import (
    accept_link,
    check_schema,
    make_engine,
    reject_link,
    session_scope,
)
from identitylink.types import Band
from identitylink.web._passwords import Reviewer, hash_password, verify_password
from identitylink.web._session import ReviewSession, SessionSigner
from identitylink.web._thresholds import threshold_table
from identitylink.web._views import (
    QueueFilters,
    build_pair,
    pending_queue,
)

__all__ = ["COOKIE_NAME", "create_review_app"]

COOKIE_NAME = "identitylink_review"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Checked when the name is unknown, so that a wrong name costs as long as a wrong
# password and the response time does not tell which names exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16), iterations=1_000)


class _LoginRequired(Exception):
    pass


def create_review_app(
    engine_or_url: Engine | str,
    *,
    reviewers: Mapping[str, Reviewer],
    secret_key: str | bytes | None = None,
    session_max_age_s: float = 8 * 3600,
    secure_cookies: bool = False,
    page_size: int = 50,
    truth: Collection[tuple[str, str, str]] | None = None,
) -> FastAPI:
    """The review page as an ASGI app (serve it with uvicorn).

    ``engine_or_url``: an engine (the caller keeps owning it) or a database URL (the
    app makes the engine and disposes of it on shutdown). ``reviewers`` by name, as
    :func:`load_reviewers` returns them. ``secret_key`` signs the session cookies;
    when ``None`` a random one is drawn, so sessions end when the process does.
    ``secure_cookies`` marks the cookie HTTPS-only (set it behind TLS).
    ``truth``: ``(platform, profile_id, customer_id)`` of the true links (from
    :func:`~identitylink.web.load_truth`): the thresholds page then measures
    every stored link against it rather than the reviewed pairs.
    """
    owns_engine = not isinstance(engine_or_url, Engine)
    engine = make_engine(engine_or_url)
    check_schema(engine)
    key = (
        secret_key.encode() if isinstance(secret_key, str) else secret_key
    ) or secrets.token_bytes(32)
    signer = SessionSigner(key, max_age_s=session_max_age_s)
    templates = Jinja2Templates(directory=str(_TEMPLATES))
    known = dict(reviewers)
    truth_pairs = None if truth is None else frozenset(truth)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_engine:
            engine.dispose()

    app = FastAPI(
        title="identitylink review",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )

    def set_cookie(response: Response, session: ReviewSession) -> None:
        response.set_cookie(
            COOKIE_NAME,
            signer.dumps(session),
            max_age=int(session_max_age_s),
            httponly=True,
            samesite="strict",
            secure=secure_cookies,
        )

    def render(
        request: Request,
        session: ReviewSession,
        name: str,
        context: dict[str, Any],
        status_code: int = 200,
    ) -> HTMLResponse:
        response = templates.TemplateResponse(
            request,
            name,
            {
                "csrf": session.csrf,
                "reviewer": session.reviewer,
                "base": _base(request),
                **context,
            },
            status_code=status_code,
        )
        set_cookie(response, session)
        # Personal data: not cached, not framed by another site, no referrer out.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def current_session(request: Request) -> ReviewSession:
        return signer.loads(request.cookies.get(COOKIE_NAME)) or signer.new()

    def logged_in(
        session: Annotated[ReviewSession, Depends(current_session)],
    ) -> tuple[ReviewSession, Reviewer]:
        reviewer = known.get(session.reviewer or "")
        if reviewer is None:
            raise _LoginRequired
        return session, reviewer

    async def checked_csrf(
        request: Request,
        session: Annotated[ReviewSession, Depends(current_session)],
    ) -> ReviewSession:
        form = await request.form()
        token = form.get("csrf_token")
        if not isinstance(token, str) or not secrets.compare_digest(
            token.encode(), session.csrf.encode()
        ):
            raise HTTPException(403, "CSRF token missing or wrong: reload the page")
        return session

    @app.exception_handler(_LoginRequired)
    async def _to_login(request: Request, _exc: _LoginRequired) -> Response:
        if request.method != "GET":
            return HTMLResponse("log in first", status_code=401)
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(
            _base(request) + "/login?" + urlencode({"next": target}), status_code=303
        )

    Auth = Annotated[tuple[ReviewSession, Reviewer], Depends(logged_in)]
    Csrf = Annotated[ReviewSession, Depends(checked_csrf)]

    @app.get("/login", response_class=HTMLResponse)
    def login_page(
        request: Request,
        session: Annotated[ReviewSession, Depends(current_session)],
        next: str = "",
    ) -> HTMLResponse:
        target = _safe_next(next, _base(request))
        return render(request, session, "login.html", {"next": target})

    @app.post("/login")
    def login(
        request: Request,
        session: Csrf,
        name: Annotated[str, Form()],
        password: Annotated[str, Form()],
        next: Annotated[str, Form()] = "",
    ) -> Response:
        target = _safe_next(next, _base(request))
        reviewer = known.get(name)
        ok = verify_password(
            password, reviewer.password_hash if reviewer else _DUMMY_HASH
        )
        if reviewer is None or not ok:
            return render(
                request,
                session,
                "login.html",
                {"next": target, "error": "wrong name or password"},
                status_code=401,
            )
        response = RedirectResponse(target, status_code=303)
        set_cookie(response, signer.new(reviewer.name))  # a new token on login
        return response

    @app.post("/logout")
    def logout(request: Request, session: Csrf) -> Response:
        response = RedirectResponse(_base(request) + "/login", status_code=303)
        set_cookie(response, signer.new())
        return response

    @app.get("/", response_class=HTMLResponse)
    def queue(
        request: Request,
        auth: Auth,
        platform: Annotated[str | None, Query()] = None,
        band: Annotated[str | None, Query()] = None,
        min_p: Annotated[str | None, Query()] = None,
        max_p: Annotated[str | None, Query()] = None,
    ) -> HTMLResponse:
        session, reviewer = auth
        filters = _filters(platform, band, min_p, max_p)
        with session_scope(engine) as db:
            items = pending_queue(db, reviewer, filters)
        return render(
            request,
            session,
            "queue.html",
            {
                "items": items[:page_size],
                "total": len(items),
                "filters": filters,
                "query": _query(filters),
                "platforms": sorted(reviewer.platforms or ("facebook", "twitter")),
            },
        )

    def pair_response(
        request: Request,
        session: ReviewSession,
        reviewer: Reviewer,
        link_id: int,
        filters: QueueFilters,
        error: str | None = None,
    ) -> HTMLResponse:
        with session_scope(engine) as db:
            try:
                pair = build_pair(db, reviewer, link_id, filters)
            except LinkNotFoundError as exc:
                raise HTTPException(404, str(exc)) from exc
        return render(
            request,
            session,
            "pair.html",
            {
                "pair": pair,
                "next_id": pair.next_id,
                "position": pair.position,
                "total": pair.total,
                "query": _query(filters),
                "error": error,
            },
            status_code=409 if error else 200,
        )

    @app.get("/pairs/{link_id}", response_class=HTMLResponse)
    def pair_page(
        request: Request,
        link_id: int,
        auth: Auth,
        platform: Annotated[str | None, Query()] = None,
        band: Annotated[str | None, Query()] = None,
        min_p: Annotated[str | None, Query()] = None,
        max_p: Annotated[str | None, Query()] = None,
    ) -> HTMLResponse:
        session, reviewer = auth
        filters = _filters(platform, band, min_p, max_p)
        return pair_response(request, session, reviewer, link_id, filters)

    @app.post("/pairs/{link_id}/decide", response_model=None)
    def decide(
        request: Request,
        link_id: int,
        auth: Auth,
        _csrf: Csrf,
        decision: Annotated[str, Form()],
        reason: Annotated[str, Form()] = "",
        query: Annotated[str, Form()] = "",
    ) -> Response:
        session, reviewer = auth
        filters = _filters_from_query(query)
        if decision not in ("accept", "reject"):
            raise HTTPException(400, f"decision must be accept or reject: {decision!r}")
        with session_scope(engine) as db:
            try:  # the policy: hidden links are not there
                following = build_pair(db, reviewer, link_id, filters).next_id
            except LinkNotFoundError as exc:
                raise HTTPException(404, str(exc)) from exc
        try:
            with session_scope(engine) as db:
                act = accept_link if decision == "accept" else reject_link
                act(db, link_id, reviewer=reviewer.name, reason=reason.strip() or None)
        except LinkStateError as exc:
            return pair_response(
                request, session, reviewer, link_id, filters, error=str(exc)
            )
        suffix = f"?{query}" if query else ""
        path = f"/pairs/{following}{suffix}" if following else f"/{suffix}"
        return RedirectResponse(_base(request) + path, status_code=303)

    @app.get("/thresholds", response_class=HTMLResponse)
    def thresholds(request: Request, auth: Auth) -> HTMLResponse:
        session, reviewer = auth
        with session_scope(engine) as db:
            table = threshold_table(db, reviewer, truth_pairs)
        return render(request, session, "thresholds.html", {"table": table})

    return app


def _base(request: Request) -> str:
    """The path the app is mounted at ("" at the root), for links and redirects."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _safe_next(target: str, base: str) -> str:
    """Only paths of this app: never redirect a login to another host."""
    ok = (
        target.startswith(base + "/")
        and not target.startswith("//")
        and "\\" not in target
    )
    return target if ok else base + "/"


def _probability(text: str | None, name: str) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise HTTPException(400, f"{name} must be a number, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise HTTPException(400, f"{name} must be between 0 and 1, got {value}")
    return value


def _filters(
    platform: str | None, band: str | None, min_p: str | None, max_p: str | None
) -> QueueFilters:
    if platform not in (None, "", "twitter", "facebook"):
        raise HTTPException(400, f"platform must be twitter or facebook: {platform!r}")
    bands: dict[str, Band] = {"auto": "auto", "review": "review", "reject": "reject"}
    if band not in (None, "") and band not in bands:
        raise HTTPException(400, f"band must be auto, review or reject: {band!r}")
    return QueueFilters(
        platform=platform or None,
        band=bands.get(band or ""),
        min_probability=_probability(min_p, "min_p"),
        max_probability=_probability(max_p, "max_p"),
    )


def _query(filters: QueueFilters) -> str:
    pairs = {
        "platform": filters.platform,
        "band": filters.band,
        "min_p": filters.min_probability,
        "max_p": filters.max_probability,
    }
    return urlencode({k: v for k, v in pairs.items() if v is not None})


def _filters_from_query(query: str) -> QueueFilters:
    from urllib.parse import parse_qs

    got = {k: v[0] for k, v in parse_qs(query).items()}
    return _filters(
        got.get("platform"), got.get("band"), got.get("min_p"), got.get("max_p")
    )

"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from identitylink.exceptions import (
    ConfigurationError,
    ConsentError,
    IdentityLinkError,
    InputError,
    SchemaOutdatedError,
    SignatureError,
)

__all__ = ["PROBLEM_RESPONSES", "Problem", "install_problem_handlers", "problem"]

MEDIA_TYPE = "application/problem+json"


class Problem(BaseModel, frozen=True, extra="forbid"):
    """An error: what went wrong (``title``), for this request (``detail``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": text}
    for status, text in (
        (401, "Signature missing"),
        (403, "Signature wrong or not allowed"),
        (404, "Not found"),
        (413, "Body too large"),
        (422, "Input not valid"),
        (503, "Not configured, or the schema is outdated"),
    )
}
"""OpenAPI ``responses`` of every route: problem details on error."""

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem(
    status: int,
    detail: str | None,
    request: Request | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """A problem-details response."""
    body = Problem(
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=None if request is None else request.url.path,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA_TYPE
    )


def _status(exc: IdentityLinkError) -> int:
    if isinstance(exc, SignatureError):
        return 403
    if isinstance(exc, LookupError):
        return 404
    if isinstance(exc, InputError | ValueError):
        return 422
    if isinstance(exc, ConsentError):
        return 403
    if isinstance(exc, SchemaOutdatedError | ConfigurationError):
        return 503
    return 500


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem-details response."""

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in exc.errors()
        ]
        where = ", ".join(".".join(map(str, e["loc"])) for e in errors)
        return problem(422, f"invalid input: {where}", request, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The message may hold data from the request: only the type goes out.
        return problem(500, type(exc).__name__, request)

    @app.exception_handler(IdentityLinkError)
    async def _ours(request: Request, exc: IdentityLinkError) -> JSONResponse:
        status = _status(exc)
        detail = str(exc) if status < 500 else type(exc).__name__
        return problem(status, detail, request)

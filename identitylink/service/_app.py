"""The FastAPI application: health, identify, interactions, SLA and the webhooks."""

from __future__ import annotations

import hmac
import json
from collections.abc import Collection, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qs

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import AwareDatetime, BaseModel, Field, SecretStr
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from identitylink import __version__
from identitylink.exceptions import InputError
from identitylink.records import SocialProfile
from identitylink.service._actions import Action, WebhookOutcome, apply_actions
from identitylink.service._identify import (
    Identification,
    IdentifyFunction,
    IndexIdentify,
    identify_profile,
)
from identitylink.service._meta_events import parse_meta_page
from identitylink.service._problems import PROBLEM_RESPONSES, install_problem_handlers
from identitylink.service._signatures import (
    parse_signed_request,
    verify_meta_signature,
    verify_x_signature,
    x_crc_response,
)
from identitylink.service._x_events import parse_x_activity
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import (
    DeletionRequest,
    Interaction,
    NewInteraction,
    RecordedInteraction,
    SlaReport,
    add_deletion_request,
    check_schema,
    erase_profile,
    get_deletion_request,
    head_revision,
    list_interactions,
    make_engine,
    mark_answered,
    record_interaction,
    session_scope,
    sla_report,
)
from identitylink.types import Platform

if TYPE_CHECKING:
    from identitylink._engine.index import Index
    from identitylink.web import Reviewer

__all__ = ["create_app"]


class Health(BaseModel, frozen=True, extra="forbid"):
    """The service is up and its database schema is current."""

    status: str
    schema_revision: str | None
    version: str


class IdentifyRequest(BaseModel, frozen=True, extra="forbid"):
    """A profile to identify, by its platform id."""

    platform: Platform
    profile_id: str = Field(min_length=1, max_length=64)
    scope: str = Field(default="global", min_length=1, max_length=128)
    profile: SocialProfile | None = None
    """The profile's fields, for one the index does not know (with an index)."""


class AnswerRequest(BaseModel, frozen=True, extra="forbid"):
    """Who answered, and when (default: now)."""

    by: str = Field(min_length=1, max_length=256)
    at: AwareDatetime | None = None


class DeletionConfirmation(BaseModel, frozen=True, extra="forbid"):
    """Meta's data-deletion answer: where to check, and the code to quote."""

    url: str
    confirmation_code: str


class _Service:
    def __init__(
        self, settings: IdentityLinkSettings, engine: Engine, identify: IdentifyFunction
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.identify = identify
        self._limiter: CapacityLimiter | None = None  # made in the event loop

    @property
    def identify_limiter(self) -> CapacityLimiter:
        """Identifications run one at a time per process: a second one would only
        share the interpreter lock with the first (and with the event loop), so
        each would finish later; queued, they finish in order. Serve with more
        worker processes to use more cores."""
        if self._limiter is None:
            self._limiter = CapacityLimiter(1)
        return self._limiter

    def identify_json(self, body: IdentifyRequest) -> bytes:
        """The answer for one :class:`IdentifyRequest`, as JSON."""
        profile = body.profile
        if profile is not None and profile.key != (
            body.platform,
            body.scope,
            body.profile_id,
        ):
            raise InputError(
                "identify: field 'profile' names another profile than "
                "platform, scope and profile_id"
            )
        with session_scope(self.engine, read_only=True) as session:
            if profile is not None and isinstance(self.identify, IndexIdentify):
                answer = self.identify(
                    session, body.platform, body.profile_id, body.scope, profile
                )
            else:
                answer = self.identify(
                    session, body.platform, body.profile_id, body.scope
                )
        # Built by the identify function and typed: no second validation.
        return answer.model_dump_json().encode()

    def secret(self, value: SecretStr | None, variable: str) -> SecretStr:
        if value is None or not value.get_secret_value():
            raise HTTPException(503, f"webhook not configured: set {variable}")
        return value

    async def body(self, request: Request) -> bytes:
        limit = self.settings.webhook_max_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"body over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def apply(self, actions: list[Action], ignored: list[str]) -> WebhookOutcome:
        with session_scope(self.engine) as session:
            return apply_actions(session, actions, self.identify, ignored=ignored)

    def erase_meta_user(self, user_id: str) -> DeletionRequest:
        """Erase an app-scoped Facebook user id in every app scope this app uses."""
        settings = self.settings
        scopes = ["app"]
        if settings.meta_app_id:
            scopes.insert(0, f"app:{settings.meta_app_id}")
        with session_scope(self.engine) as session:
            for scope in scopes:
                erase_profile(
                    session,
                    "facebook",
                    user_id,
                    scope,
                    actor="meta:data_deletion_callback",
                    reason="Meta data-deletion request",
                    salt=settings.email_hash_salt,
                    suppression_key=settings.suppression_key,
                )
            return add_deletion_request(session, "facebook", completed=True)


def _json(body: bytes, source: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise InputError(f"{source}: the body is not JSON: {exc}") from exc


def _routes(svc: _Service) -> APIRouter:
    router = APIRouter(responses=PROBLEM_RESPONSES)

    @router.get("/health", tags=["service"])
    def health() -> Health:
        """Up, with the database schema at the newest revision (else 503)."""
        check_schema(svc.engine)
        return Health(status="ok", schema_revision=head_revision(), version=__version__)

    @router.post("/identify", tags=["identify"], response_model=Identification)
    async def identify(body: IdentifyRequest) -> Response:
        """Who is behind a profile: the stored link, and with an index the ranked
        candidates, probability, band and explanation (consent-gated)."""
        answer = await to_thread.run_sync(
            svc.identify_json, body, limiter=svc.identify_limiter
        )
        return Response(answer, media_type="application/json")

    @router.post("/interactions", tags=["interactions"], status_code=201)
    def record(body: NewInteraction, response: Response) -> RecordedInteraction:
        """Log an interaction (201), or return the stored one for a repeat (200)."""
        with session_scope(svc.engine) as session:
            if body.customer_id is None:
                who = svc.identify(session, body.platform, body.profile_id, body.scope)
                body = body.model_copy(update={"customer_id": who.customer_id})
            done = record_interaction(session, body, link_customer=False)
        if not done.created:
            response.status_code = 200
        return done

    @router.get("/interactions", tags=["interactions"])
    def list_(
        platform: Platform | None = None,
        account_id: str | None = None,
        customer_id: str | None = None,
        unanswered: bool = False,
        since: AwareDatetime | None = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    ) -> list[Interaction]:
        """Logged interactions, oldest first."""
        with session_scope(svc.engine) as session:
            return list_interactions(
                session,
                platform=platform,
                account_id=account_id,
                customer_id=customer_id,
                unanswered=unanswered,
                since=since,
                limit=limit,
            )

    @router.post("/interactions/{interaction_id}/answer", tags=["interactions"])
    def answer(interaction_id: int, body: AnswerRequest) -> Interaction:
        """Record the first answer to an interaction (a later one keeps the first)."""
        with session_scope(svc.engine) as session:
            return mark_answered(session, interaction_id, by=body.by, at=body.at)

    @router.get("/sla", tags=["interactions"])
    def sla(
        since: AwareDatetime | None = None,
        threshold_minutes: Annotated[float | None, Query(gt=0)] = None,
    ) -> SlaReport:
        """The answer-time report (threshold: ``answer_sla_minutes`` by default)."""
        minutes = threshold_minutes or svc.settings.answer_sla_minutes
        with session_scope(svc.engine) as session:
            return sla_report(
                session, threshold=timedelta(minutes=minutes), since=since
            )

    @router.get("/webhooks/x", tags=["webhooks"])
    def x_crc(crc_token: Annotated[str, Query(min_length=1)]) -> dict[str, str]:
        """X's challenge-response check: the HMAC-SHA256 ``response_token``."""
        secret = svc.secret(
            svc.settings.x_consumer_secret, "IDENTITYLINK_X_CONSUMER_SECRET"
        )
        return x_crc_response(secret, crc_token)

    @router.post("/webhooks/x", tags=["webhooks"])
    async def x_activity(request: Request) -> WebhookOutcome:
        """X Account Activity events; the signature is checked before anything."""
        secret = svc.secret(
            svc.settings.x_consumer_secret, "IDENTITYLINK_X_CONSUMER_SECRET"
        )
        header = request.headers.get("x-twitter-webhooks-signature")
        if not header:
            raise HTTPException(401, "missing x-twitter-webhooks-signature header")
        body = await svc.body(request)
        verify_x_signature(secret, body, header)
        actions, ignored = parse_x_activity(_json(body, "X webhook"))
        return await run_in_threadpool(svc.apply, actions, ignored)

    @router.get("/webhooks/meta", tags=["webhooks"], response_class=PlainTextResponse)
    def meta_verify(
        mode: Annotated[str, Query(alias="hub.mode")],
        verify_token: Annotated[str, Query(alias="hub.verify_token")],
        challenge: Annotated[str, Query(alias="hub.challenge")],
    ) -> str:
        """Meta's subscription check: echo ``hub.challenge`` for the right token."""
        expected = svc.secret(
            svc.settings.meta_verify_token, "IDENTITYLINK_META_VERIFY_TOKEN"
        )
        if mode != "subscribe" or not hmac.compare_digest(
            expected.get_secret_value().encode(), verify_token.encode()
        ):
            raise HTTPException(403, "hub.verify_token does not match")
        return challenge

    @router.post("/webhooks/meta", tags=["webhooks"])
    async def meta_page(request: Request) -> WebhookOutcome:
        """Messenger messages and Page feed comments; signature checked first."""
        secret = svc.secret(
            svc.settings.meta_app_secret, "IDENTITYLINK_META_APP_SECRET"
        )
        header = request.headers.get("x-hub-signature-256")
        if not header:
            raise HTTPException(401, "missing X-Hub-Signature-256 header")
        body = await svc.body(request)
        verify_meta_signature(secret, body, header)
        actions, ignored = parse_meta_page(_json(body, "Meta webhook"))
        return await run_in_threadpool(svc.apply, actions, ignored)

    @router.post("/webhooks/meta/data-deletion", tags=["webhooks"])
    async def meta_data_deletion(request: Request) -> DeletionConfirmation:
        """Meta's data-deletion callback: erase the person, answer with a code."""
        secret = svc.secret(
            svc.settings.meta_app_secret, "IDENTITYLINK_META_APP_SECRET"
        )
        body = await svc.body(request)
        fields = parse_qs(body.decode("latin-1"))
        signed = fields.get("signed_request", [""])[0]
        if not signed:
            raise HTTPException(401, "missing signed_request")
        data = parse_signed_request(secret, signed)
        user_id = data.get("user_id")
        if (
            not isinstance(user_id, str | int)
            or isinstance(user_id, bool)
            or not (str(user_id))
        ):
            raise InputError("signed_request: field 'user_id' is missing")
        request_ = await run_in_threadpool(svc.erase_meta_user, str(user_id))
        base = (svc.settings.public_url or str(request.base_url)).rstrip("/")
        return DeletionConfirmation(
            url=f"{base}/webhooks/meta/data-deletion/{request_.confirmation_code}",
            confirmation_code=request_.confirmation_code,
        )

    @router.get("/webhooks/meta/data-deletion/{code}", tags=["webhooks"])
    def meta_deletion_status(code: str) -> DeletionRequest:
        """Where a data-deletion request stands (the status URL Meta shows)."""
        with session_scope(svc.engine) as session:
            found = get_deletion_request(session, code)
        if found is None:
            raise HTTPException(404, "no data-deletion request with that code")
        return found

    return router


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
    """The identitylink HTTP service over the store at ``settings.database_url``.

    ``engine`` overrides the settings' database; ``identify`` is the function that
    names the customer behind a profile (default: with ``index``, an
    :class:`IndexIdentify` over it, else :func:`identify_profile`, the stored
    link). ``reviewers`` mounts the review page under ``/review`` (its sessions
    signed with ``review_secret``, random when ``None``; its thresholds page
    measures against ``review_truth`` when given). Secrets come from
    ``settings`` and are never logged.
    """
    settings = settings or IdentityLinkSettings()
    if identify is None:
        identify = identify_profile if index is None else IndexIdentify(index, settings)
    svc = _Service(settings, engine or make_engine(settings), identify)
    app = FastAPI(
        title="identitylink",
        version=__version__,
        summary="Who is behind this mention, the interaction log and platform "
        "webhooks.",
        description="Errors are `application/problem+json` (RFC 9457). Webhook "
        "signatures are checked before a body is parsed or stored.",
    )
    install_problem_handlers(app)
    app.include_router(_routes(svc))
    app.state.identitylink = svc
    if reviewers is not None:
        from identitylink.web import create_review_app

        review = create_review_app(
            svc.engine,
            reviewers=reviewers,
            secret_key=review_secret,
            truth=review_truth,
        )
        app.mount("/review", review)
    return app

"""X Account Activity payloads (``for_user_id`` + event arrays) as actions.

Handled: ``tweet_create_events`` (mentions and replies; the account's own replies
answer what they reply to), ``direct_message_events`` (DMs; the account's own DMs
answer the conversation), ``tweet_delete_events`` (purge the stored text) and
``user_event`` revoke (consent withdrawal). Other documented event types are
acknowledged and ignored; a body with none of them is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from identitylink.consent import parse_x_revocation
from identitylink.exceptions import InputError
from identitylink.records import SocialProfile
from identitylink.service._actions import (
    Action,
    AnswerReply,
    PurgeText,
    Record,
    Revoke,
)
from identitylink.service._payload import PayloadReader
from identitylink.storage import NewInteraction

__all__ = ["parse_x_activity"]

_IGNORED = frozenset(
    {
        "favorite_events",
        "follow_events",
        "unfollow_events",
        "block_events",
        "unblock_events",
        "mute_events",
        "unmute_events",
        "direct_message_indicate_typing_events",
        "direct_message_mark_read_events",
    }
)
_HANDLED = ("tweet_create_events", "direct_message_events", "tweet_delete_events")
_ENVELOPE = frozenset({"for_user_id", "user_has_blocked", "apps", "users"})


_FIELDS = PayloadReader("X webhook")
_get = _FIELDS.get
_id = _FIELDS.id


def _ms(value: Any, field: str, where: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(
            f"X webhook: {where}: field {field!r} is not a time in ms"
        ) from exc


def _tweet_time(tweet: Mapping[str, Any], where: str) -> datetime:
    if "timestamp_ms" in tweet:
        return _ms(tweet["timestamp_ms"], "timestamp_ms", where)
    created = _get(tweet, "created_at", where)
    try:
        return datetime.strptime(str(created), "%a %b %d %H:%M:%S %z %Y")
    except ValueError as exc:
        raise InputError(
            f"X webhook: {where}: field 'created_at' is not a time: {created!r}"
        ) from exc


def _interaction(fields: dict[str, Any], where: str) -> NewInteraction:
    try:
        return NewInteraction.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"X webhook: {where}: field {field!r}: {first['msg']}"
        ) from exc


def _tweets(account: str, events: Any) -> list[Action]:
    if not isinstance(events, list):
        raise InputError("X webhook: field 'tweet_create_events' is not a list")
    actions: list[Action] = []
    for i, tweet in enumerate(events):
        where = f"tweet_create_events[{i}]"
        if not isinstance(tweet, Mapping):
            raise InputError(f"X webhook: {where} is not a tweet object")
        tweet_id = _id(tweet, "id_str", where)
        author = _id(tweet, "user.id_str", where)
        at = _tweet_time(tweet, where)
        parent = tweet.get("in_reply_to_status_id_str") or None
        if author == account:
            if parent is not None:
                actions.append(
                    AnswerReply("twitter", account, at, in_reply_to=str(parent))
                )
            continue
        extended = tweet.get("extended_tweet")
        text = (
            extended.get("full_text")
            if isinstance(extended, Mapping) and extended.get("full_text")
            else tweet.get("full_text") or tweet.get("text")
        )
        handle = tweet["user"].get("screen_name")
        fields = {
            "platform": "twitter",
            "account_id": account,
            "event_id": tweet_id,
            "profile_id": author,
            "handle": handle,
            "kind": "reply" if parent is not None else "mention",
            "text": text,
            "in_reply_to": parent,
            "received_at": at,
        }
        actions.append(Record(_interaction(fields, where), _author(tweet["user"])))
    return actions


def _author(user: Any) -> SocialProfile | None:
    """The tweet's author as a profile the index can score (``None``: unusable)."""
    from identitylink.sources._collect import FieldProblem
    from identitylink.sources._twitter import _profile

    if not isinstance(user, dict):
        return None
    try:
        return _profile(user, "x-webhook", None, [])  # value warnings: not kept here
    except (FieldProblem, ValueError):
        return None


def _dms(account: str, events: Any, users: Any) -> tuple[list[Action], list[str]]:
    if not isinstance(events, list):
        raise InputError("X webhook: field 'direct_message_events' is not a list")
    actions: list[Action] = []
    ignored: list[str] = []
    for i, event in enumerate(events):
        where = f"direct_message_events[{i}]"
        if not isinstance(event, Mapping):
            raise InputError(f"X webhook: {where} is not an event object")
        if event.get("type") != "message_create":
            ignored.append(f"{where}: type {event.get('type')!r}")
            continue
        sender = _id(event, "message_create.sender_id", where)
        recipient = _id(event, "message_create.target.recipient_id", where)
        at = _ms(_get(event, "created_timestamp", where), "created_timestamp", where)
        if sender == account:
            actions.append(
                AnswerReply("twitter", account, at, profile=("global", recipient))
            )
            continue
        user = users.get(sender) if isinstance(users, Mapping) else None
        user = user.get("data", user) if isinstance(user, Mapping) else None
        data = event["message_create"].get("message_data")
        text = data.get("text") if isinstance(data, Mapping) else None
        fields = {
            "platform": "twitter",
            "account_id": account,
            "event_id": _id(event, "id", where),
            "profile_id": sender,
            "handle": user.get("screen_name") if isinstance(user, Mapping) else None,
            "kind": "dm",
            "text": text,
            "received_at": at,
        }
        author = _author(user) if isinstance(user, dict) and "id" in user else None
        actions.append(Record(_interaction(fields, where), author))
    return actions, ignored


def _deletes(events: Any) -> list[Action]:
    if not isinstance(events, list):
        raise InputError("X webhook: field 'tweet_delete_events' is not a list")
    return [
        PurgeText("twitter", _id(event, "status.id", f"tweet_delete_events[{i}]"))
        for i, event in enumerate(events)
    ]


def parse_x_activity(payload: Any) -> tuple[list[Action], list[str]]:
    """The actions of one verified X Account Activity delivery, and what it ignored.

    Raises :class:`~identitylink.InputError` naming the event and field when the
    payload cannot be used (then nothing at all is applied).
    """
    if not isinstance(payload, Mapping):
        raise InputError("X webhook: the body is not a JSON object")
    actions: list[Action] = []
    ignored = sorted(k for k in payload if k in _IGNORED)
    if "user_event" in payload:
        if not isinstance(payload["user_event"], Mapping) or (
            "revoke" not in payload["user_event"]
        ):
            ignored.append("user_event")
        else:
            actions.append(Revoke(parse_x_revocation(payload)))
    if any(k in payload for k in _HANDLED):
        account = _id(payload, "for_user_id", "envelope")
        if "tweet_create_events" in payload:
            actions += _tweets(account, payload["tweet_create_events"])
        if "direct_message_events" in payload:
            dms, skipped = _dms(
                account, payload["direct_message_events"], payload.get("users")
            )
            actions += dms
            ignored += skipped
        if "tweet_delete_events" in payload:
            actions += _deletes(payload["tweet_delete_events"])
    unknown = sorted(
        k for k in payload if k not in _IGNORED | _ENVELOPE | {"user_event", *_HANDLED}
    )
    if not actions and not ignored:
        raise InputError(
            "X webhook: no event type identitylink knows "
            f"(keys: {', '.join(sorted(map(str, payload))) or 'none'})"
        )
    return actions, ignored + [f"unknown event type {k!r}" for k in unknown]

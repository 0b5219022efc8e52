"""Meta Page webhooks (Messenger ``messaging`` and Page ``feed`` changes) as actions.

Messenger messages become DMs keyed by the page-scoped id (scope ``page:<page
id>``); the Page's own messages (``is_echo``) answer the conversation. Feed
comments become comments; their ``from.id`` is not a page-scoped id, so they get
the scope ``feed:<page id>`` and are never joined to Messenger ids. A comment by
the Page itself answers the comment or post it replies to. Reads, deliveries,
postbacks and other feed items are acknowledged and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from identitylink.exceptions import InputError
from identitylink.service._actions import Action, AnswerReply, Record
from identitylink.service._payload import PayloadReader
from identitylink.storage import NewInteraction

__all__ = ["parse_meta_page"]


_FIELDS = PayloadReader("Meta webhook")
_get = _FIELDS.get
_id = _FIELDS.id


def _time(data: Any, path: str, where: str, *, scale: float) -> datetime:
    value = _get(data, path, where)
    try:
        return datetime.fromtimestamp(int(value) / scale, UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(
            f"Meta webhook: {where}: field {path!r} is not a timestamp"
        ) from exc


def _interaction(fields: dict[str, Any], where: str) -> NewInteraction:
    try:
        return NewInteraction.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"Meta webhook: {where}: field {field!r}: {first['msg']}"
        ) from exc


def _messaging(page: str, item: Any, where: str) -> Action | None:
    if not isinstance(item, Mapping):
        raise InputError(f"Meta webhook: {where} is not an object")
    message = item.get("message")
    if not isinstance(message, Mapping):
        return None  # a read, a delivery, a postback...
    at = _time(item, "timestamp", where, scale=1000)
    if message.get("is_echo"):
        recipient = _id(item, "recipient.id", where)
        return AnswerReply("facebook", page, at, profile=(f"page:{page}", recipient))
    reply_to = message.get("reply_to")
    fields = {
        "platform": "facebook",
        "account_id": page,
        "event_id": _id(item, "message.mid", where),
        "scope": f"page:{page}",
        "profile_id": _id(item, "sender.id", where),
        "kind": "dm",
        "text": message.get("text"),
        "in_reply_to": reply_to.get("mid") if isinstance(reply_to, Mapping) else None,
        "received_at": at,
    }
    return Record(_interaction(fields, where))


def _change(page: str, change: Any, where: str) -> Action | None:
    if not isinstance(change, Mapping):
        raise InputError(f"Meta webhook: {where} is not an object")
    value = change.get("value")
    if (
        change.get("field") != "feed"
        or not isinstance(value, Mapping)
        or value.get("item") != "comment"
        or value.get("verb") != "add"
    ):
        return None
    author = _id(value, "from.id", where)
    at = _time(value, "created_time", where, scale=1)
    parent = value.get("parent_id")
    if author == page:
        if parent is None:
            return None
        return AnswerReply("facebook", page, at, in_reply_to=str(parent))
    name = value["from"].get("name")
    fields = {
        "platform": "facebook",
        "account_id": page,
        "event_id": _id(value, "comment_id", where),
        "scope": f"feed:{page}",
        "profile_id": author,
        "handle": name,
        "kind": "comment",
        "text": value.get("message"),
        "in_reply_to": None if parent is None else str(parent),
        "received_at": at,
    }
    return Record(_interaction(fields, where))


def parse_meta_page(payload: Any) -> tuple[list[Action], list[str]]:
    """The actions of one verified Page webhook delivery, and what it ignored.

    Raises :class:`~identitylink.InputError` naming the entry and field when the
    payload cannot be used (then nothing at all is applied).
    """
    if not isinstance(payload, Mapping):
        raise InputError("Meta webhook: the body is not a JSON object")
    if payload.get("object") != "page":
        raise InputError(
            f"Meta webhook: field 'object' is {payload.get('object')!r}, not 'page'"
        )
    entries = _get(payload, "entry", "envelope")
    if not isinstance(entries, list):
        raise InputError("Meta webhook: envelope: field 'entry' is not a list")
    actions: list[Action] = []
    ignored: list[str] = []
    for i, entry in enumerate(entries):
        page = _id(entry, "id", f"entry[{i}]")
        for key, parse in (("messaging", _messaging), ("changes", _change)):
            items = entry.get(key, [])
            if not isinstance(items, list):
                raise InputError(f"Meta webhook: entry[{i}]: {key!r} is not a list")
            for j, item in enumerate(items):
                where = f"entry[{i}].{key}[{j}]"
                action = parse(page, item, where)
                if action is None:
                    ignored.append(where)
                else:
                    actions.append(action)
    return actions, ignored

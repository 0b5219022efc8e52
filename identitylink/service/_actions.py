"""What a verified webhook asks the store to do, and doing it in one transaction.

Parsers turn a whole payload into a list of actions first; only when every event
parsed does :func:`apply_actions` touch the store, so a malformed payload stores
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from identitylink.consent import PlatformRevocation, withdraw_on_revocation
from identitylink.records import SocialProfile
from identitylink.service._identify import IdentifyFunction, IndexIdentify
from identitylink.storage import (
    NewInteraction,
    mark_answered_by_reply,
    purge_interaction_text,
    record_interaction,
)
from identitylink.types import Platform

__all__ = [
    "Action",
    "AnswerReply",
    "PurgeText",
    "Record",
    "Revoke",
    "WebhookOutcome",
    "apply_actions",
]


@dataclass(frozen=True)
class Record:
    """Log an inbound interaction."""

    interaction: NewInteraction
    author: SocialProfile | None = None
    """The author as the payload describes them, for the index to score."""


@dataclass(frozen=True)
class AnswerReply:
    """The firm's own account replied: mark what it answers."""

    platform: Platform
    account_id: str
    at: datetime
    in_reply_to: str | None = None
    profile: tuple[str, str] | None = None


@dataclass(frozen=True)
class PurgeText:
    """The post was deleted on the platform: drop the stored text."""

    platform: Platform
    event_id: str


@dataclass(frozen=True)
class Revoke:
    """The person revoked the app: withdraw identity-linking consent."""

    revocation: PlatformRevocation


Action = Record | AnswerReply | PurgeText | Revoke


class WebhookOutcome(BaseModel, frozen=True, extra="forbid"):
    """What one webhook delivery did."""

    recorded: int = 0
    duplicates: int = 0
    answered: int = 0
    purged: int = 0
    withdrawn: int = 0
    ignored: list[str] = []


def apply_actions(
    session: Session,
    actions: list[Action],
    identify: IdentifyFunction,
    *,
    ignored: list[str],
) -> WebhookOutcome:
    """Apply ``actions`` in order in the caller's transaction."""
    counts = {"recorded": 0, "duplicates": 0, "answered": 0, "purged": 0}
    withdrawn = 0
    for action in actions:
        if isinstance(action, Record):
            new = action.interaction
            if isinstance(identify, IndexIdentify) and action.author is not None:
                who = identify(
                    session,
                    new.platform,
                    new.profile_id,
                    new.scope,
                    profile=identify.index.profile(
                        new.platform, new.profile_id, new.scope
                    )
                    or action.author,
                )
            else:
                who = identify(session, new.platform, new.profile_id, new.scope)
            done = record_interaction(
                session,
                new.model_copy(update={"customer_id": who.customer_id}),
                link_customer=False,
            )
            counts["recorded" if done.created else "duplicates"] += 1
        elif isinstance(action, AnswerReply):
            counts["answered"] += mark_answered_by_reply(
                session,
                action.platform,
                action.account_id,
                by=f"{action.platform}:{action.account_id}",
                at=action.at,
                in_reply_to=action.in_reply_to,
                profile=action.profile,
            )
        elif isinstance(action, PurgeText):
            counts["purged"] += purge_interaction_text(
                session, action.platform, action.event_id, actor=action.platform
            )
        else:
            withdraw_on_revocation(session, action.revocation)
            withdrawn += 1
    return WebhookOutcome(**counts, withdrawn=withdrawn, ignored=ignored)

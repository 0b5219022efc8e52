"""Who is behind a profile, for the service: today the stored link.

:func:`identify_profile` is the one place the service asks; an application can pass
another function with the same signature to :func:`~identitylink.service.create_app`
(the real-time index of issue 12 §1 plugs in here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from identitylink.storage import StoredLink, lookup_customer
from identitylink.types import Platform

__all__ = ["Identification", "IdentifyFunction", "identify_profile"]


class Identification(BaseModel, frozen=True, extra="forbid"):
    """The answer for one profile: its customer if a usable link says so."""

    platform: str
    scope: str
    profile_id: str
    customer_id: str | None
    link: StoredLink | None
    method: Literal["stored_link", "index"] = "stored_link"


IdentifyFunction = Callable[[Session, Platform, str, str], Identification]
"""``(session, platform, profile_id, scope) -> Identification``."""


def identify_profile(
    session: Session, platform: Platform, profile_id: str, scope: str = "global"
) -> Identification:
    """The profile's customer through its stored link (purpose ``customer_care``).

    Only an accepted link whose consent allows customer care is returned; a
    withdrawn, disputed or erased one never is.
    """
    link = lookup_customer(
        session, platform, profile_id, scope, purpose="customer_care"
    )
    return Identification(
        platform=platform,
        scope=scope,
        profile_id=profile_id,
        customer_id=None if link is None else link.customer_id,
        link=link,
    )

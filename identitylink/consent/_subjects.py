"""Subjects as a person names them, checked against the store.

A support agent types ``profile:facebook:84201948315804827``; the ledger needs the
scope too (Facebook ids are only unique within one app or one Page). A withdrawal
filed under a scope that no stored profile has would be silently lost, so the scope is
resolved from what the store holds, and a subject the store knows nothing about is
reported instead of being acted on.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import Subject
from identitylink.exceptions import SubjectNotFoundError
from identitylink.storage._consent_models import ConsentEventRow
from identitylink.storage._models import CustomerRow, LinkRow, ProfileRow

__all__ = ["resolve_subject", "subject_known"]


def resolve_subject(session: Session, text: str) -> Subject:
    """Read ``text`` as a :class:`Subject`, a missing Facebook scope from the store.

    ``profile:facebook:<id>`` (no scope) becomes the one stored profile with that id;
    no stored profile, or the id stored under several scopes, raises
    :class:`SubjectNotFoundError` naming the scopes to choose from. Every other form is
    read by :meth:`Subject.parse` (a malformed text raises ``ValueError``).
    """
    kind, _, rest = text.partition(":")
    platform, _, profile_id = rest.partition(":")
    if kind != "profile" or platform != "facebook" or not profile_id:
        return Subject.parse(text)
    if ":" in profile_id:
        return Subject.parse(text)
    scopes = sorted(
        set(
            session.scalars(
                select(ProfileRow.scope).where(
                    ProfileRow.platform == "facebook",
                    ProfileRow.profile_id == profile_id,
                )
            )
        )
        | set(
            session.scalars(
                select(LinkRow.scope).where(
                    LinkRow.platform == "facebook", LinkRow.profile_id == profile_id
                )
            )
        )
    )
    if len(scopes) == 1:
        return Subject.profile("facebook", profile_id, scopes[0])
    if not scopes:
        raise SubjectNotFoundError(
            f"{text}: no Facebook profile with id {profile_id} is stored, and "
            "Facebook ids have no global scope; write "
            f"profile:facebook:app[:<app id>]:{profile_id} or "
            f"profile:facebook:page:<page id>:{profile_id}"
        )
    choices = ", ".join(f"profile:facebook:{s}:{profile_id}" for s in scopes)
    raise SubjectNotFoundError(
        f"{text}: the id is stored under {len(scopes)} scopes; name one: {choices}"
    )


def subject_known(session: Session, subject: Subject) -> bool:
    """Whether the store holds anything of ``subject``: a record, a link or an event."""
    if subject.kind == "customer":
        probes = [
            exists().where(CustomerRow.customer_id == subject.id),
            exists().where(LinkRow.customer_id == subject.id),
        ]
    else:
        probes = [
            exists().where(
                ProfileRow.platform == subject.platform,
                ProfileRow.scope == subject.scope,
                ProfileRow.profile_id == subject.id,
            ),
            exists().where(
                LinkRow.platform == subject.platform,
                LinkRow.scope == subject.scope,
                LinkRow.profile_id == subject.id,
            ),
        ]
    probes.append(exists().where(ConsentEventRow.subject_key == subject.key))
    return any(bool(session.scalar(select(probe))) for probe in probes)

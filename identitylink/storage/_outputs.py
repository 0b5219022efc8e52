"""What may leave the store: a run's links after the consent gate and the link states.

A links CSV is what a CRM imports, an explanation file is read by people, a JSON
summary feeds a batch job: none of them may carry a link that the consent policy
refused or that a person withdrew, disputed, rejected or unlinked. :func:`store_run`
saves a run (:func:`~identitylink.storage.save_run`) and returns the run's result with
only the links that survived, and every other decision listed with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, SecretStr
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from identitylink.records import Customer, SocialProfile
from identitylink.results import LinkDecision, LinkResult
from identitylink.storage._gate import pair_key
from identitylink.storage._models import LinkRow
from identitylink.storage._runs import LegalBasis, save_run_with_refusals

if TYPE_CHECKING:
    from identitylink._consent_model.policy import LinkEvidence

__all__ = ["RefusedOutput", "StoredRun", "gate_links", "store_run"]

_EMITTABLE = frozenset({"proposed", "accepted"})
"""Stored link statuses whose pair may still be written out as a link."""

_CHUNK = 500
"""Pairs per ``IN`` query (SQLite allows 32,766 bound parameters; 4 per pair)."""


class RefusedOutput(BaseModel, frozen=True, extra="forbid"):
    """A decision that was not emitted as a link, and why."""

    profile_platform: str
    profile_id: str
    profile_scope: str
    customer_id: str
    band: str
    reason: str


class StoredRun(BaseModel, frozen=True, extra="forbid"):
    """A saved run: its id, the links that may be emitted, and the refused ones."""

    run_id: str
    result: LinkResult
    refused: tuple[RefusedOutput, ...]


def _refused(decision: LinkDecision, reason: str) -> RefusedOutput:
    return RefusedOutput(
        profile_platform=decision.profile_platform,
        profile_id=decision.profile_id,
        profile_scope=decision.profile_scope,
        customer_id=decision.customer_id,
        band=decision.band,
        reason=reason,
    )


def _stored_states(
    session: Session, decisions: Sequence[LinkDecision]
) -> dict[tuple[str, str, str, str], str]:
    keys = sorted({pair_key(d) for d in decisions})
    found: dict[tuple[str, str, str, str], str] = {}
    columns = (LinkRow.platform, LinkRow.scope, LinkRow.profile_id, LinkRow.customer_id)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = session.execute(
            select(*columns, LinkRow.status).where(tuple_(*columns).in_(chunk))
        )
        for platform, scope, profile_id, customer_id, status in rows:
            found[(platform, scope, profile_id, customer_id)] = status
    return found


def gate_links(
    session: Session,
    result: LinkResult,
    refusals: dict[tuple[str, str, str, str], str] | None = None,
) -> tuple[LinkResult, tuple[RefusedOutput, ...]]:
    """Split ``result`` into what may be emitted and what may not, with reasons.

    A decision is withheld when the consent gate refused it (``refusals``, keyed by
    :func:`pair_key`) or when its stored link is neither ``proposed`` nor
    ``accepted`` (a person withdrew, disputed, rejected or unlinked it). The counts
    ``links``, ``auto`` and ``review`` are those of the emitted links; ``refused``
    counts the others.
    """
    refusals = refusals or {}
    states = _stored_states(session, result.links)
    kept: list[LinkDecision] = []
    refused: list[RefusedOutput] = []
    for decision in result.links:
        key = pair_key(decision)
        if key in refusals:
            refused.append(_refused(decision, f"consent policy: {refusals[key]}"))
            continue
        status = states.get(key)
        if status is not None and status not in _EMITTABLE:
            refused.append(_refused(decision, f"the stored link is {status}"))
            continue
        kept.append(decision)
    n_auto = sum(1 for d in kept if d.band == "auto")
    counts = {
        **result.counts,
        "links": len(kept),
        "auto": n_auto,
        "review": len(kept) - n_auto,
        "refused": len(refused),
    }
    return result.model_copy(update={"links": tuple(kept), "counts": counts}), tuple(
        refused
    )


def store_run(
    session: Session,
    result: LinkResult,
    *,
    inputs: dict[str, str],
    customers: Iterable[Customer] | None = None,
    profiles: Iterable[SocialProfile] | None = None,
    email_salt: str | SecretStr | None = None,
    legal_basis: LegalBasis = "first_party_data",
    evidence: LinkEvidence | None = None,
    suppression_key: str | SecretStr | None = None,
) -> StoredRun:
    """Save ``result`` like :func:`save_run`, and return what may be written out.

    Use the returned :attr:`StoredRun.result` (never the unsaved ``result``) for every
    output: links files, explanations, summaries, a CRM import.
    """
    run_id, refusals = save_run_with_refusals(
        session,
        result,
        inputs=inputs,
        customers=customers,
        profiles=profiles,
        email_salt=email_salt,
        legal_basis=legal_basis,
        evidence=evidence,
        suppression_key=suppression_key,
    )
    gated, refused = gate_links(session, result, refusals)
    return StoredRun(run_id=run_id, result=gated, refused=refused)

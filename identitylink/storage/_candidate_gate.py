"""The consent gate over one profile's candidates, as an identify call needs it.

:func:`~identitylink.storage._gate.screen_run` judges the decisions of a run; the
index's ``identify`` judges the few candidate pairs of one profile, many times a
second, and must refuse exactly the pairs a run would not store. This module gives
that answer with less work per call: two Core reads (is any identifier suppressed;
which of the subjects have identity-linking consent events), and decisions built
only for what needs them, namely the pairs of erased people when the suppression
list is not empty, and the pairs whose consent is not the shared "unknown" state.
The pairs in the "unknown" state are judged once, as :func:`screen_run` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from identitylink._consent_model.events import (
    Purpose,
    customer_subject_key,
    profile_subject_key,
)
from identitylink._consent_model.policy import LegalBasis, check_link
from identitylink._consent_model.state import fold_events
from identitylink.exceptions import ConsentError
from identitylink.records import Customer
from identitylink.results import LinkDecision
from identitylink.storage._engine import core_rows
from identitylink.storage._gate import (
    DEFAULT_EVIDENCE,
    screen_run,
    subjects_with_events,
)
from identitylink.storage._models import utc_now
from identitylink.storage._suppression import SuppressionRow, without_suppressed

__all__ = ["refused_candidates"]

_ANY_SUPPRESSED = select(SuppressionRow.__table__.c.key_hash).limit(1)


def refused_candidates(
    session: Session,
    profile: tuple[str, str, str],
    customer_ids: Sequence[str],
    *,
    decisions: Callable[[Sequence[str]], list[LinkDecision]],
    customers: Callable[[Sequence[str]], list[Customer]],
    legal_basis: str,
    email_salt: str | None,
    suppression_key: str | None,
) -> set[str]:
    """The ids among ``customer_ids`` whose pair with ``profile`` (platform, scope,
    id) the store would not link: an erased person (suppressed identifiers), or a
    pair the consent gate refuses (withdrawn, disputed, no basis).

    ``decisions(ids)`` makes the pairs of ``ids`` as decisions (``review``) for the
    run's gate, and ``customers(ids)`` the records of ``ids`` (for their
    identifiers): called only when needed.
    """
    basis = LegalBasis(legal_basis)
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        return set()
    out: set[str] = set()
    if core_rows(session, _ANY_SUPPRESSED, {}):
        kept, _ = without_suppressed(
            session, decisions(ids), customers(ids), email_salt, suppression_key
        )
        out = set(ids) - {d.customer_id for d in kept}
        ids = [c for c in ids if c not in out]
    platform, scope, profile_id = profile
    mine = profile_subject_key(platform, scope, profile_id)
    keys = {customer_subject_key(c): c for c in ids}
    with_events = subjects_with_events(session, sorted({mine, *keys}))
    if mine in with_events:
        known = set(ids)
    else:
        known = {keys[k] for k in with_events if k in keys}
    if known:
        refusals, _ = screen_run(
            session, decisions([c for c in ids if c in known]), legal_basis, None
        )
        out |= {key[3] for key in refusals}
    unknown = [c for c in ids if c not in known]
    if unknown:
        state = fold_events((), Purpose.IDENTITY_LINKING, utc_now())
        try:
            check_link(
                platform,  # type: ignore[arg-type]  # a profile's platform
                basis,
                DEFAULT_EVIDENCE,
                state,
                profile_id=profile_id,
                customer_id=unknown[0],
            )
        except ConsentError:
            out |= set(unknown)
    return out

"""Persistence of link runs, decisions, links, consent events, the audit log and the
interaction log (mentions, replies, DMs, comments and their answer times).

SQLAlchemy 2 on SQLite (the default) or PostgreSQL; Alembic migrations ship inside the
package. The caller owns the session: functions here take a ``Session`` and never
commit; :func:`session_scope` commits or rolls back at the edge::

    engine = make_engine("sqlite:///identitylink.db")
    upgrade_schema(engine)
    with session_scope(engine) as session:
        run_id = save_run(session, result, inputs={"crm": "crm.csv"})
"""

from __future__ import annotations

from identitylink.storage._deletion_requests import (
    DeletionRequest,
    add_deletion_request,
    get_deletion_request,
)
from identitylink.storage._engine import make_engine, session_scope
from identitylink.storage._interactions import (
    Interaction,
    NewInteraction,
    RecordedInteraction,
    list_interactions,
    mark_answered,
    mark_answered_by_reply,
    purge_interaction_text,
    record_interaction,
)
from identitylink.storage._links import StoredLink
from identitylink.storage._lookup import lookup_customer, lookup_profiles
from identitylink.storage._migrations import (
    check_schema,
    current_revision,
    head_revision,
    upgrade_schema,
)
from identitylink.storage._outputs import (
    RefusedOutput,
    StoredRun,
    gate_links,
    store_run,
)
from identitylink.storage._review import (
    ReviewCandidate,
    ReviewItem,
    ReviewLabel,
    ReviewPair,
    ScoredLink,
    accept_link,
    count_pending_reviews,
    get_review_pair,
    list_pending_reviews,
    reject_link,
    review_labels,
    scored_links,
)
from identitylink.storage._rights import (
    ErasureReport,
    dispute_link,
    erase_customer,
    erase_profile,
    export_customer,
    export_profile,
    resolve_dispute,
    unlink,
)
from identitylink.storage._runs import run_fingerprint, save_run
from identitylink.storage._sla import (
    SlaFigures,
    SlaReport,
    UnansweredInteraction,
    sla_report,
)

__all__ = [
    "DeletionRequest",
    "ErasureReport",
    "Interaction",
    "NewInteraction",
    "RecordedInteraction",
    "RefusedOutput",
    "ReviewCandidate",
    "ReviewItem",
    "ReviewLabel",
    "ReviewPair",
    "ScoredLink",
    "SlaFigures",
    "SlaReport",
    "StoredLink",
    "StoredRun",
    "UnansweredInteraction",
    "accept_link",
    "add_deletion_request",
    "check_schema",
    "count_pending_reviews",
    "current_revision",
    "dispute_link",
    "erase_customer",
    "erase_profile",
    "export_customer",
    "export_profile",
    "gate_links",
    "get_deletion_request",
    "get_review_pair",
    "head_revision",
    "list_interactions",
    "list_pending_reviews",
    "lookup_customer",
    "lookup_profiles",
    "make_engine",
    "mark_answered",
    "mark_answered_by_reply",
    "purge_interaction_text",
    "record_interaction",
    "reject_link",
    "resolve_dispute",
    "review_labels",
    "run_fingerprint",
    "save_run",
    "scored_links",
    "session_scope",
    "sla_report",
    "store_run",
    "unlink",
    "upgrade_schema",
]

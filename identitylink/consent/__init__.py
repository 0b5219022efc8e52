"""Consent and legal basis for every link: the ledger, the policy gate, receipts.

* Events (:class:`ConsentEvent`) are appended, never edited; the state of a purpose
  is folded from them (:func:`fold_events`, :func:`consent_state`).
* :func:`check_link` decides whether a link may be made: it enforces X's off-platform
  matching policy; :func:`screen_links` runs it over a whole run.
  :func:`link_usable` / :func:`lookup_allowed` decide whether a stored link may be
  returned by a lookup.
* :func:`withdraw` is one call: event, withdrawn links, purged cache, audit log.
  :func:`parse_x_revocation` / :func:`withdraw_on_revocation` do it when X reports
  that the person revoked your app.
* :func:`kantara_receipt` and :func:`dpv_consent_record` export receipts.

Layers: the pure model (events, state, policy) sits below :mod:`identitylink.storage`,
which stores and reads it; this package builds on both, and the store never imports it.
"""

from __future__ import annotations

from identitylink._consent_model.events import (
    ConsentEvent,
    ConsentStatus,
    Method,
    Purpose,
    Subject,
)
from identitylink._consent_model.policy import (
    CONSENT_ONLY_PURPOSES,
    DataSource,
    LegalBasis,
    LinkEvidence,
    PolicyDecision,
    check_link,
    link_usable,
)
from identitylink._consent_model.state import (
    ConsentState,
    ConsentStateName,
    fold_events,
)
from identitylink.consent._ledger import Withdrawal, grant, record_event, withdraw
from identitylink.consent._platform_events import (
    PlatformRevocation,
    parse_x_revocation,
    withdraw_on_revocation,
)
from identitylink.consent._receipts import (
    DPV_CONTEXT,
    KANTARA_VERSION,
    Controller,
    dpv_consent_record,
    kantara_receipt,
    kantara_schema,
)
from identitylink.consent._subjects import resolve_subject, subject_known
from identitylink.storage._consent_state import (
    consent_state,
    history,
    link_consent_state,
    lookup_allowed,
)
from identitylink.storage._gate import RefusedLink, Screening, screen_links

__all__ = [
    "CONSENT_ONLY_PURPOSES",
    "DPV_CONTEXT",
    "KANTARA_VERSION",
    "ConsentEvent",
    "ConsentState",
    "ConsentStateName",
    "ConsentStatus",
    "Controller",
    "DataSource",
    "LegalBasis",
    "LinkEvidence",
    "Method",
    "PlatformRevocation",
    "PolicyDecision",
    "Purpose",
    "RefusedLink",
    "Screening",
    "Subject",
    "Withdrawal",
    "check_link",
    "consent_state",
    "dpv_consent_record",
    "fold_events",
    "grant",
    "history",
    "kantara_receipt",
    "kantara_schema",
    "link_consent_state",
    "link_usable",
    "lookup_allowed",
    "parse_x_revocation",
    "record_event",
    "resolve_subject",
    "screen_links",
    "subject_known",
    "withdraw",
    "withdraw_on_revocation",
]

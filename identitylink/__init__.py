"""identitylink: which CRM customer is behind a Twitter/X or Facebook profile.

The public API is what this module exports; everything in a ``_private`` module may
change without notice.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("identitylink")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from identitylink._csv_out import write_csv, write_links_csv
from identitylink._engine.evaluate import EvaluationReport, evaluate, read_truth
from identitylink._engine.index import Candidate, Identification, Index
from identitylink.blocking import (
    BlockingReport,
    BlockingRule,
    BlockingRuleStats,
    block_on,
)
from identitylink.exceptions import (
    ConfigurationError,
    ConsentError,
    ConsentMissingError,
    ConsentWithdrawnError,
    DuplicateLinkError,
    EmptyInputError,
    EncodingError,
    IdentityLinkError,
    InputError,
    InteractionNotFoundError,
    InvalidRecordError,
    LinkageError,
    LinkNotFoundError,
    LinkStateError,
    MissingDependencyError,
    PolicyViolationError,
    SchemaOutdatedError,
    SignatureError,
    StorageError,
)
from identitylink.linker import Linker
from identitylink.records import (
    Customer,
    PartialDate,
    Place,
    ReadResult,
    RecordError,
    SocialProfile,
)
from identitylink.results import (
    LINK_COLUMNS,
    ComparisonTerm,
    Explanation,
    LinkDecision,
    LinkResult,
)
from identitylink.settings import IdentityLinkSettings
from identitylink.sources import (
    ColumnMapping,
    ColumnRead,
    read_crm,
    read_crm_columns,
    read_facebook,
    read_facebook_columns,
    read_twitter,
    read_twitter_columns,
)
from identitylink.spec import DecisionThresholds, LinkSpec
from identitylink.types import Band, ErrorMode, InteractionKind, Platform

__all__ = [
    "LINK_COLUMNS",
    "Band",
    "BlockingReport",
    "BlockingRule",
    "BlockingRuleStats",
    "Candidate",
    "ColumnMapping",
    "ColumnRead",
    "ComparisonTerm",
    "ConfigurationError",
    "ConsentError",
    "ConsentMissingError",
    "ConsentWithdrawnError",
    "Customer",
    "DecisionThresholds",
    "DuplicateLinkError",
    "EmptyInputError",
    "EncodingError",
    "ErrorMode",
    "EvaluationReport",
    "Explanation",
    "Identification",
    "IdentityLinkError",
    "IdentityLinkSettings",
    "Index",
    "InputError",
    "InteractionKind",
    "InteractionNotFoundError",
    "InvalidRecordError",
    "LinkDecision",
    "LinkNotFoundError",
    "LinkResult",
    "LinkSpec",
    "LinkStateError",
    "LinkageError",
    "Linker",
    "MissingDependencyError",
    "PartialDate",
    "Place",
    "Platform",
    "PolicyViolationError",
    "ReadResult",
    "RecordError",
    "SchemaOutdatedError",
    "SignatureError",
    "SocialProfile",
    "StorageError",
    "__version__",
    "block_on",
    "evaluate",
    "read_crm",
    "read_crm_columns",
    "read_facebook",
    "read_facebook_columns",
    "read_truth",
    "read_twitter",
    "read_twitter_columns",
    "write_csv",
    "write_links_csv",
]

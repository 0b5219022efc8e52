"""Every error identitylink raises on purpose derives from :class:`IdentityLinkError`.

The tree::

    IdentityLinkError
    ├── ConfigurationError (ValueError)   a spec, mapping or setting is unusable
    ├── InputError (ValueError)           input data cannot be used
    │   ├── InvalidRecordError            one bad record (``.error`` says where)
    │   ├── EncodingError                 unknown or undecodable text encoding
    │   └── EmptyInputError               a file or table holds no records
    ├── LinkageError                      training or linking failed
    ├── ConsentError                      a link or lookup is not allowed
    │   ├── ConsentMissingError           needed consent was never given
    │   ├── ConsentWithdrawnError         withdrawn, revoked or expired consent
    │   ├── PolicyViolationError          a platform policy forbids it
    │   └── SubjectNotFoundError (LookupError)  no stored person matches a subject
    ├── StorageError                      the database failed (wraps SQLAlchemy)
    │   ├── LinkNotFoundError (LookupError)
    │   ├── DuplicateLinkError
    │   ├── LinkStateError (ValueError)   the status forbids it (disputed: frozen)
    │   ├── InteractionNotFoundError (LookupError)  no such interaction
    │   └── SchemaOutdatedError           run ``identitylink db upgrade``
    ├── SignatureError                    a webhook's signature is missing or wrong
    └── MissingDependencyError (ImportError)  an optional extra is missing

Third-party errors (pydantic, SQLAlchemy, JSON decoding) are translated into this tree
at the boundary where they occur; they never escape the public API untranslated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from identitylink.records import RecordError

__all__ = [
    "ConfigurationError",
    "ConsentError",
    "ConsentMissingError",
    "ConsentWithdrawnError",
    "DuplicateLinkError",
    "EmptyInputError",
    "EncodingError",
    "IdentityLinkError",
    "InputError",
    "InteractionNotFoundError",
    "InvalidRecordError",
    "LinkNotFoundError",
    "LinkStateError",
    "LinkageError",
    "MissingDependencyError",
    "PolicyViolationError",
    "SchemaOutdatedError",
    "SignatureError",
    "StorageError",
    "SubjectNotFoundError",
]


class IdentityLinkError(Exception):
    """Root of every error identitylink raises on purpose."""


class ConfigurationError(IdentityLinkError, ValueError):
    """A spec, a column mapping or a setting cannot be used."""


class InputError(IdentityLinkError, ValueError):
    """Input data cannot be used."""


class InvalidRecordError(InputError):
    """One input record is invalid; ``error`` says where and why."""

    def __init__(self, error: RecordError) -> None:
        self.error = error
        super().__init__(str(error))


class EncodingError(InputError):
    """A file's text encoding is unknown or the bytes do not decode."""


class EmptyInputError(InputError):
    """A file or table holds no records."""


class LinkageError(IdentityLinkError):
    """Training or linking failed."""


class ConsentError(IdentityLinkError):
    """A link or a lookup is not allowed by consent or policy."""


class ConsentMissingError(ConsentError):
    """The purpose needs consent that was never given."""


class ConsentWithdrawnError(ConsentError):
    """Consent was withdrawn, revoked, invalidated or has expired."""


class PolicyViolationError(ConsentError):
    """A platform's developer policy forbids the operation."""


class SubjectNotFoundError(ConsentError, LookupError):
    """No stored customer, profile, link or consent event matches the subject named."""


class StorageError(IdentityLinkError):
    """The database failed; the SQLAlchemy error is chained as ``__cause__``."""


class LinkNotFoundError(StorageError, LookupError):
    """No such link."""


class DuplicateLinkError(StorageError):
    """The link exists already."""


class LinkStateError(StorageError, ValueError):
    """The link's status does not allow this change (a disputed link is frozen)."""


class InteractionNotFoundError(StorageError, LookupError):
    """No interaction has that id."""


class SchemaOutdatedError(StorageError):
    """The schema is older than this version: run ``identitylink db upgrade``."""


class SignatureError(IdentityLinkError):
    """A webhook's signature is missing or does not match: nothing was read."""


class MissingDependencyError(IdentityLinkError, ImportError):
    """An optional extra is needed: the message names the ``pip install`` to run."""

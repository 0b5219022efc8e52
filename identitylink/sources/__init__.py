"""Readers: CRM exports, X (Twitter) users and Facebook users to validated records.

Each reader takes a path or an open file (and ``read_crm`` also a DataFrame or dicts),
``errors="raise" | "collect"`` and ``source_name``, and returns a
:class:`~identitylink.ReadResult`. See the "Inputs and column mappings" how-to.
The ``*_columns`` readers return the same records as a
:class:`~identitylink.ColumnRead` (columns, no object per record) for batch
linking.
"""

from __future__ import annotations

from identitylink.sources._column_read import ColumnRead
from identitylink.sources._columns import ColumnMapping
from identitylink.sources._crm import read_crm, read_crm_columns
from identitylink.sources._facebook import read_facebook, read_facebook_columns
from identitylink.sources._twitter import read_twitter, read_twitter_columns

__all__ = [
    "ColumnMapping",
    "ColumnRead",
    "read_crm",
    "read_crm_columns",
    "read_facebook",
    "read_facebook_columns",
    "read_twitter",
    "read_twitter_columns",
]

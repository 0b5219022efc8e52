"""Readers: CRM exports, X (Twitter) users and Facebook users to validated records.

Each reader takes a path or an open file (and ``read_crm`` also a DataFrame or dicts),
``errors="raise" | "collect"`` and ``source_name``, and returns a
:class:`~identitylink.ReadResult`. See the "Inputs and column mappings" how-to.
"""

from __future__ import annotations

from identitylink.sources._columns import ColumnMapping
from identitylink.sources._crm import read_crm
from identitylink.sources._facebook import read_facebook
from identitylink.sources._twitter import read_twitter

__all__ = ["ColumnMapping", "read_crm", "read_facebook", "read_twitter"]

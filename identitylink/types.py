"""Public type aliases used across identitylink's signatures."""

from __future__ import annotations

from typing import Literal

__all__ = ["Band", "ErrorMode", "InteractionKind", "Platform"]

Platform = Literal["twitter", "facebook"]
"""The social platforms identitylink reads."""

Band = Literal["auto", "review", "reject"]
"""Confidence band of a decision: linked automatically, sent to review, or rejected."""

ErrorMode = Literal["raise", "collect"]
"""What a reader does with a bad record: raise at once, or skip it and report it."""

InteractionKind = Literal["mention", "reply", "dm", "comment"]
"""What an interaction is: a public mention or reply, a direct message, a comment."""

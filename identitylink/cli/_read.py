"""``identitylink read`` and ``identitylink demo``: read and normalise inputs."""

from __future__ import annotations

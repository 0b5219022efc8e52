"""The pure consent model: events, the state folded from them, the policy.

No I/O and no database: :mod:`identitylink.storage` stores and reads these values and
:mod:`identitylink.consent` (the public face) builds on both. Keeping the model here,
below both packages, is what lets the dependency run one way only:
``consent -> storage -> _consent_model``.
"""

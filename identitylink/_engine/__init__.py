"""The engine's private package: how each comparison kind is evaluated.

``kinds`` holds the registry the kernel (``identitylink._scoring``), the
explanations (``identitylink._explain``) and the column checks dispatch through:
one :class:`~identitylink._engine.kinds.Evaluator` per comparison class, so a new
kind is a class and its evaluator, not an edit of every module that scores.
``builtin`` registers the kinds identitylink ships.
"""

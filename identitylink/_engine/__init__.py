"""The engine: records' columns in, scored and decided links out.

Private; the public API is :class:`~identitylink.Linker`, :class:`~identitylink.Index`
and :class:`~identitylink.LinkSpec`. One module per stage of the flow:

- ``columns``, ``features``: records -> named columns of normalised keys (a
  :class:`~identitylink._engine.features.Side`), with the derived keys of
  ``skeleton``, ``username_forms`` and ``handle_years``;
- ``pairs``: candidate pairs from blocking rules (joins on coded keys);
- ``kinds``, ``builtin``: the registry of comparison kinds, one evaluator each;
- ``kernel``: comparison levels and weights for candidate pairs (term frequency,
  ``weights`` floors);
- ``em``, ``strata``, ``train``: u from random pairs, m by EM, name strata;
- ``decide``, ``crossplatform``, ``explain``: assignment, bands, one person across
  platforms, the waterfall of each decision;
- ``evaluate``: links against a truth table;
- ``executor``: the seam where blocking and the kernel run, locally or on Spark
  (``spark``);
- ``index``, ``index_blocking``, ``index_one``, ``index_state``: the same method one
  profile at a time against customers held in memory.
"""

"""The rule engine: 专精特新, 高企 and 科技型 tiers decided by versioned rule packs, explained.

Everything that turns a profile and a rule pack into an explained result, and nothing that
stores, renders or matches policies. The YAML packs (``*.yaml``, ``sets.yaml``) sit here as data
beside the code that reads them. Imports run one way, bottom to top:

* ``logic`` (four-valued outcomes, bands), ``rulepack`` (the pack schema), ``result`` (result
  types): pure, no profile;
* ``metrics``: the registry (``Ctx``, ``Measure``, ``@metric``, ``measure``), the core the
  others use; ``metrics_finance`` and ``metrics_holdings`` register definitions into it;
* ``checks`` and ``scoring`` evaluate conditions and banded scores through the registry;
  ``tiers`` combines them into one tier; ``gap`` advises how to close a tier's gap;
* ``packs`` loads and validates packs, imports every metric definition and defines the
  ``tier`` metric (a pack as a condition). Nothing below imports it, so there is no loop.
"""

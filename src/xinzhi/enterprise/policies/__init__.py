"""Policy matching: which policies a firm qualifies for, what to ask next, and the benefit.

``terms`` gives ``Policy.conditions`` a schema (its conditions are rule-engine checks),
``matching`` evaluates them on a profile, ``deduction`` computes the R&D super deduction a
benefit may name, ``service`` seeds and saves catalog ``Policy`` rows (``policies.yaml`` is the
seed). It uses the rule engine (``enterprise.rules``) and the profile, never the assessment.
"""

"""Technology readiness (TRL) on the NASA, EU and GB/T scales: evidence-gated assessments with
history, and track-level maturity from patents.

Achievements already store ``trl`` together with ``trl_scale`` (``nasa`` | ``eu`` | ``gbt``) so
no value is ever read without its scale; assessments and their evidence land here.
"""

"""Risk early warning: indicator levels (green to red) of a firm and a portfolio of firms.

``indicators`` computes the thresholds of ``risk.yaml``; ``title_warnings`` flags review
conditions of held titles that fail, sit near their threshold or trend across it (the
assessment lists them too); ``portfolio`` counts a park's firms by level, year by year, with an
Excel export. It uses the rule engine (``enterprise.rules``) and the profile, never the
assessment, so the assessment can use it.
"""

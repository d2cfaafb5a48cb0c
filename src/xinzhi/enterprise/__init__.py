"""Enterprise services: 专精特新 tier assessment by versioned rule packs, risk early warning,
policy matching and R&D super-deduction estimates.

Policies are stored in ``xinzhi.catalog.models.Policy`` with a free ``conditions`` document that
this package will give a schema and an evaluator.
"""

"""Evaluation indices as the composition root sees them."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="indices",
    models=("xinzhi.indices.models",),
    commands={"indices": "xinzhi.indices.cli:indices"},
    api=("xinzhi.indices.api:router",),
    pages=("xinzhi.indices.pages:router",),
    messages=("xinzhi.indices.messages:MESSAGES",),
)

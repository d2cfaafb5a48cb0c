"""对接 as the composition root sees it: engagements, contacts, contracts, the funnel."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="engagements",
    models=("xinzhi.engagements.models",),
    jobs=("xinzhi.engagements.jobs",),
    commands={"engagements": "xinzhi.engagements.cli:engagements"},
    api=("xinzhi.engagements.api:router",),
)

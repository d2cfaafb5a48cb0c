"""The matching engine as the composition root sees it."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="matching",
    models=("xinzhi.matching.models",),
    jobs=("xinzhi.matching.jobs",),
    commands={"match": "xinzhi.matching.cli:match", "eval": "xinzhi.matching.cli_eval:eval_group"},
    api=("xinzhi.matching.api:router",),
    pages=("xinzhi.matching.pages:router",),
    subscribers=("xinzhi.matching.live:install",),
    messages=("xinzhi.matching.messages:MESSAGES",),
)

"""揭榜挂帅 as the composition root sees it: challenges, review, milestones, failure cases."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="challenges",
    models=("xinzhi.challenges.models",),
    jobs=("xinzhi.challenges.jobs",),
    commands={"challenges": "xinzhi.challenges.cli:challenges"},
    api=(
        "xinzhi.challenges.api_library:router",  # /challenges/stats before /challenges/{id}
        "xinzhi.challenges.api:router",
    ),
    pages=(
        "xinzhi.challenges.pages_library:router",  # /challenges/new, /stats before {id}
        "xinzhi.challenges.pages:router",
    ),
    messages=("xinzhi.challenges.messages:MESSAGES",),
    demo=("xinzhi.challenges.demo:load",),
    # 待我处理: applications an assigned reviewer has not scored (see xinzhi.common.waiting)
    web_state={"waiting_challenges": "xinzhi.challenges.waiting:waiting"},
)

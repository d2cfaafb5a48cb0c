"""对接 as the composition root sees it: engagements, contacts, contracts, the funnel."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="engagements",
    models=("xinzhi.engagements.models",),
    jobs=("xinzhi.engagements.jobs",),
    commands={"engagements": "xinzhi.engagements.cli:engagements"},
    api=("xinzhi.engagements.api:router",),
    pages=(
        "xinzhi.engagements.pages_workbench:router",  # /engagements/stats.xlsx before {id}
        "xinzhi.engagements.pages_respond:router",
        "xinzhi.engagements.pages:router",
    ),
    messages=("xinzhi.engagements.messages:MESSAGES",),
    web_state={
        # `/` sends a signed-in user to the 工作台
        "home_path": "xinzhi.engagements.pages_respond:HOME_PATH",
        # 加入对接 on a demand's match results, 响应 on a public demand's page
        "match_action": "xinzhi.engagements.pages_respond:match_action",
        "record_panels": "xinzhi.engagements.pages_respond:record_panels",
    },
)

"""产业链/创新链图谱 as the composition root sees it: chains, placements, weak links."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="chains",
    models=("xinzhi.chains.models",),
    jobs=("xinzhi.chains.jobs",),
    commands={"chains": "xinzhi.chains.cli:chains"},
    api=("xinzhi.chains.api_platforms:router", "xinzhi.chains.api:router"),
    pages=("xinzhi.chains.pages:router",),
    messages=("xinzhi.chains.messages:MESSAGES",),
    demo=("xinzhi.chains.demo:load_demo",),
)

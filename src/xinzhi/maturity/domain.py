"""技术成熟度 as the composition root sees it."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="maturity",
    models=("xinzhi.maturity.models",),
    commands={"maturity": "xinzhi.maturity.cli:maturity"},
    api=("xinzhi.maturity.api:router",),
    pages=("xinzhi.maturity.pages:router",),
    messages=("xinzhi.maturity.messages:MESSAGES",),
    # 待我处理: levels ready for a reviewer to approve (see xinzhi.common.waiting)
    web_state={"waiting_maturity": "xinzhi.maturity.waiting:waiting"},
)

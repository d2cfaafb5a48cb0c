"""Enterprise services (专精特新 tiers, risk, policies) as the composition root sees them."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="enterprise",
    models=("xinzhi.enterprise.models",),
    commands={"enterprise": "xinzhi.enterprise.cli:enterprise"},
    api=("xinzhi.enterprise.api:router",),
    pages=("xinzhi.enterprise.pages:router", "xinzhi.enterprise.profile_pages:router"),
    messages=("xinzhi.enterprise.messages:MESSAGES",),
    demo=("xinzhi.enterprise.policies.service:seed_demo",),
)

"""Notifications as the composition root sees them: the inbox, settings and e-mail outbox."""

from xinzhi.core.domain import Domain

DOMAIN = Domain(
    name="notifications",
    models=("xinzhi.notifications.models",),
    jobs=("xinzhi.notifications.jobs",),
    commands={"notifications": "xinzhi.notifications.cli:notifications"},
    api=("xinzhi.notifications.api:router",),
    pages=("xinzhi.notifications.pages:router",),
    subscribers=("xinzhi.notifications.subscribers:install",),
    messages=("xinzhi.notifications.messages:MESSAGES",),
    web_state={"unread_count": "xinzhi.notifications.pages:unread_badge"},
)

"""Who may see what: a notification, a setting and an outbox message belong to one user, and
only that user reads or changes them (staff included: an inbox is private)."""

from __future__ import annotations

from xinzhi.core.errors import NotFound, Unauthorized
from xinzhi.core.security import Principal


def owner_id(principal: Principal) -> int:
    """The caller's user id; the anonymous public and the operator have no inbox."""
    if principal.user_id is None:
        raise Unauthorized("请先登录 (please log in first)")
    return principal.user_id


def not_found(notification_id: int) -> NotFound:
    """Another user's notification is reported as missing, so its existence does not leak."""
    return NotFound(f"通知 #{notification_id} 不存在 (notification #{notification_id} not found)")

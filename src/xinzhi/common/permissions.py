"""Who may do what: each domain writes its rules once, as a table of action → roles, and the
API, the pages and the CLI all ask the same table.

A domain's ``access.py`` calls :func:`define` with its actions (``"enterprise.profile.read_any"``)
and adds record-level predicates (own organisation, assigned broker) on top. ``tests`` walk
every defined action for all six roles, so a rule cannot exist in one interface only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from xinzhi.core.errors import Forbidden, Unauthorized
from xinzhi.core.models import Role
from xinzhi.core.security import Principal

STAFF = frozenset({Role.ADMIN, Role.BROKER})
"""Admins and brokers (服务专员) curate the whole catalog and see confidential records."""
EVERYONE = frozenset(Role)
SIGNED_IN = frozenset(Role) - {Role.PUBLIC}

_RULES: dict[str, frozenset[Role]] = {}


def define(rules: Mapping[str, Iterable[Role]]) -> dict[str, frozenset[Role]]:
    """Register a domain's actions; an action defined twice with other roles is a bug."""
    fixed = {action: frozenset(roles) for action, roles in rules.items()}
    for action, roles in fixed.items():
        if _RULES.get(action, roles) != roles:
            raise ValueError(f"permission {action!r} is defined twice with different roles")
        _RULES[action] = roles
    return fixed


def rules() -> dict[str, frozenset[Role]]:
    """Every action defined so far (domains define theirs when their access module loads)."""
    return dict(_RULES)


def allowed(principal: Principal, action: str) -> bool:
    roles = _RULES.get(action)
    if roles is None:
        raise KeyError(f"unknown permission {action!r}")
    return principal.role in roles


def require(principal: Principal, action: str) -> None:
    """Raise 401 for the anonymous public, 403 for a signed-in role the rule leaves out."""
    if allowed(principal, action):
        return
    if not principal.authenticated:
        raise Unauthorized("请先登录 please log in first")
    raise Forbidden(f"当前角色无权执行此操作 role {principal.role.value!r} may not do this")

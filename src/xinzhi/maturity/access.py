"""Who may do what with TRL assessments, written once for the API, the pages and the CLI.

An assessment is visible when its achievement is (the catalog's rule). Staff, reviewers and the
owning organisation's users fill in the checklist; only a reviewer (role ``reviewer`` or
``admin``) approves levels and decides on the prior.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.catalog import service as catalog
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Achievement
from xinzhi.common import permissions
from xinzhi.core.errors import Forbidden, Unauthorized
from xinzhi.core.models import Role
from xinzhi.core.security import Principal

ACHIEVEMENTS = ENTITIES["achievements"]
APPROVE = "maturity.approve"
EDIT_ANY = "maturity.edit_any"

RULES = permissions.define(
    {APPROVE: {Role.REVIEWER, Role.ADMIN}, EDIT_ANY: {Role.REVIEWER, Role.ADMIN}}
)


def visible_achievement(session: Session, principal: Principal, achievement_id: int) -> Achievement:
    """The achievement if ``principal`` may see it (else NotFound, as the catalog does)."""
    obj: Achievement = catalog.get_record(session, ACHIEVEMENTS, principal, achievement_id)
    return obj


def check_may_edit(principal: Principal, achievement: Achievement) -> None:
    """Staff, reviewers and the owning organisation's users fill in the checklist."""
    if permissions.allowed(principal, EDIT_ANY):
        return
    catalog.check_write(ACHIEVEMENTS, principal, catalog.current_owner(ACHIEVEMENTS, achievement))


def require_reviewer(principal: Principal) -> None:
    if not permissions.allowed(principal, APPROVE):
        if not principal.authenticated:
            raise Unauthorized("请先登录 please log in first")
        raise Forbidden("只有评审专家可以审批 only a reviewer (or admin) may approve or decide")


def can_edit(principal: Principal, achievement: Achievement) -> bool:
    """Whether ``principal`` may start assessments and answer criteria for ``achievement``."""
    try:
        check_may_edit(principal, achievement)
    except (Forbidden, Unauthorized):
        return False
    return True

"""Who may see and change enterprise data: written once, used by the API, pages and CLI.

Financial profiles (营业收入, 研发费用 …) are confidential business data: visible to the
enterprise's own users, brokers and admins only. Reviewers (expert reviewers of 揭榜挂帅)
and the public never see them, nor the risk portfolio built from them.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from xinzhi.common import permissions
from xinzhi.common.permissions import EVERYONE, STAFF, allowed
from xinzhi.core.errors import NotFound
from xinzhi.core.models import Role
from xinzhi.core.security import Principal


class _OwnedByOrg(Protocol):
    @property
    def organisation_id(self) -> int | None: ...


T = TypeVar("T", bound=_OwnedByOrg)

PROFILE_LIST = "enterprise.profile.list"
PROFILE_READ_ANY = "enterprise.profile.read_any"
PROFILE_WRITE_OWN = "enterprise.profile.write_own"
PROFILE_DELETE = "enterprise.profile.delete"
POLICY_MANAGE = "enterprise.policy.manage"
PORTFOLIO = "enterprise.portfolio"
ASSESS_UNSAVED = "enterprise.assess_unsaved"

RULES = permissions.define(
    {
        PROFILE_LIST: STAFF | {Role.ENTERPRISE},
        PROFILE_READ_ANY: STAFF,
        PROFILE_WRITE_OWN: STAFF | {Role.ENTERPRISE},
        PROFILE_DELETE: STAFF,
        POLICY_MANAGE: STAFF,
        PORTFOLIO: STAFF,
        ASSESS_UNSAVED: EVERYONE,  # nothing is stored and nothing stored is read
    }
)


def may_read_profile(principal: Principal, organisation_id: int | None) -> bool:
    if allowed(principal, PROFILE_READ_ANY):
        return True
    return (
        allowed(principal, PROFILE_LIST)
        and organisation_id is not None
        and principal.organisation_id == organisation_id
    )


def may_edit_profile(principal: Principal, organisation_id: int | None) -> bool:
    """Staff edit every profile; an enterprise user only its own organisation's."""
    return allowed(principal, PROFILE_WRITE_OWN) and may_read_profile(principal, organisation_id)


def require_read_profile(principal: Principal, organisation_id: int | None) -> None:
    """A profile one may not read is reported as not found: its existence does not leak."""
    permissions.require(principal, PROFILE_LIST)
    if not may_read_profile(principal, organisation_id):
        raise NotFound("未找到该企业档案 enterprise profile not found")


def require_edit_profile(principal: Principal, organisation_id: int | None) -> None:
    permissions.require(principal, PROFILE_WRITE_OWN)
    if not may_edit_profile(principal, organisation_id):
        raise NotFound("未找到该企业档案 enterprise profile not found")


def visible_profiles(principal: Principal, rows: list[T]) -> list[T]:
    """The rows of ``rows`` (profiles or summaries) the principal may read."""
    if not allowed(principal, PROFILE_LIST):
        return []
    return [r for r in rows if may_read_profile(principal, r.organisation_id)]

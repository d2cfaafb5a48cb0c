"""Who may see and change an engagement, written once for the API, the pages and the CLI.

- Admins: every engagement.
- Brokers (服务专员): the engagements assigned to them, and the unassigned ones so that someone
  can pick them up. Not their colleagues' cases: the issue limits an engagement to "the broker,
  admins and the two parties' own users", and a broker's pipeline is the broker's own.
- Users of the demand owner's organisation, and of the candidate side's organisation
  (achievement.owner_org_id, the organisation itself, person.organisation_id; a patent has no
  organisation link and so adds nobody).
- A confidential demand's engagements follow the demand: the candidate side does not see them
  (only the owner organisation, brokers and admins see a confidential demand).
- Everyone else, reviewers and the public included, gets *not found*: existence does not leak.
Seeing an engagement is also the right to move it, log contacts and record its contract;
assigning a broker is staff work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, or_, select, true
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement, Confidentiality, Demand, Organisation, Person
from xinzhi.common import permissions
from xinzhi.common.permissions import STAFF, allowed
from xinzhi.core.errors import Forbidden, NotFound, Unauthorized
from xinzhi.core.models import Role, User
from xinzhi.core.security import Principal
from xinzhi.engagements.models import Engagement

PARTY_ROLES = frozenset({Role.ENTERPRISE, Role.RESEARCHER})
CREATE_ANY = "engagements.create_any"
CREATE_OWN = "engagements.create_own"
ASSIGN = "engagements.assign"
RESPOND = "engagements.respond"

RULES = permissions.define(
    {
        CREATE_ANY: STAFF,  # for any demand
        CREATE_OWN: STAFF | PARTY_ROLES,  # for a demand of one's own organisation
        ASSIGN: STAFF,
        RESPOND: PARTY_ROLES,  # 响应 a public demand for one's organisation
    }
)


def candidate_org_expr() -> ColumnElement[Any]:
    """SQL: the organisation on the candidate side of an engagement (NULL for patents)."""
    achievement = (
        select(Achievement.owner_org_id)
        .where(Achievement.id == Engagement.candidate_id)
        .scalar_subquery()
    )
    person = (
        select(Person.organisation_id).where(Person.id == Engagement.candidate_id).scalar_subquery()
    )
    return case(
        (Engagement.candidate_type == "achievement", achievement),
        (Engagement.candidate_type == "person", person),
        (Engagement.candidate_type == "organisation", Engagement.candidate_id),
        else_=None,
    )


def candidate_org_id(session: Session, candidate_type: str, candidate_id: int) -> int | None:
    if candidate_type == "achievement":
        return session.scalar(
            select(Achievement.owner_org_id).where(Achievement.id == candidate_id)
        )
    if candidate_type == "person":
        return session.scalar(select(Person.organisation_id).where(Person.id == candidate_id))
    if candidate_type == "organisation":
        exists = session.get(Organisation, candidate_id)
        return candidate_id if exists else None
    return None


def scope(principal: Principal) -> ColumnElement[bool]:
    """SQL condition on ``Engagement`` joined with ``Demand``: the rows ``principal`` may see."""
    if principal.role == Role.ADMIN:
        return true()
    if principal.role == Role.BROKER and principal.user_id is not None:
        return or_(Engagement.broker_id == principal.user_id, Engagement.broker_id.is_(None))
    org = principal.organisation_id
    if principal.user_id is None or org is None:
        return false()
    public = Demand.confidentiality == Confidentiality.PUBLIC.value
    return or_(Demand.owner_org_id == org, and_(public, candidate_org_expr() == org))


def visible() -> Select[Engagement]:
    """``select(Engagement)`` joined with its demand; add :func:`scope` as the caller's filter."""
    return select(Engagement).join(Demand, Demand.id == Engagement.demand_id)


def get_visible(session: Session, principal: Principal, engagement_id: int) -> Engagement:
    """The engagement, or :class:`NotFound` if it does not exist or ``principal`` may not see it."""
    stmt = visible().where(Engagement.id == engagement_id, scope(principal))
    found = session.scalar(stmt)
    if found is None:
        raise NotFound(f"对接 #{engagement_id} 不存在 (engagement #{engagement_id} not found)")
    return found


def check_create(principal: Principal, demand: Demand) -> None:
    """Staff open engagements for any demand; the demand's own organisation for its demand."""
    if allowed(principal, CREATE_ANY):
        return
    own = principal.organisation_id
    if allowed(principal, CREATE_OWN) and own is not None and demand.owner_org_id == own:
        return
    if principal.user_id is None:
        raise Unauthorized("请先登录 (please log in first)")
    raise Forbidden(
        "只有服务专员、管理员或需求方可以建立对接 (only brokers, admins or the demand owner)"
    )


def check_assign(principal: Principal) -> None:
    if not allowed(principal, ASSIGN):
        raise Forbidden("只有服务专员或管理员可以指派服务专员 (only staff assign brokers)")


def check_respond(principal: Principal) -> int:
    """Researchers and institutions (enterprise users too) respond for their organisation."""
    if principal.user_id is None:
        raise Unauthorized("请先登录 (please log in first)")
    if not allowed(principal, RESPOND) or principal.organisation_id is None:
        raise Forbidden(
            "只有关联了单位的科研人员或企业用户可以响应需求 "
            "(only researcher or enterprise users linked to an organisation may respond)"
        )
    return principal.organisation_id


def party_users(session: Session, engagement: Engagement, demand: Demand) -> set[int]:
    """Users who see the engagement besides admins: the broker and both parties' active users."""
    orgs = {demand.owner_org_id}
    if demand.confidentiality == Confidentiality.PUBLIC.value:
        orgs.add(candidate_org_id(session, engagement.candidate_type, engagement.candidate_id))
    orgs.discard(None)
    users: set[int] = set()
    if orgs:
        stmt = select(User.id).where(User.organisation_id.in_(orgs), User.active.is_(True))
        users.update(session.scalars(stmt))
    if engagement.broker_id is not None:
        users.add(engagement.broker_id)
    return users

"""需求清单: key technology needs behind challenges.

An enterprise flags one of its catalog demands as a key need (关键核心技术需求) and names the
卡脖子 product or part it concerns; the department accepts or rejects it, merges several into
one challenge, and sees which accepted needs no challenge covers yet. The flag lives in this
domain's own table, so the catalog's demands are not changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Demand
from xinzhi.catalog.service import get_record
from xinzhi.challenges import access
from xinzhi.challenges.messages import NEED_STATUSES, zh
from xinzhi.challenges.models import KeyNeed
from xinzhi.challenges.schemas import KeyNeedCreate, KeyNeedReview
from xinzhi.challenges.service import merge_needs
from xinzhi.common.permissions import allowed
from xinzhi.core.errors import Conflict, Forbidden, NotFound, Unauthorized
from xinzhi.core.security import Principal


def flag(session: Session, principal: Principal, body: KeyNeedCreate) -> KeyNeed:
    if principal.user_id is None and not access.is_staff(principal):
        raise Unauthorized("请先登录 (please log in first)")
    if not allowed(principal, access.FLAG_NEED):
        raise Forbidden("只有企业、科研用户或服务专员可以提交关键需求")
    demand: Demand = get_record(session, get_entity("demands"), principal, body.demand_id)
    if not access.is_staff(principal) and demand.owner_org_id != principal.organisation_id:
        raise Forbidden("只能提交本单位的需求 (only your organisation's demands)")
    if session.scalar(select(KeyNeed.id).where(KeyNeed.demand_id == demand.id)) is not None:
        raise Conflict("该需求已列入需求清单 (already a key need)")
    need = KeyNeed(
        demand_id=demand.id,
        chokepoint=body.chokepoint,
        note=body.note,
        created_by=principal.user_id,
    )
    session.add(need)
    session.flush()
    return need


def _get(session: Session, need_id: int) -> KeyNeed:
    need = session.get(KeyNeed, need_id)
    if need is None:
        raise NotFound(f"关键需求 #{need_id} 不存在")
    return need


def review(session: Session, principal: Principal, need_id: int, body: KeyNeedReview) -> KeyNeed:
    access.require_manage(principal)
    need = _get(session, need_id)
    if need.status == "merged":
        raise Conflict("该需求已形成榜单，不能再审核")
    need.status = body.status
    need.note = body.note or need.note
    session.flush()
    return need


def merge(session: Session, principal: Principal, challenge_id: int, need_ids: list[int]) -> None:
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    merge_needs(session, challenge, need_ids)


def list_needs(
    session: Session, principal: Principal, *, uncovered: bool = False
) -> list[dict[str, Any]]:
    """Staff see every need; enterprise and researcher users their organisation's."""
    stmt = select(KeyNeed, Demand).join(Demand, Demand.id == KeyNeed.demand_id)
    if not access.is_staff(principal):
        if principal.organisation_id is None:
            return []
        stmt = stmt.where(Demand.owner_org_id == principal.organisation_id)
    if uncovered:
        stmt = stmt.where(KeyNeed.challenge_id.is_(None), KeyNeed.status != "rejected")
    rows = session.execute(stmt.order_by(KeyNeed.id))
    return [
        {
            "id": need.id,
            "demand_id": demand.id,
            "demand_title": demand.title,
            "field": demand.field,
            "chokepoint": need.chokepoint,
            "status": need.status,
            "status_label": zh(NEED_STATUSES, need.status),
            "challenge_id": need.challenge_id,
            "note": need.note,
        }
        for need, demand in rows
    ]

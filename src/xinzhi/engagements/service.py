"""Engagement use cases: create, respond, list, read, move a stage, log a contact, assign.

Services take ``*, session``-style sessions and a principal, ``flush()`` and never commit: the
boundary (API request, CLI command, job) owns the transaction. Access rules live in ``access``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import (
    Achievement,
    Confidentiality,
    Demand,
    DemandStatus,
    Organisation,
    Patent,
    Person,
)
from xinzhi.catalog.service import get_record
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.events import Notice, publish
from xinzhi.core.models import Role, User, utcnow
from xinzhi.core.security import Principal
from xinzhi.engagements import access
from xinzhi.engagements.messages import CANDIDATE_TYPES, NOTICE_TITLES, STAGES, zh
from xinzhi.engagements.models import Engagement, EngagementContact, EngagementStage
from xinzhi.engagements.schemas import (
    ContactCreate,
    EngagementCreate,
    EngagementPage,
    EngagementRead,
    ResponseCreate,
    StageChange,
)
from xinzhi.engagements.stages import FINAL, ORDER, TERMINATED, check_transition, next_stage, rank

CANDIDATE_ENTITY = {
    "achievement": "achievements",
    "person": "experts",
    "organisation": "organisations",
    "patent": "patents",
}
# Demand status follows the engagements; codes ranked so that it only moves forward, and a
# status this domain does not know (set by hand) is left alone.
# A demand's status only moves forward; one set by hand (closed) is left alone.
DEMAND_STATUS_RANK = {
    "": 0,
    DemandStatus.OPEN: 0,
    DemandStatus.ENGAGED: 1,
    DemandStatus.SIGNED: 2,
    DemandStatus.SOLVED: 3,
}


def advance_demand(demand: Demand, status: str) -> None:
    current = DEMAND_STATUS_RANK.get(demand.status or "")
    if current is not None and current < DEMAND_STATUS_RANK[status]:
        demand.status = status


def _demand(session: Session, principal: Principal, demand_id: int) -> Demand:
    demand: Demand = get_record(session, get_entity("demands"), principal, demand_id)
    return demand


def _check_candidate(session: Session, principal: Principal, ctype: str, cid: int) -> None:
    if ctype not in CANDIDATE_ENTITY:
        raise InvalidInput(f"未知候选类型 {ctype!r} (unknown candidate type)")
    try:
        get_record(session, get_entity(CANDIDATE_ENTITY[ctype]), principal, cid)
    except NotFound as exc:
        raise NotFound(
            f"{zh(CANDIDATE_TYPES, ctype)} #{cid} 不存在 ({ctype} #{cid} not found)",
            details=[{"field": "candidate_id", "value": cid}],
        ) from exc


def _check_broker(session: Session, broker_id: int) -> None:
    user = session.get(User, broker_id)
    if user is None or user.role not in (Role.BROKER.value, Role.ADMIN.value) or not user.active:
        raise InvalidInput(
            f"用户 #{broker_id} 不是服务专员 (user #{broker_id} is not a broker)",
            details=[{"field": "broker_id", "value": broker_id}],
        )


def _check_unique(session: Session, demand_id: int, ctype: str, cid: int) -> None:
    stmt = select(Engagement.id).where(
        Engagement.demand_id == demand_id,
        Engagement.candidate_type == ctype,
        Engagement.candidate_id == cid,
        Engagement.stage.not_in(FINAL),
    )
    existing = session.scalar(stmt)
    if existing is not None:
        raise Conflict(
            f"该需求与该候选已有进行中的对接 #{existing} "
            f"(an open engagement #{existing} already links this demand and candidate)",
            details=[{"engagement_id": existing}],
        )


def _open(session: Session, principal: Principal, engagement: Engagement) -> Engagement:
    engagement.stage = ORDER[0]
    engagement.stage_entered_at = utcnow()
    engagement.created_by = principal.user_id
    engagement.history.append(
        EngagementStage(
            stage=ORDER[0],
            entered_at=engagement.stage_entered_at,
            actor=principal.actor,
            user_id=principal.user_id,
        )
    )
    session.add(engagement)
    try:
        session.flush()
    except IntegrityError as exc:  # the partial unique index, if two writers raced
        raise Conflict("该需求与该候选已有进行中的对接 (an open engagement exists)") from exc
    return engagement


def create(session: Session, principal: Principal, body: EngagementCreate) -> Engagement:
    """Open an engagement at 推荐 (shortlist a match, or pair a demand and a candidate by hand)."""
    demand = _demand(session, principal, body.demand_id)
    access.check_create(principal, demand)
    _check_candidate(session, principal, body.candidate_type, body.candidate_id)
    broker_id = body.broker_id
    if broker_id is not None:
        access.check_assign(principal)
        _check_broker(session, broker_id)
    elif principal.role == Role.BROKER:
        broker_id = principal.user_id
    _check_unique(session, demand.id, body.candidate_type, body.candidate_id)
    engagement = Engagement(
        demand_id=demand.id,
        candidate_type=body.candidate_type,
        candidate_id=body.candidate_id,
        broker_id=broker_id,
        score=body.score,
        reasons=body.reasons,
        origin=body.origin,
        proposal=body.proposal,
    )
    _open(session, principal, engagement)
    notify(session, principal, "engagement.created", engagement, demand)
    return engagement


def respond(
    session: Session, principal: Principal, demand_id: int, body: ResponseCreate
) -> Engagement:
    """A researcher or institution answers a public demand (响应) with a proposal."""
    org_id = access.check_respond(principal)
    demand = _demand(session, principal, demand_id)
    if demand.confidentiality != Confidentiality.PUBLIC.value:
        raise NotFound(f"需求 #{demand_id} 不存在 (demand #{demand_id} not found)")
    if demand.owner_org_id == org_id:
        raise InvalidInput("不能响应本单位发布的需求 (you cannot respond to your own demand)")
    ctype, cid = "organisation", org_id
    if body.achievement_id is not None:
        achievement = session.get(Achievement, body.achievement_id)
        if achievement is None or achievement.owner_org_id != org_id:
            raise InvalidInput(
                f"科技成果 #{body.achievement_id} 不属于您的单位 (not your organisation's)",
                details=[{"field": "achievement_id", "value": body.achievement_id}],
            )
        ctype, cid = "achievement", achievement.id
    _check_unique(session, demand.id, ctype, cid)
    engagement = Engagement(
        demand_id=demand.id,
        candidate_type=ctype,
        candidate_id=cid,
        broker_id=demand_broker(session, demand.id),
        origin="response",
        proposal=body.proposal,
    )
    _open(session, principal, engagement)
    notify(session, principal, "demand.response", engagement, demand)
    return engagement


def demand_broker(session: Session, demand_id: int) -> int | None:
    """The broker of the demand's most recent engagement that has one, else None."""
    stmt = (
        select(Engagement.broker_id)
        .where(Engagement.demand_id == demand_id, Engagement.broker_id.is_not(None))
        .order_by(Engagement.created_at.desc(), Engagement.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def list_engagements(
    session: Session,
    principal: Principal,
    *,
    demand_id: int | None = None,
    stage: str = "",
    broker_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[Engagement], int]:
    stmt = access.visible().where(access.scope(principal))
    if demand_id is not None:
        stmt = stmt.where(Engagement.demand_id == demand_id)
    if stage:
        stmt = stmt.where(Engagement.stage == stage)
    if broker_id is not None:
        stmt = stmt.where(Engagement.broker_id == broker_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Engagement.id.desc()).limit(limit).offset(offset))
    return list(rows), int(total)


def change_stage(
    session: Session, principal: Principal, engagement_id: int, body: StageChange
) -> Engagement:
    """Move forward one stage, or terminate with a reason; 409 on a skip or a backward move."""
    engagement = access.get_visible(session, principal, engagement_id)
    check_transition(engagement.stage, body.stage, body.reason, body.note)
    now = utcnow()
    for stay in engagement.history:
        if stay.left_at is None:
            stay.left_at = now
    engagement.history.append(
        EngagementStage(
            stage=body.stage,
            entered_at=now,
            actor=principal.actor,
            user_id=principal.user_id,
            reason=body.reason if body.stage == TERMINATED else None,
            note=body.note,
        )
    )
    engagement.stage = body.stage
    engagement.stage_entered_at = now
    if body.stage == TERMINATED:
        engagement.termination_reason = body.reason
        engagement.termination_note = body.note
    demand = session.get_one(Demand, engagement.demand_id)
    if rank(body.stage) >= rank("contacted"):
        advance_demand(demand, DemandStatus.ENGAGED)
    if body.stage == "completed":
        advance_demand(demand, DemandStatus.SOLVED)
    session.flush()
    notify(session, principal, "engagement.stage", engagement, demand)
    return engagement


def assign(
    session: Session, principal: Principal, engagement_id: int, broker_id: int | None
) -> Engagement:
    engagement = access.get_visible(session, principal, engagement_id)  # unseen: 404 first
    access.check_assign(principal)
    if broker_id is not None:
        _check_broker(session, broker_id)
    engagement.broker_id = broker_id
    session.flush()
    return engagement


def add_contact(
    session: Session, principal: Principal, engagement_id: int, body: ContactCreate
) -> EngagementContact:
    engagement = access.get_visible(session, principal, engagement_id)
    if body.next_follow_up is not None and body.next_follow_up < body.date:
        raise InvalidInput(
            "下次跟进日期不能早于联系日期 (next follow-up before the contact date)",
            details=[{"field": "next_follow_up"}],
        )
    contact = EngagementContact(
        contact_date=body.date,
        channel=body.channel,
        participants=body.participants,
        summary=body.summary,
        next_follow_up=body.next_follow_up,
        created_by=principal.user_id,
    )
    engagement.contacts.append(contact)
    session.flush()
    return contact


def notify(
    session: Session,
    principal: Principal,
    kind: str,
    engagement: Engagement,
    demand: Demand,
    recipients: Iterable[int] | None = None,
) -> None:
    """Publish a Notice to the parties' users and the broker, never to the actor."""
    users = set(
        recipients if recipients is not None else access.party_users(session, engagement, demand)
    )
    users.discard(principal.user_id)
    if not users:
        return
    title = NOTICE_TITLES[kind].format(demand=demand.title, stage=zh(STAGES, engagement.stage))
    publish(
        session,
        Notice(
            kind=kind,
            recipients=tuple(sorted(users)),
            title=title,
            link=f"/engagements/{engagement.id}",
            subject_type="engagement",
            subject_id=engagement.id,
        ),
    )


def labels(session: Session, engagements: list[Engagement]) -> dict[str, dict[int, str]]:
    """Demand titles and candidate names of ``engagements``, a query per type."""
    wanted: dict[str, set[int]] = {}
    for e in engagements:
        wanted.setdefault(e.candidate_type, set()).add(e.candidate_id)
        wanted.setdefault("demand", set()).add(e.demand_id)
    columns: dict[str, tuple[Any, Any]] = {
        "demand": (Demand.id, Demand.title),
        "achievement": (Achievement.id, Achievement.title),
        "person": (Person.id, Person.name),
        "organisation": (Organisation.id, Organisation.name),
        "patent": (Patent.id, Patent.title),
    }
    found: dict[str, dict[int, str]] = {}
    for kind, ids in wanted.items():
        id_col, label_col = columns[kind]
        rows = session.execute(select(id_col, label_col).where(id_col.in_(ids)))
        found[kind] = {int(i): str(t) for i, t in rows}
    return found


def read(
    session: Session, e: Engagement, names: dict[str, dict[int, str]] | None = None
) -> EngagementRead:
    names = names if names is not None else labels(session, [e])
    return EngagementRead(
        id=e.id,
        demand_id=e.demand_id,
        demand_title=names.get("demand", {}).get(e.demand_id, ""),
        challenge_id=e.challenge_id,
        candidate_type=e.candidate_type,
        candidate_id=e.candidate_id,
        candidate_label=names.get(e.candidate_type, {}).get(e.candidate_id, ""),
        broker_id=e.broker_id,
        origin=e.origin,
        score=e.score,
        reasons=e.reasons,
        proposal=e.proposal,
        stage=e.stage,
        stage_label=zh(STAGES, e.stage),
        next_stage=next_stage(e.stage),
        stage_entered_at=e.stage_entered_at,
        termination_reason=e.termination_reason,
        termination_note=e.termination_note,
        created_at=e.created_at,
    )


def read_page(session: Session, items: list[Engagement], total: int) -> EngagementPage:
    names = labels(session, items)
    return EngagementPage(items=[read(session, e, names) for e in items], total=total)

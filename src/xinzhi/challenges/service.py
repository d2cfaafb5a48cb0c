"""Challenge use cases: draft, list, move the status, apply (揭榜) with the eligibility check.

Services take a session and a principal, ``flush()`` and never commit: the boundary (API
request, CLI command, job) owns the transaction. Access rules live in ``access``; the pure
rules (status order, eligibility) in ``rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation
from xinzhi.challenges import access, rules
from xinzhi.challenges.evidence import approved_trl
from xinzhi.challenges.messages import NOTICE_TITLES, STATUSES, both
from xinzhi.challenges.models import (
    ApplicationMember,
    Challenge,
    ChallengeApplication,
    ChallengeStatusChange,
    KeyNeed,
)
from xinzhi.challenges.schemas import ApplicationCreate, ChallengeCreate, StatusChange
from xinzhi.core import search
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.events import Notice, publish
from xinzhi.core.models import Role, User, utcnow
from xinzhi.core.security import Principal

SEARCH_TYPE = "challenges"


def index_challenge(session: Session, challenge: Challenge) -> None:
    names = [i.get("name", "") for i in challenge.indicators]
    doc = search.document(challenge.id, [challenge.title, challenge.goal, challenge.field, names])
    search.replace_entries(session, SEARCH_TYPE, [doc])


def create(session: Session, principal: Principal, body: ChallengeCreate) -> Challenge:
    """A draft challenge; key needs named in ``key_need_ids`` are merged into it."""
    access.require_manage(principal)
    if body.owner_org_id is not None and session.get(Organisation, body.owner_org_id) is None:
        raise InvalidInput(f"单位 #{body.owner_org_id} 不存在", details=[{"field": "owner_org_id"}])
    challenge = Challenge(
        kind=body.kind,
        scenario=body.scenario.model_dump(mode="json") if body.scenario else {},
        title=body.title,
        goal=body.goal,
        field=body.field,
        budget_wan=body.budget_wan,
        deadline=body.deadline,
        blind=body.blind,
        rubric=[c.model_dump() for c in body.rubric],
        indicators=[i.model_dump() for i in body.indicators],
        eligibility=[r.model_dump() for r in body.eligibility],
        funding_mode=body.funding_mode,
        race_teams=body.race_teams,
        owner_org_id=body.owner_org_id,
        created_by=principal.user_id,
        status="draft",
    )
    challenge.history.append(
        ChallengeStatusChange(to_status="draft", actor=principal.actor, user_id=principal.user_id)
    )
    session.add(challenge)
    session.flush()
    merge_needs(session, challenge, body.key_need_ids)
    index_challenge(session, challenge)
    return challenge


def merge_needs(session: Session, challenge: Challenge, need_ids: Iterable[int]) -> None:
    """Several key needs become this one challenge (they leave the uncovered list)."""
    for need_id in need_ids:
        need = session.get(KeyNeed, need_id)
        if need is None:
            raise InvalidInput(f"关键需求 #{need_id} 不存在", details=[{"field": "key_need_ids"}])
        if need.challenge_id not in (None, challenge.id):
            raise Conflict(f"关键需求 #{need_id} 已纳入榜单 #{need.challenge_id}")
        need.challenge_id = challenge.id
        need.status = "merged"
    session.flush()


def list_challenges(
    session: Session, principal: Principal, *, status: str = "", limit: int = 200, offset: int = 0,
    kind: str = "",
) -> tuple[list[Challenge], int]:  # fmt: skip
    stmt = select(Challenge).where(access.visible_challenges(principal))
    if kind:
        stmt = stmt.where(Challenge.kind == kind)
    if status:
        stmt = stmt.where(Challenge.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Challenge.id.desc()).limit(limit).offset(offset))
    return list(rows), int(total)


def change_status(
    session: Session, principal: Principal, challenge_id: int, body: StatusChange
) -> Challenge:
    """One step along the order (or cancelled); 409 naming the allowed next statuses."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    move(session, principal, challenge, body.status, body.note)
    return challenge


def move(
    session: Session, principal: Principal, challenge: Challenge, target: str, note: str = ""
) -> None:
    allowed = rules.allowed_next(challenge.status)
    if target not in allowed:
        names = "、".join(both(STATUSES, s) for s in allowed) or "无（已结束）"
        raise Conflict(
            f"榜单不能从「{both(STATUSES, challenge.status)}」变为「{both(STATUSES, target)}」："
            f"只能变为 {names} (status changes follow the order)",
            details=[{"field": "status", "current": challenge.status, "allowed": list(allowed)}],
        )
    if target == "awarded" and challenge.award_application_id is None:
        raise Conflict("请通过「挂帅」选定团队 (use POST …/award to award a team)")
    before = challenge.status
    challenge.status = target
    now = utcnow()
    if target == "published":
        challenge.published_at = now
    challenge.history.append(
        ChallengeStatusChange(
            from_status=before,
            to_status=target,
            at=now,
            actor=principal.actor,
            user_id=principal.user_id,
            note=note,
        )
    )
    session.flush()
    if target == "published":
        notify_staff_and_orgs(session, principal, challenge, "published")


def _orgs(session: Session, ids: set[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def apply(
    session: Session, principal: Principal, challenge_id: int, body: ApplicationCreate
) -> ChallengeApplication:
    """揭榜: a team applies; eligibility is checked rule by rule and kept with the reasons."""
    challenge = access.get_challenge(session, principal, challenge_id)
    access.require_apply(principal, body.lead_org_id)
    if challenge.status != "published":
        state = both(STATUSES, challenge.status)
        raise Conflict(f"榜单处于「{state}」，不接受揭榜 (not open for applications)")
    if challenge.deadline < dt.date.today():
        raise Conflict(f"揭榜已于 {challenge.deadline} 截止 (the deadline has passed)")
    existing = session.scalar(
        select(ChallengeApplication.id).where(
            ChallengeApplication.challenge_id == challenge.id,
            ChallengeApplication.lead_org_id == body.lead_org_id,
        )
    )
    if existing is not None:
        raise Conflict(f"本单位已牵头揭榜该榜单（申报 #{existing}）", details=[{"id": existing}])
    member_ids = {m.organisation_id for m in body.members} - {body.lead_org_id}
    orgs = _orgs(session, {body.lead_org_id, *member_ids})
    missing = sorted({body.lead_org_id, *member_ids} - set(orgs))
    if missing:
        raise InvalidInput(f"单位 {missing} 不存在", details=[{"field": "members", "ids": missing}])
    application = ChallengeApplication(
        challenge_id=challenge.id,
        lead_org_id=body.lead_org_id,
        proposal=body.proposal,
        plan=body.plan,
        budget_wan=body.budget_wan,
        achievement_ids=list(body.achievement_ids),
        patent_ids=list(body.patent_ids),
        created_by=principal.user_id,
    )
    application.members.append(ApplicationMember(organisation_id=body.lead_org_id, role="lead"))
    for m in body.members:
        if m.organisation_id in member_ids:
            application.members.append(
                ApplicationMember(organisation_id=m.organisation_id, role=m.role, share=m.share)
            )
            member_ids.discard(m.organisation_id)
    lead = orgs[body.lead_org_id]
    team = [
        rules.TeamOrg(o.id, o.kind, o.region_code, "lead" if o.id == lead.id else "member")
        for o in (orgs[m.organisation_id] for m in application.members)
    ]
    verdict = rules.eligibility(
        challenge.eligibility, rules.TeamOrg(lead.id, lead.kind, lead.region_code, "lead"), team
    )
    failed = verdict.failed + _scenario_trl(session, challenge, body.achievement_ids)
    application.eligible = not failed
    application.reasons = failed
    session.add(application)
    session.flush()
    return application


def _scenario_trl(
    session: Session, challenge: Challenge, achievement_ids: list[int]
) -> list[dict[str, Any]]:
    """A scenario's TRL need: one offered achievement must hold approved evidence at it."""
    needed = challenge.scenario.get("trl_needed") if challenge.kind == "scenario" else None
    if not needed:
        return []
    levels = [level for a in achievement_ids if (level := approved_trl(session, a)) is not None]
    best = max(levels, default=None)
    if best is not None and best >= needed:
        return []
    held = "无已审批的技术就绪度证据" if best is None else f"最高已审批为 {best} 级"
    return [
        {"rule": "trl_needed", "message": f"场景要求技术就绪度达到 {needed} 级，提供的成果{held}"}
    ]


def applications_of(session: Session, challenge_id: int) -> list[ChallengeApplication]:
    stmt = (
        select(ChallengeApplication)
        .where(ChallengeApplication.challenge_id == challenge_id)
        .order_by(ChallengeApplication.id)
    )
    return list(session.scalars(stmt))


def staff_users(session: Session) -> set[int]:
    stmt = select(User.id).where(
        User.role.in_((Role.ADMIN.value, Role.BROKER.value)), User.active.is_(True)
    )
    return set(session.scalars(stmt))


def org_users(session: Session, org_ids: set[int]) -> set[int]:
    if not org_ids:
        return set()
    stmt = select(User.id).where(User.organisation_id.in_(org_ids), User.active.is_(True))
    return set(session.scalars(stmt))


def notify_staff_and_orgs(
    session: Session,
    principal: Principal,
    challenge: Challenge,
    what: str,
    *,
    orgs: set[int] | None = None,
    extra: dict[str, str] | None = None,
    kind: str = "challenge.deadline",
) -> None:
    """A notice (inbox kind ``challenge.deadline``, the one the inbox knows for 揭榜挂帅) to
    staff and the users of ``orgs`` (the owner organisation by default), never the actor."""
    users = staff_users(session)
    targets = set(orgs or set())
    if challenge.owner_org_id is not None:
        targets.add(challenge.owner_org_id)
    users |= org_users(session, targets)
    users.discard(principal.user_id or -1)
    if not users:
        return
    title = NOTICE_TITLES[what].format(title=challenge.title, **(extra or {}))
    publish(
        session,
        Notice(
            kind=kind,
            recipients=tuple(sorted(users)),
            title=title,
            link=f"/challenges/{challenge.id}",
            subject_type="challenge",
            subject_id=challenge.id,
        ),
    )

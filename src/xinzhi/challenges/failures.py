"""失败案例库: failed or stopped challenges as cases, their frozen original records, the
有价值的失败 assessment with compensation, search, and similar past failures.

The original records (原始记录: plans, milestone submissions, reviews, spending, the status
history) are snapshotted as JSON with a SHA-256 when the case is created and never change
afterwards (the model refuses it): failure tolerance under the 科学技术进步法 (2007, art. 56)
rests on records that show the team was diligent (勤勉尽责). Reviewers appear in the records
as 评审 1, 2, … only. Similar failures are shown where a challenge is drafted (NASA's
lessons-learned audit, 2012: a library nobody meets at the point of decision is not used).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.challenges import access, rules
from xinzhi.challenges.models import (
    Challenge,
    ChallengeMilestone,
    ChallengePayment,
    ChallengeScore,
    FailureCase,
)
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import FailureCaseCreate, FailureCaseUpdate, FailureDecision
from xinzhi.challenges.service import applications_of
from xinzhi.core import search
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import utcnow
from xinzhi.core.security import Principal
from xinzhi.core.text import index_tokens

SEARCH_TYPE = "failure_cases"


def records_hash(records: dict[str, Any]) -> str:
    canonical = json.dumps(records, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def snapshot(session: Session, challenge: Challenge) -> dict[str, Any]:
    """The challenge's original records as plain JSON (reviewers numbered, never named)."""
    apps = applications_of(session, challenge.id)
    ids = [a.id for a in apps]
    scores = list(
        session.scalars(
            select(ChallengeScore)
            .where(ChallengeScore.application_id.in_(ids or [-1]))
            .order_by(ChallengeScore.id)
        )
    )
    numbers: dict[int, int] = {}
    for s in scores:
        numbers.setdefault(s.user_id, len(numbers) + 1)
    milestones = session.scalars(
        select(ChallengeMilestone).where(ChallengeMilestone.challenge_id == challenge.id)
    )
    payments = session.scalars(
        select(ChallengePayment).where(ChallengePayment.challenge_id == challenge.id)
    )
    return {
        "challenge": {
            "id": challenge.id,
            "title": challenge.title,
            "goal": challenge.goal,
            "budget_wan": challenge.budget_wan,
            "funding_mode": challenge.funding_mode,
            "indicators": challenge.indicators,
        },
        "status_history": [
            {"from": h.from_status, "to": h.to_status, "at": str(h.at), "note": h.note}
            for h in challenge.history
        ],
        "plans": [
            {
                "application_id": a.id,
                "proposal": a.proposal,
                "plan": a.plan,
                "budget_wan": a.budget_wan,
                "status": a.status,
            }
            for a in apps
            if a.status in ("awarded", "shortlisted")
        ],
        "reviews": [
            {
                "application_id": s.application_id,
                "reviewer": f"评审 {numbers[s.user_id]}",
                "round": s.round,
                "scores": s.scores,
                "weighted": s.weighted,
                "comment": s.comment,
            }
            for s in scores
        ],
        "milestones": [
            {
                "id": m.id,
                "title": m.title,
                "due": str(m.due),
                "trl_target": m.trl_target,
                "status": m.status,
                "accepted_trl": m.accepted_trl,
                "submission": m.submission,
            }
            for m in milestones
        ],
        "spending": [
            {"kind": p.kind, "amount_wan": p.amount_wan, "at": str(p.released_at), "note": p.note}
            for p in payments
        ],
    }


def index_case(session: Session, case: FailureCase) -> None:
    doc = search.document(
        case.id, [case.title, case.field, case.tried, case.route, case.lessons, case.reusable]
    )
    search.replace_entries(session, SEARCH_TYPE, [doc])


def create(session: Session, principal: Principal, body: FailureCaseCreate) -> FailureCase:
    access.require_manage(principal)
    records: dict[str, Any] = {}
    spent = body.spent_wan
    if body.challenge_id is not None:
        challenge = access.get_challenge(session, principal, body.challenge_id)
        records = snapshot(session, challenge)
        if not spent:
            spent = sum(p["amount_wan"] for p in records["spending"])
    if body.records:
        records["attached"] = body.records
    data = body.model_dump(exclude={"records", "spent_wan"})
    case = FailureCase(
        **data,
        spent_wan=spent,
        records=records,
        records_hash=records_hash(records),
        created_by=principal.user_id,
    )
    session.add(case)
    session.flush()
    index_case(session, case)
    return case


def from_challenge(session: Session, principal: Principal, challenge: Challenge) -> FailureCase:
    """A failed or stopped challenge becomes a case (cause to be filled in by staff)."""
    existing = session.scalar(select(FailureCase).where(FailureCase.challenge_id == challenge.id))
    if existing is not None:
        return existing
    body = FailureCaseCreate(
        challenge_id=challenge.id,
        title=challenge.title,
        field=challenge.field,
        tried=challenge.goal,
        main_cause="route",
    )
    case = create(session, principal, body)
    case.main_cause = ""  # 待填写: the department names the cause
    session.flush()
    return case


def get(session: Session, principal: Principal, case_id: int) -> FailureCase:
    case = session.get(FailureCase, case_id)
    if case is None or not (access.is_staff(principal) or case.publication != "internal"):
        raise NotFound(f"失败案例 #{case_id} 不存在 (failure case not found)")
    return case


def update(
    session: Session, principal: Principal, case_id: int, body: FailureCaseUpdate
) -> FailureCase:
    access.require_manage(principal)
    case = get(session, principal, case_id)
    if body.records is not None:
        raise Conflict(
            "失败案例的原始记录不可修改 (the original records are frozen)",
            details=[{"field": "records"}],
        )
    for name, value in body.model_dump(exclude_none=True).items():
        setattr(case, name, value)
    session.flush()
    index_case(session, case)
    return case


def decide(
    session: Session, principal: Principal, case_id: int, body: FailureDecision, policy: Policy
) -> FailureCase:
    """有价值的失败: the checklist, the decision and the compensation the policy allows."""
    access.require_manage(principal)
    case = get(session, principal, case_id)
    missing = [k for k in rules.VALUABLE_CHECKLIST if k not in body.checklist]
    if missing:
        raise InvalidInput(f"清单须逐项填写：缺少 {missing}", details=[{"field": "checklist"}])
    if body.decision == "valuable" and not all(body.checklist.values()):
        raise InvalidInput("认定为有价值的失败须满足清单全部四项 (all four items must hold)")
    case.checklist = {str(k): v for k, v in body.checklist.items()}
    case.decision = body.decision
    case.decided_by = principal.actor
    case.decided_at = utcnow()
    case.compensation_wan = (
        rules.compensation(case.spent_wan, policy.compensation_share, policy.compensation_cap_wan)
        if body.decision == "valuable"
        else 0.0
    )
    session.flush()
    return case


def _visible(principal: Principal) -> Any:
    return None if access.is_staff(principal) else FailureCase.publication != "internal"


def search_cases(
    session: Session, principal: Principal, q: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[FailureCase], int]:
    stmt = select(FailureCase)
    cond = _visible(principal)
    if cond is not None:
        stmt = stmt.where(cond)
    if q.strip():
        sub = search.match_subquery(session, SEARCH_TYPE, q)
        if sub is None:
            return [], 0
        stmt = stmt.join(sub, sub.c.entity_id == FailureCase.id).order_by(sub.c.score.desc())
    stmt = stmt.order_by(FailureCase.id.desc())
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return list(session.scalars(stmt.limit(limit).offset(offset))), int(total)


def similar(
    session: Session, principal: Principal, challenge: Challenge, limit: int = 5
) -> list[dict[str, Any]]:
    """Past failures sharing words with the challenge's title, goal and field, best first."""
    wanted = set(index_tokens(" ".join([challenge.title, challenge.goal, challenge.field])))
    wanted = {w for w in wanted if len(w) > 1}
    if not wanted:
        return []
    stmt = select(FailureCase).where(FailureCase.challenge_id.is_distinct_from(challenge.id))
    cond = _visible(principal)
    if cond is not None:
        stmt = stmt.where(cond)
    found: list[dict[str, Any]] = []
    for case in session.scalars(stmt):
        words = set(index_tokens(" ".join([case.title, case.field, case.tried, case.route])))
        shared = sorted(wanted & words)
        if shared:
            score = len(shared) / len(wanted) + (
                0.2 if case.field and case.field == challenge.field else 0
            )
            found.append(
                {
                    "id": case.id,
                    "title": case.title,
                    "score": round(score, 4),
                    "shared": shared[:8],
                    "lessons": case.lessons[:200],
                }
            )
    found.sort(key=lambda f: (-float(f["score"]), int(f["id"])))
    return found[:limit]


def read(case: FailureCase, principal: Principal) -> dict[str, Any]:
    """The case as ``principal`` may see it: staff everything; others no original records,
    and for an anonymised case no link to the challenge, achievements or patents."""
    data: dict[str, Any] = {
        c: getattr(case, c)
        for c in (
            "id",
            "title",
            "field",
            "tried",
            "route",
            "trl_reached",
            "spent_wan",
            "main_cause",
            "causes",
            "lessons",
            "reusable",
            "publication",
            "records_hash",
            "checklist",
            "decision",
            "decided_at",
            "compensation_wan",
            "created_at",
            "challenge_id",
            "achievement_ids",
            "patent_ids",
            "records",
        )
    }
    if not access.is_staff(principal):
        data.pop("records")
        if case.publication == "anonymised":
            data.update(challenge_id=None, achievement_ids=[], patent_ids=[])
    return data

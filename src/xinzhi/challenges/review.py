"""Review: reviewers and their conflicts, recusals, scores, the ranking and applicant feedback.

The ranking follows ``rules``: each reviewer's weighted score Σ weight·score, the trimmed mean
over reviewers (one highest and one lowest dropped from ``trim_from`` reviewers on), the spread
flag, and — as Challenge.gov's platform does — a result that is final only when every assigned
reviewer who is not recused has scored every application.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.challenges import access, rules
from xinzhi.challenges.conflicts import conflicts, describe
from xinzhi.challenges.models import (
    Challenge,
    ChallengeApplication,
    ChallengeReviewer,
    ChallengeScore,
    Recusal,
    ReviewerTie,
)
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import RecusalCreate, ReviewerAssign, ScoresIn, TieCreate
from xinzhi.challenges.service import applications_of
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import Role, User
from xinzhi.core.security import Principal

REVIEW_OPEN = frozenset({"closed", "under_review"})


def reviewers_of(session: Session, challenge_id: int) -> list[ChallengeReviewer]:
    stmt = select(ChallengeReviewer).where(ChallengeReviewer.challenge_id == challenge_id)
    return list(session.scalars(stmt.order_by(ChallengeReviewer.id)))


def _reviewer_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise InvalidInput(f"用户 #{user_id} 不存在", details=[{"field": "user_id"}])
    if user.role != Role.REVIEWER.value:
        raise InvalidInput(
            f"用户 #{user_id} 不是评审专家 (user #{user_id} does not have the reviewer role)",
            details=[{"field": "user_id"}],
        )
    return user


def _recuse(session: Session, application_id: int, user_id: int, kind: str, reason: str) -> None:
    if access.recused(session, user_id, application_id):
        return
    session.add(Recusal(application_id=application_id, user_id=user_id, kind=kind, reason=reason))


def assign(
    session: Session,
    principal: Principal,
    challenge_id: int,
    body: ReviewerAssign,
    policy: Policy,
) -> ChallengeReviewer:
    """Assign a reviewer; 409 naming each conflict unless ``recuse_conflicted`` is set, in
    which case the reviewer is recused from those applications only."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    if challenge.status in rules.FINAL or challenge.status in ("awarded", "in_progress"):
        raise Conflict("评审已结束，不能再指派评审专家 (review is over)")
    user = _reviewer_user(session, body.user_id)
    if access.is_assigned(session, _as_principal(user), challenge.id):
        raise Conflict(f"用户 #{user.id} 已是该榜单的评审专家 (already assigned)")
    found: dict[int, list[dict[str, Any]]] = {}
    for application in applications_of(session, challenge.id):
        items = conflicts(session, user, application, years=policy.conflict_years)
        if items:
            found[application.id] = items
    if found and not body.recuse_conflicted:
        text = "；".join(f"申报 #{aid}：{describe(items)}" for aid, items in found.items())
        raise Conflict(
            f"评审专家存在利益冲突，不能指派：{text} (conflict of interest)",
            details=[{"application_id": aid, "conflicts": items} for aid, items in found.items()],
        )
    reviewer = ChallengeReviewer(
        challenge_id=challenge.id, user_id=user.id, assigned_by=principal.actor
    )
    session.add(reviewer)
    for aid, items in found.items():
        _recuse(session, aid, user.id, "recuse", describe(items))
    session.flush()
    return reviewer


def _as_principal(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        organisation_id=user.organisation_id,
    )


def recuse_conflicted(
    session: Session,
    principal: Principal,
    challenge: Challenge,
    application: ChallengeApplication,
    policy: Policy | None = None,
) -> None:
    """A new application: recuse every assigned reviewer who has a conflict with its team."""
    years = (policy or Policy()).conflict_years
    for reviewer in reviewers_of(session, challenge.id):
        user = session.get_one(User, reviewer.user_id)
        items = conflicts(session, user, application, years=years)
        if items:
            _recuse(session, application.id, user.id, "recuse", describe(items))
    session.flush()


def declare_tie(session: Session, principal: Principal, body: TieCreate) -> ReviewerTie:
    """A financial, employment or family tie: declared by the reviewer or entered by staff."""
    if principal.user_id != body.user_id:
        access.require_manage(principal)
    _reviewer_user(session, body.user_id)
    tie = ReviewerTie(
        user_id=body.user_id, organisation_id=body.organisation_id, kind=body.kind, note=body.note
    )
    session.add(tie)
    session.flush()
    return tie


def recuse(
    session: Session, principal: Principal, application_id: int, body: RecusalCreate
) -> Recusal:
    """Per-application recusal: staff recuse a reviewer; a reviewer abstains themself."""
    application, how = access.application_view(session, principal, application_id)
    if how == "staff" and body.user_id is not None:
        user_id, kind = body.user_id, "recuse"
        access.require_manage(principal)
    elif how == "reviewer" and body.user_id in (None, principal.user_id):
        assert principal.user_id is not None
        user_id, kind = principal.user_id, "abstain"
    else:
        access.require_manage(principal)
        raise InvalidInput("请指定要回避的评审专家 (user_id)", details=[{"field": "user_id"}])
    if access.recused(session, user_id, application.id):
        raise Conflict("该评审专家已回避此申报 (already recused)")
    recusal = Recusal(application_id=application.id, user_id=user_id, kind=kind, reason=body.reason)
    session.add(recusal)
    session.flush()
    return recusal


def put_scores(
    session: Session, principal: Principal, application_id: int, body: ScoresIn
) -> ChallengeScore:
    """An assigned reviewer scores every criterion of the rubric (0–100), while under review."""
    application, how = access.application_view(session, principal, application_id)
    if how != "reviewer":
        access.require_reviewer_of(session, principal, application.challenge_id)
    challenge = session.get_one(Challenge, application.challenge_id)
    if challenge.status != "under_review":
        raise Conflict("榜单不在评审中，不能打分 (scores are taken while under review)")
    names = [c["criterion"] for c in challenge.rubric]
    missing = [n for n in names if n not in body.scores]
    unknown = [n for n in body.scores if n not in names]
    if missing or unknown:
        raise InvalidInput(
            f"须为每个评分项打分：缺少 {missing}，多余 {unknown} (score each rubric criterion)",
            details=[{"field": "scores", "missing": missing, "unknown": unknown}],
        )
    assert principal.user_id is not None
    row = session.scalar(
        select(ChallengeScore).where(
            ChallengeScore.application_id == application.id,
            ChallengeScore.user_id == principal.user_id,
            ChallengeScore.round == body.round,
        )
    )
    if row is None:
        row = ChallengeScore(
            application_id=application.id, user_id=principal.user_id, round=body.round
        )
        session.add(row)
    row.scores = {n: float(body.scores[n]) for n in names}
    row.weighted = rules.weighted_score(challenge.rubric, row.scores)
    row.comment = body.comment
    session.flush()
    return row


def _scores(session: Session, application_ids: list[int]) -> list[ChallengeScore]:
    if not application_ids:
        return []
    stmt = select(ChallengeScore).where(ChallengeScore.application_id.in_(application_ids))
    return list(session.scalars(stmt.order_by(ChallengeScore.id)))


def _recusals(session: Session, application_ids: list[int]) -> set[tuple[int, int]]:
    if not application_ids:
        return set()
    stmt = select(Recusal.application_id, Recusal.user_id).where(
        Recusal.application_id.in_(application_ids)
    )
    return {(int(a), int(u)) for a, u in session.execute(stmt)}


def ranking(
    session: Session, principal: Principal, challenge_id: int, policy: Policy
) -> dict[str, Any]:
    """``{final, items}``: eligible applications by score, best first (staff only)."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    apps = [a for a in applications_of(session, challenge.id) if a.eligible]
    ids = [a.id for a in apps]
    assigned = {r.user_id for r in reviewers_of(session, challenge.id)}
    off = _recusals(session, ids)
    by_app: dict[int, list[tuple[int, str, float]]] = {}
    rows = session.execute(
        select(
            ChallengeScore.application_id,
            ChallengeScore.user_id,
            ChallengeScore.round,
            ChallengeScore.weighted,
        ).where(ChallengeScore.application_id.in_(ids or [-1]))
    )
    for app_id, user_id, rnd, weighted in rows:
        by_app.setdefault(int(app_id), []).append((int(user_id), str(rnd), float(weighted)))
    items = []
    for app in apps:
        expected = {u for u in assigned if (app.id, u) not in off}
        mine = by_app.get(app.id, [])
        review = {u: w for u, rnd, w in mine if rnd == "review" and u in expected}
        defence = [w for u, rnd, w in mine if rnd == "defence" and u in expected]
        final = bool(expected) and set(review) == expected
        item: dict[str, Any] = {
            "application_id": app.id,
            "score": None,
            "reviewers": len(review),
            "spread_flag": False,
            "final": final,
            "assigned": len(expected),
            "std": None,
            "review_score": None,
            "defence_score": None,
            "explanation": [],
        }
        if review:
            agg = rules.aggregate(
                list(review.values()), trim_from=policy.trim_from, spread_limit=policy.spread_limit
            )
            d = rules.trimmed_mean(defence, policy.trim_from) if defence else None
            item.update(
                score=rules.combine_rounds(agg.score, d, policy.defence_weight),
                spread_flag=agg.spread_flag,
                std=agg.std,
                review_score=agg.score,
                defence_score=None if d is None else round(d, 4),
                explanation=agg.reasons,
            )
        items.append(item)
    items.sort(key=lambda i: (i["score"] is None, -(i["score"] or 0.0), i["application_id"]))
    final = bool(items) and all(i["final"] for i in items)
    return {"challenge_id": challenge.id, "final": final, "items": items}


def feedback(session: Session, principal: Principal, application_id: int) -> dict[str, Any]:
    """What the applicant hears: its status, score when published and every reviewer comment,
    unattributed and in a fixed order that does not follow the reviewers."""
    application, how = access.application_view(session, principal, application_id)
    if how == "reviewer":
        raise NotFound(f"申报 #{application_id} 不存在")
    challenge = session.get_one(Challenge, application.challenge_id)
    released = challenge.status in ("awarded", "in_progress", "completed", "failed")
    comments: list[dict[str, str]] = []
    if released or how == "staff":
        rows = _scores(session, [application.id])
        comments = sorted(
            ({"round": s.round, "comment": s.comment.strip()} for s in rows if s.comment.strip()),
            key=lambda c: (c["round"], c["comment"]),
        )
    return {
        "application_id": application.id,
        "status": application.status,
        "eligible": application.eligible,
        "reasons": [r["message"] for r in application.reasons],
        "released": released,
        "comments": comments,
    }


def reviewer_rows(session: Session, challenge_id: int) -> list[dict[str, Any]]:
    """Staff view: each reviewer with the applications they are recused from."""
    apps = [a.id for a in applications_of(session, challenge_id)]
    off = _recusals(session, apps)
    rows = []
    for r in reviewers_of(session, challenge_id):
        user = session.get_one(User, r.user_id)
        rows.append(
            {
                "id": r.id,
                "user_id": r.user_id,
                "name": user.display_name or user.username,
                "assigned_at": r.assigned_at,
                "recused_from": sorted(a for a, u in off if u == r.user_id),
            }
        )
    return rows


def my_scores(
    session: Session, principal: Principal, application_ids: list[int]
) -> dict[int, dict[str, dict[str, Any]]]:
    """The caller's own scores by application and round (the scoring form's values)."""
    found: dict[int, dict[str, dict[str, Any]]] = {}
    for s in _scores(session, application_ids):
        if s.user_id == principal.user_id:
            found.setdefault(s.application_id, {})[s.round] = {
                "scores": dict(s.scores),
                "weighted": s.weighted,
                "comment": s.comment,
            }
    return found

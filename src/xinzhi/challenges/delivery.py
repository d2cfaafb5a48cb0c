"""挂帅 and after: award, the task agreement's milestones, acceptance gated by approved TRL
evidence, payment releases by funding mode, overdue warnings and closure.

Money by funding mode (深圳 2020 悬赏制's four modes, ANCHORS §H1):

- 揭榜奖励 ``reward`` and 事后资助 ``post``: the whole budget to the winner when the challenge
  is completed (results delivered); milestones are checkpoints without money.
- 里程碑式 ``milestone``: each accepted milestone releases ``payment_share`` × budget.
- 赛马式 ``race``: on award every shortlisted team (the winner included) receives
  ``race_startup_share`` × budget; the winner's milestones share the rest
  (``payment_share`` × remainder), and whatever is left is paid on completion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement
from xinzhi.challenges import access, rules
from xinzhi.challenges.evidence import approved_trl
from xinzhi.challenges.models import (
    Challenge,
    ChallengeApplication,
    ChallengeMilestone,
    ChallengePayment,
)
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.review import ranking
from xinzhi.challenges.schemas import AwardIn, MilestoneCreate
from xinzhi.challenges.service import applications_of, move, notify_staff_and_orgs
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import utcnow
from xinzhi.core.security import Principal


def _pay(
    session: Session,
    challenge: Challenge,
    application_id: int,
    kind: str,
    amount: float,
    milestone_id: int | None = None,
    note: str = "",
) -> None:
    if amount > 0:
        session.add(
            ChallengePayment(
                challenge_id=challenge.id,
                application_id=application_id,
                milestone_id=milestone_id,
                kind=kind,
                amount_wan=round(amount, 4),
                note=note,
            )
        )


def paid(session: Session, challenge_id: int) -> float:
    total = session.scalar(
        select(func.coalesce(func.sum(ChallengePayment.amount_wan), 0.0)).where(
            ChallengePayment.challenge_id == challenge_id,
            ChallengePayment.kind != "compensation",
        )
    )
    return float(total or 0.0)


def award(
    session: Session, principal: Principal, challenge_id: int, body: AwardIn, policy: Policy
) -> Challenge:
    """挂帅: once the ranking is final, the chosen eligible team wins (under review → awarded)."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    if challenge.status != "under_review":
        raise Conflict("只有评审中的榜单可以挂帅 (award follows the review)")
    ranked = ranking(session, principal, challenge.id, policy)
    owner_selects = challenge.kind == "scenario" and not any(i["assigned"] for i in ranked["items"])
    if not ranked["final"] and not owner_selects:
        raise Conflict("尚有评审专家未打分，排名不是最终结果 (not every reviewer has scored)")
    apps = {a.id: a for a in applications_of(session, challenge.id)}
    winner = apps.get(body.application_id)
    if winner is None:
        raise NotFound(f"申报 #{body.application_id} 不属于该榜单")
    if not winner.eligible:
        raise Conflict("该申报不符合揭榜条件，不能挂帅 (the application is not eligible)")
    shortlist = _shortlist(challenge, body, set(apps))
    challenge.award_application_id = winner.id
    challenge.awarded_at = utcnow()
    for app in apps.values():
        app.status = "not_selected"
        if app.id in shortlist:
            app.status = "shortlisted"
    winner.status = "awarded"
    if challenge.funding_mode == "race":
        each = rules.race_startup(challenge.budget_wan, len(shortlist), policy.race_startup_share)
        for app_id in sorted(shortlist):
            _pay(session, challenge, app_id, "startup", each, note="赛马式启动资金")
    move(session, principal, challenge, "awarded")
    team = {o for a in apps.values() for o in access.team_org_ids(a)}
    notify_staff_and_orgs(session, principal, challenge, "awarded", orgs=team)
    return challenge


def _shortlist(challenge: Challenge, body: AwardIn, known: set[int]) -> set[int]:
    """The teams that get start-up money: the winner, plus the shortlist in a race."""
    shortlist = {body.application_id}
    if challenge.funding_mode == "race":
        shortlist |= set(body.shortlist)
        if not set(body.shortlist) <= known or len(shortlist) > max(challenge.race_teams, 1):
            raise InvalidInput(
                f"赛马入围团队须为本榜单的申报，且不超过 {challenge.race_teams} 个",
                details=[{"field": "shortlist"}],
            )
    return shortlist


def _winner(session: Session, challenge: Challenge) -> ChallengeApplication:
    if challenge.award_application_id is None:
        raise Conflict("榜单尚未挂帅 (no team has been awarded yet)")
    return session.get_one(ChallengeApplication, challenge.award_application_id)


def milestones_of(session: Session, challenge_id: int) -> list[ChallengeMilestone]:
    stmt = select(ChallengeMilestone).where(ChallengeMilestone.challenge_id == challenge_id)
    return list(session.scalars(stmt.order_by(ChallengeMilestone.due, ChallengeMilestone.id)))


def add_milestone(
    session: Session, principal: Principal, challenge_id: int, body: MilestoneCreate
) -> ChallengeMilestone:
    """A milestone of the winner's task agreement (awarded or in progress)."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    if challenge.status not in ("awarded", "in_progress"):
        raise Conflict("只有已挂帅或攻关中的榜单可以设置里程碑 (milestones follow the award)")
    winner = _winner(session, challenge)
    shares = sum(m.payment_share for m in milestones_of(session, challenge.id))
    if shares + body.payment_share > 1 + 1e-9:
        raise InvalidInput(
            f"里程碑拨付比例合计不能超过 1（已有 {shares:g}）(payment shares exceed 1)",
            details=[{"field": "payment_share"}],
        )
    if body.achievement_id is not None and session.get(Achievement, body.achievement_id) is None:
        raise InvalidInput(
            f"科技成果 #{body.achievement_id} 不存在", details=[{"field": "achievement_id"}]
        )
    milestone = ChallengeMilestone(
        challenge_id=challenge.id, application_id=winner.id, **body.model_dump()
    )
    session.add(milestone)
    session.flush()
    return milestone


def accept_milestone(
    session: Session, principal: Principal, milestone_id: int, note: str, policy: Policy
) -> ChallengeMilestone:
    """Accepted only with approved TRL evidence ≥ the target for the linked achievement."""
    access.require_manage(principal)
    milestone = session.get(ChallengeMilestone, milestone_id)
    if milestone is None:
        raise NotFound(f"里程碑 #{milestone_id} 不存在 (milestone not found)")
    challenge = access.get_challenge(session, principal, milestone.challenge_id)
    if milestone.status == "accepted":
        raise Conflict("该里程碑已验收 (already accepted)")
    if challenge.status not in ("awarded", "in_progress"):
        raise Conflict("榜单不在攻关阶段，不能验收里程碑")
    if milestone.achievement_id is None:
        raise Conflict("里程碑未关联科技成果，无法核验技术就绪度证据 (no linked achievement)")
    level = approved_trl(session, milestone.achievement_id)
    if level is None or level < milestone.trl_target:
        held = "无已审批的技术就绪度证据" if level is None else f"已审批的技术就绪度为 {level} 级"
        raise Conflict(
            f"不能验收：要求技术就绪度达到 {milestone.trl_target} 级，{held} "
            f"(approved TRL evidence at level {milestone.trl_target} is required)",
            details=[{"trl_target": milestone.trl_target, "approved_trl": level}],
        )
    milestone.status = "accepted"
    milestone.accepted_at = utcnow()
    milestone.accepted_trl = level
    milestone.accepted_by = principal.actor
    milestone.submission = note or milestone.submission
    if challenge.status == "awarded":
        move(session, principal, challenge, "in_progress", "首个里程碑验收")
    base = _milestone_base(challenge, policy)
    if base > 0 and milestone.application_id is not None:
        _pay(
            session,
            challenge,
            milestone.application_id,
            "milestone",
            base * milestone.payment_share,
            milestone.id,
            milestone.title,
        )
    session.flush()
    return milestone


def _milestone_base(challenge: Challenge, policy: Policy) -> float:
    if challenge.funding_mode == "milestone":
        return challenge.budget_wan
    if challenge.funding_mode == "race":
        teams = max(challenge.race_teams, 1)
        return max(challenge.budget_wan * (1 - teams * policy.race_startup_share), 0.0)
    return 0.0


def on_completed(session: Session, challenge: Challenge) -> None:
    """Completion pays what is left of the budget to the winner (reward, post, race)."""
    if challenge.award_application_id is None or challenge.funding_mode == "milestone":
        return
    rest = challenge.budget_wan - paid(session, challenge.id)
    kind = {"reward": "award", "post": "award"}.get(challenge.funding_mode, "remainder")
    _pay(session, challenge, challenge.award_application_id, kind, rest, note="结项")
    session.flush()


def overdue(session: Session, today: dt.date) -> list[ChallengeMilestone]:
    stmt = (
        select(ChallengeMilestone)
        .join(Challenge, Challenge.id == ChallengeMilestone.challenge_id)
        .where(
            ChallengeMilestone.status == "pending",
            ChallengeMilestone.due < today,
            Challenge.status.in_(("awarded", "in_progress")),
        )
    )
    return list(session.scalars(stmt.order_by(ChallengeMilestone.due)))


def warn_overdue(session: Session, principal: Principal, today: dt.date) -> int:
    """Tell staff and the winning team about each overdue milestone, once per milestone."""
    told = 0
    for m in overdue(session, today):
        if m.overdue_notified:
            continue
        challenge = session.get_one(Challenge, m.challenge_id)
        winner = session.get(ChallengeApplication, m.application_id or 0)
        team = access.team_org_ids(winner) if winner else set()
        notify_staff_and_orgs(
            session,
            principal,
            challenge,
            "milestone_overdue",
            orgs=team,
            extra={"milestone": m.title},
        )
        m.overdue_notified = True
        told += 1
    session.flush()
    return told


def payment_rows(session: Session, challenge_id: int) -> list[dict[str, Any]]:
    from xinzhi.challenges.messages import PAYMENT_KINDS, zh

    stmt = select(ChallengePayment).where(ChallengePayment.challenge_id == challenge_id)
    return [
        {
            "id": p.id,
            "application_id": p.application_id,
            "milestone_id": p.milestone_id,
            "kind": p.kind,
            "kind_label": zh(PAYMENT_KINDS, p.kind),
            "amount_wan": p.amount_wan,
            "released_at": p.released_at,
            "note": p.note,
        }
        for p in session.scalars(stmt.order_by(ChallengePayment.id))
    ]

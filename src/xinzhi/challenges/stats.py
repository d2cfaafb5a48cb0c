"""Statistics of 揭榜挂帅, per challenge and overall (staff only).

applicants; team make-up (产学研 share: applications whose team has an enterprise and a
university or institute); eligibility failures by rule; review spread (mean standard deviation
of reviewers' weighted scores, applications flagged); days from publication to award;
milestones accepted on time; money disbursed by kind; completed / failed / cancelled counts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation
from xinzhi.challenges import access, rules
from xinzhi.challenges.messages import PAYMENT_KINDS, RULES, STATUSES, zh
from xinzhi.challenges.models import (
    Challenge,
    ChallengeApplication,
    ChallengeMilestone,
    ChallengePayment,
    ChallengeScore,
)
from xinzhi.challenges.policy import Policy
from xinzhi.core.models import as_utc
from xinzhi.core.security import Principal

RESEARCH = {"university", "institute"}


def _days(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((as_utc(end) - as_utc(start)).total_seconds() / 86400, 2)


def compute(
    session: Session, principal: Principal, policy: Policy, challenge_id: int | None = None
) -> dict[str, Any]:
    access.require_manage(principal)
    stmt = select(Challenge)
    if challenge_id is not None:
        stmt = stmt.where(Challenge.id == access.get_challenge(session, principal, challenge_id).id)
    challenges = list(session.scalars(stmt))
    ids = [c.id for c in challenges] or [-1]
    apps = list(
        session.scalars(
            select(ChallengeApplication).where(ChallengeApplication.challenge_id.in_(ids))
        )
    )
    kinds = {int(i): str(k) for i, k in session.execute(select(Organisation.id, Organisation.kind))}
    joint = 0
    for a in apps:
        team = {kinds.get(o) for o in access.team_org_ids(a)}
        joint += int("enterprise" in team and bool(team & RESEARCH))
    failures: Counter[str] = Counter(r["rule"] for a in apps for r in a.reasons)
    scores = list(
        session.scalars(
            select(ChallengeScore).where(
                ChallengeScore.application_id.in_([a.id for a in apps] or [-1]),
                ChallengeScore.round == "review",
            )
        )
    )
    by_app: dict[int, list[float]] = {}
    for s in scores:
        by_app.setdefault(s.application_id, []).append(s.weighted)
    spreads = [rules.spread(v) for v in by_app.values() if len(v) >= 2]
    to_award = [d for c in challenges if (d := _days(c.published_at, c.awarded_at)) is not None]
    milestones = list(
        session.scalars(select(ChallengeMilestone).where(ChallengeMilestone.challenge_id.in_(ids)))
    )
    accepted = [m for m in milestones if m.status == "accepted" and m.accepted_at is not None]
    on_time = sum(1 for m in accepted if m.accepted_at and as_utc(m.accepted_at).date() <= m.due)
    today = dt.date.today()
    overdue = sum(1 for m in milestones if m.status == "pending" and m.due < today)
    money: dict[str, float] = {}
    for p in session.scalars(
        select(ChallengePayment).where(ChallengePayment.challenge_id.in_(ids))
    ):
        money[p.kind] = money.get(p.kind, 0.0) + p.amount_wan
    status_counts = Counter(c.status for c in challenges)
    return {
        "challenges": len(challenges),
        "by_status": {s: status_counts.get(s, 0) for s in rules.STATUSES},
        "by_status_label": {zh(STATUSES, s): status_counts.get(s, 0) for s in rules.STATUSES},
        "applications": len(apps),
        "eligible": sum(1 for a in apps if a.eligible),
        "joint_teams": joint,
        "joint_share": round(joint / len(apps), 4) if apps else None,
        "eligibility_failures": {r: failures.get(r, 0) for r in RULES},
        "eligibility_failures_label": {zh(RULES, r): failures.get(r, 0) for r in RULES},
        "review_spread_mean": round(statistics.fmean(spreads), 4) if spreads else None,
        "review_spread_flagged": sum(1 for s in spreads if s > policy.spread_limit),
        "days_to_award_median": round(statistics.median(to_award), 2) if to_award else None,
        "milestones": len(milestones),
        "milestones_accepted": len(accepted),
        "milestones_on_time": on_time,
        "milestones_overdue": overdue,
        "disbursed_wan": round(sum(v for k, v in money.items() if k != "compensation"), 4),
        "disbursed_by_kind": {zh(PAYMENT_KINDS, k): round(v, 4) for k, v in sorted(money.items())},
        "completed": status_counts.get("completed", 0),
        "failed": status_counts.get("failed", 0),
        "cancelled": status_counts.get("cancelled", 0),
    }

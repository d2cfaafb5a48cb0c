"""待我处理 for 揭榜挂帅: applications an assigned reviewer has not scored yet, and for
department staff the key needs (重点需求, flagged demands) waiting for their review.

Only challenges under review (``under_review``, when :func:`review.put_scores` takes scores),
only applications the reviewer is not recused from, and only the review round. The title
follows what the review page shows: in a blind review the application's code (方案 N, numbered
as on the review page), never its team; otherwise the lead organisation.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Demand, Organisation
from xinzhi.challenges import access, service
from xinzhi.challenges.models import (
    Challenge,
    ChallengeReviewer,
    ChallengeScore,
    KeyNeed,
    Recusal,
)
from xinzhi.common.permissions import allowed
from xinzhi.common.waiting import WaitingItem
from xinzhi.core.security import Principal

KIND = "chl.waiting"
NEED_KIND = "chl.waiting_need"


def waiting(session: Session, principal: Principal) -> list[WaitingItem]:
    return unscored(session, principal) + needs_to_review(session, principal)


def needs_to_review(session: Session, principal: Principal) -> list[WaitingItem]:
    """Staff (who review key needs and read every demand): needs still ``submitted``."""
    if principal.user_id is None or not access.is_staff(principal):
        return []
    rows = session.execute(
        select(KeyNeed.chokepoint, Demand.title)
        .join(Demand, Demand.id == KeyNeed.demand_id)
        .where(KeyNeed.status == "submitted")
        .order_by(KeyNeed.id)
    ).all()
    return [WaitingItem(NEED_KIND, f"{title} · {choke}", "/key-needs") for choke, title in rows]


def unscored(session: Session, principal: Principal) -> list[WaitingItem]:
    user_id = principal.user_id
    if user_id is None or not allowed(principal, access.SCORE):
        return []
    challenges = session.scalars(
        select(Challenge)
        .join(ChallengeReviewer, ChallengeReviewer.challenge_id == Challenge.id)
        .where(ChallengeReviewer.user_id == user_id, Challenge.status == "under_review")
        .order_by(Challenge.id)
    ).all()
    items: list[WaitingItem] = []
    for challenge in challenges:
        apps = service.applications_of(session, challenge.id)
        ids = [a.id for a in apps]
        scored = set(
            session.scalars(
                select(ChallengeScore.application_id).where(
                    ChallengeScore.application_id.in_(ids),
                    ChallengeScore.user_id == user_id,
                    ChallengeScore.round == "review",
                )
            )
        )
        recused = set(
            session.scalars(
                select(Recusal.application_id).where(
                    Recusal.application_id.in_(ids), Recusal.user_id == user_id
                )
            )
        )
        for number, a in enumerate(apps, start=1):
            if a.id in scored or a.id in recused:
                continue
            if challenge.blind:
                who = f"方案 {number}"
            else:
                org = session.get(Organisation, a.lead_org_id)
                who = org.name if org is not None else f"方案 {number}"
            link = f"/challenges/{challenge.id}/review#app-{a.id}"
            items.append(WaitingItem(KIND, f"{challenge.title} · {who}", link))
    return items

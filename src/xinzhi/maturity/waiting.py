"""待我处理 for maturity: open TRL assessments with a level ready for this reviewer to approve.

A level is ready when every applicable criterion is met with evidence and no one has approved it
yet (the same test as :func:`xinzhi.maturity.gate.blockers_of`, which the approve action uses).
Only users who may approve (``maturity.approve``) get items, and only for achievements they may
see (the catalog's visibility rule).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from xinzhi.catalog import service as catalog
from xinzhi.catalog.models import Achievement
from xinzhi.common import permissions
from xinzhi.common.waiting import WaitingItem
from xinzhi.core.security import Principal
from xinzhi.maturity.access import ACHIEVEMENTS, APPROVE
from xinzhi.maturity.gate import blockers_of
from xinzhi.maturity.models import TrlAnswer, TrlAssessment
from xinzhi.maturity.scales import LEVELS
from xinzhi.maturity.service import OPEN

KIND = "maturity.waiting"


def ready_levels(row: TrlAssessment) -> list[int]:
    approved = {a.level for a in row.approvals}
    answered = {a.level for a in row.answers}
    return [
        level
        for level in LEVELS
        if level not in approved and level in answered and not blockers_of(row, level)
    ]


def waiting(session: Session, principal: Principal) -> list[WaitingItem]:
    if principal.user_id is None or not permissions.allowed(principal, APPROVE):
        return []
    stmt = (
        select(TrlAssessment, Achievement.title)
        .join(Achievement, Achievement.id == TrlAssessment.achievement_id)
        .where(TrlAssessment.status == OPEN, catalog.visibility(ACHIEVEMENTS, principal))
        .options(
            selectinload(TrlAssessment.answers).selectinload(TrlAnswer.evidence),
            selectinload(TrlAssessment.approvals),
        )
        .order_by(TrlAssessment.id)
    )
    items = []
    for row, title in session.execute(stmt).all():
        levels = ready_levels(row)
        if levels:
            shown = "、".join(f"TRL {n}" for n in levels)
            items.append(
                WaitingItem(
                    KIND, f"{title}（{shown}）", f"/maturity/achievements/{row.achievement_id}"
                )
            )
    return items

"""Match feedback: a user's useful / not useful mark on a proposed match, and the report.

Marks are never deleted; they are the platform's own measure of match quality and, with the
outcomes of engagements, the labels ``xinzhi match train`` learns from (``outcomes.py``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings
from xinzhi.matching.models import MatchFeedback
from xinzhi.matching.service import load_query
from xinzhi.matching.types import ENTITY_TYPES


def record_feedback(
    session: Session,
    principal: Principal,
    settings: Settings,
    *,
    source_type: str,
    source_id: int,
    target_type: str,
    target_id: int,
    useful: bool,
    rank: int | None = None,
    score: float | None = None,
    note: str = "",
) -> MatchFeedback:
    """Store a useful / not useful mark on a proposed match (both ends must be visible)."""
    if not principal.authenticated:
        from xinzhi.core.errors import Unauthorized

        raise Unauthorized("请先登录再反馈")
    load_query(session, principal, source_type, source_id)
    if target_type not in ENTITY_TYPES:
        raise InvalidInput(f"未知的匹配对象: {target_type}")
    row = MatchFeedback(
        source_type=source_type,
        source_id=source_id,
        target_type=target_type,
        target_id=target_id,
        useful=useful,
        rank=rank,
        score=score,
        model=settings.matching_model,
        note=note,
        user_id=principal.user_id,
        actor=principal.actor,
    )
    session.add(row)
    session.flush()
    return row


def feedback_report(session: Session) -> dict[str, Any]:
    """Marks per target type and per rank band: how often the proposed match was useful."""
    band = func.coalesce(MatchFeedback.rank, 0)
    rows = session.execute(
        select(
            MatchFeedback.target_type,
            band,
            MatchFeedback.useful,
            func.count(),
        ).group_by(MatchFeedback.target_type, band, MatchFeedback.useful)
    ).all()
    out: dict[str, dict[str, dict[str, int]]] = {}
    for target, rank, useful, count in rows:
        bucket = "1-3" if 1 <= rank <= 3 else "4-10" if 4 <= rank <= 10 else "other"
        cell = out.setdefault(target, {}).setdefault(bucket, {"useful": 0, "not_useful": 0})
        cell["useful" if useful else "not_useful"] += int(count)
    total = sum(c["useful"] + c["not_useful"] for t in out.values() for c in t.values())
    useful_total = sum(c["useful"] for t in out.values() for c in t.values())
    return {
        "marks": total,
        "useful_share": round(useful_total / total, 4) if total else None,
        "by_target": out,
    }

"""The conversion funnel, contract statistics and outcome labels for the matcher.

Funnel definitions (docs/engagements.md): an engagement *reached* a stage when its history
holds that stage or a later one (a terminated engagement counts up to the furthest stage it
held); conversion into a stage is reached(stage) / reached(previous stage); median days of a
stage are taken over the stays that have ended (a stay still open is not yet a duration).
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Demand
from xinzhi.catalog.service import visibility
from xinzhi.core.models import as_utc
from xinzhi.core.security import Principal
from xinzhi.engagements import access
from xinzhi.engagements.messages import CONTRACT_TYPES, REPORT_GROUPS, zh
from xinzhi.engagements.models import Engagement, EngagementStage, TechContract
from xinzhi.engagements.stages import ORDER, TERMINATED, rank
from xinzhi.engagements.views import DAY

PIPELINE = ("demands", "matched", "contacted", "signed", "completed")
GROUP_OF = {
    "transfer": "transfer_licensing_equity",
    "licensing": "transfer_licensing_equity",
    "development": "development_consulting_service",
    "consulting": "development_consulting_service",
    "service": "development_consulting_service",
}


@dataclass(frozen=True)
class Filters:
    """Date range (engagement created / contract signed), demand field, region code prefix."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    field: str = ""
    region: str = ""

    def demand_clause(self) -> ColumnElement[bool]:
        clause: ColumnElement[bool] = true()
        if self.field:
            clause = and_(clause, Demand.field == self.field)
        prefix = region_prefix(self.region)
        if prefix:
            clause = and_(clause, Demand.region_code.startswith(prefix))
        return clause

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def region_prefix(code: str) -> str:
    """320000 → 32 (a province), 320500 → 3205 (a city), 320505 stays whole."""
    code = code.strip()
    if len(code) == 6 and code.isdigit():
        for zeros in ("0000", "00"):
            if code.endswith(zeros):
                return code[: -len(zeros)]
    return code


def _between(column: Any, f: Filters) -> ColumnElement[bool]:
    clause: ColumnElement[bool] = true()
    if f.date_from:
        clause = and_(clause, column >= f.date_from)
    if f.date_to:
        clause = and_(clause, column < f.date_to + dt.timedelta(days=1))
    return clause


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def funnel(session: Session, principal: Principal, f: Filters | None = None) -> dict[str, Any]:
    f = f or Filters()
    stmt = (
        select(Engagement.id, Engagement.demand_id, Engagement.stage)
        .join(Demand, Demand.id == Engagement.demand_id)
        .where(access.scope(principal), f.demand_clause(), _between(Engagement.created_at, f))
    )
    engagements = session.execute(stmt).all()
    ids = [e.id for e in engagements]
    stays = session.execute(
        select(
            EngagementStage.engagement_id,
            EngagementStage.stage,
            EngagementStage.entered_at,
            EngagementStage.left_at,
        ).where(EngagementStage.engagement_id.in_(ids))
    ).all()
    furthest: dict[int, int] = defaultdict(int)
    durations: dict[str, list[float]] = defaultdict(list)
    for eid, stage, entered, left in stays:
        furthest[eid] = max(furthest[eid], rank(stage))
        if left is not None and stage != TERMINATED:
            durations[stage].append((as_utc(left) - as_utc(entered)).total_seconds() / DAY)
    reached = {s: sum(1 for e in ids if furthest[e] >= rank(s)) for s in ORDER}
    conversion = {s: _rate(reached[s], reached[p]) for p, s in itertools.pairwise(ORDER)}
    medians = {
        s: (round(statistics.median(durations[s]), 3) if durations[s] else None) for s in ORDER[:-1]
    }
    pipe = _pipeline(session, principal, f, engagements, furthest)
    return {
        "stages": reached,
        "terminated": sum(1 for e in engagements if e.stage == TERMINATED),
        "conversion": conversion,
        "median_days": medians,
        "pipeline": pipe,
        "pipeline_conversion": {
            s: _rate(pipe[s], pipe[p]) for p, s in itertools.pairwise(PIPELINE)
        },
        "total": len(ids),
        "filters": f.as_dict(),
    }


def _pipeline(
    session: Session,
    principal: Principal,
    f: Filters,
    engagements: Iterable[Any],
    furthest: dict[int, int],
) -> dict[str, int]:
    """Demands → matched (≥ 1 engagement) → contacted → signed → completed, as demand counts."""
    demand_count = session.scalar(
        select(func.count(Demand.id)).where(
            visibility(get_entity("demands"), principal),
            f.demand_clause(),
            _between(Demand.created_at, f),
        )
    )
    best: dict[int, int] = {}
    for e in engagements:
        best[e.demand_id] = max(best.get(e.demand_id, -1), furthest[e.id])
    counts = {"demands": int(demand_count or 0), "matched": len(best)}
    for stage in ("contacted", "signed", "completed"):
        counts[stage] = sum(1 for r in best.values() if r >= rank(stage))
    return counts


def visible_contracts(
    session: Session, principal: Principal, f: Filters | None = None
) -> list[tuple[TechContract, Engagement, Demand]]:
    f = f or Filters()
    stmt = (
        select(TechContract, Engagement, Demand)
        .join(Engagement, Engagement.id == TechContract.engagement_id)
        .join(Demand, Demand.id == Engagement.demand_id)
        .where(access.scope(principal), f.demand_clause(), _between(TechContract.signed_on, f))
        .order_by(TechContract.signed_on, TechContract.id)
    )
    return [(c, e, d) for c, e, d in session.execute(stmt).all()]


def _bucket(rows: list[tuple[str, str, TechContract]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, label, c in rows:
        b = out.setdefault(
            key, {"key": key, "label": label, "count": 0, "amount_wan": 0.0, "tech_amount_wan": 0.0}
        )
        b["count"] += 1
        b["amount_wan"] = round(b["amount_wan"] + c.amount_wan, 4)
        b["tech_amount_wan"] = round(b["tech_amount_wan"] + c.tech_amount_wan, 4)
    return sorted(out.values(), key=lambda b: b["key"])


def contract_stats(
    session: Session, principal: Principal, f: Filters | None = None
) -> dict[str, Any]:
    """Contract count, 合同成交额 and 技术交易额 by type, region, field, month and report group."""
    rows = visible_contracts(session, principal, f)
    cs = [c for c, _, _ in rows]
    return {
        "count": len(cs),
        "amount_wan": round(sum(c.amount_wan for c in cs), 4),
        "tech_amount_wan": round(sum(c.tech_amount_wan for c in cs), 4),
        "by_type": _bucket([(c.contract_type, zh(CONTRACT_TYPES, c.contract_type), c) for c in cs]),
        "by_group": _bucket(
            [
                (GROUP_OF[c.contract_type], zh(REPORT_GROUPS, GROUP_OF[c.contract_type]), c)
                for c in cs
            ]
        ),
        "by_region": _bucket(
            [(c.seller_region_code or "", c.seller_region_code or "未知", c) for c in cs]
        ),
        "by_buyer_region": _bucket(
            [(c.buyer_region_code or "", c.buyer_region_code or "未知", c) for c in cs]
        ),
        "by_field": _bucket([(d.field or "", d.field or "未分类", c) for c, _, d in rows]),
        "by_month": _bucket([(c.signed_on.strftime("%Y-%m"),) * 2 + (c,) for c in cs]),
        "filters": (f or Filters()).as_dict(),
    }


def outcome_labels(session: Session) -> list[tuple[int, str, int, int]]:
    """(demand_id, candidate_type, candidate_id, label): signed, implementing or completed → 1;
    terminated for 技术不匹配 → 0. Other outcomes say nothing about relevance and are left out."""
    positive = ("signed", "implementing", "completed")
    stmt = select(
        Engagement.demand_id,
        Engagement.candidate_type,
        Engagement.candidate_id,
        Engagement.stage,
        Engagement.termination_reason,
    ).order_by(Engagement.id)
    labels: list[tuple[int, str, int, int]] = []
    for demand_id, ctype, cid, stage, reason in session.execute(stmt):
        if stage in positive:
            labels.append((demand_id, ctype, cid, 1))
        elif stage == TERMINATED and reason == "mismatch":
            labels.append((demand_id, ctype, cid, 0))
    return labels

"""工作台: the home page after log in, by role.

- broker: my pipeline by stage, follow-ups due, this month's contracts;
- enterprise: my organisation's demands with their engagements by stage, the match page, what
  the demand-quality gate says is missing, messages;
- researcher: my organisation's achievements (TRL), interest received as the candidate side;
- admin: the funnel demands → matched → contacted → signed → completed with conversion and
  median days per stage, contract amounts by region, field and month, and the Excel exports.
Every figure is over what the user may see (``access.scope``), as in the API.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement, Demand
from xinzhi.common.office import workbook_bytes
from xinzhi.common.regions import BY_CODE, short_name
from xinzhi.common.web.deps import DbDep, UserDep
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import page, translator
from xinzhi.core.errors import Forbidden
from xinzhi.core.models import Role
from xinzhi.core.security import Principal
from xinzhi.engagements import access, followups, stats
from xinzhi.engagements.models import Engagement
from xinzhi.engagements.pages import rows_of
from xinzhi.engagements.stages import ORDER, TERMINATED
from xinzhi.matching.quality import assess_demand

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAGES = (*ORDER, TERMINATED)
RECENT = 20


def stage_counts(session: Session, principal: Principal, *where: Any) -> dict[str, int]:
    stmt = (
        select(Engagement.stage, func.count())
        .select_from(Engagement)
        .join(Demand, Demand.id == Engagement.demand_id)
        .where(access.scope(principal), *where)
        .group_by(Engagement.stage)
    )
    found = {str(s): int(n) for s, n in session.execute(stmt)}
    return {s: found.get(s, 0) for s in STAGES}


def _month(today: dt.date) -> stats.Filters:
    return stats.Filters(date_from=today.replace(day=1), date_to=today)


def broker_panels(session: Session, principal: Principal) -> dict[str, Any]:
    today = dt.date.today()
    month = stats.visible_contracts(session, principal, _month(today))
    return {
        "pipeline": stage_counts(session, principal),
        "follow_ups": followups.overdue_follow_ups(session, principal, today),
        "contracts": [
            {
                "engagement_id": c.engagement_id,
                "title": d.title,
                "type": c.contract_type,
                "amount_wan": c.amount_wan,
                "signed_on": c.signed_on.isoformat(),
            }
            for c, _e, d in month
        ],
    }


def _recent(session: Session, principal: Principal, *where: Any) -> list[dict[str, Any]]:
    stmt = access.visible().where(access.scope(principal), *where)
    items = list(session.scalars(stmt.order_by(Engagement.id.desc()).limit(RECENT)))
    return rows_of(session, items)


def enterprise_panels(session: Session, principal: Principal) -> dict[str, Any]:
    org = principal.organisation_id
    demands = list(
        session.scalars(select(Demand).where(Demand.owner_org_id == org).order_by(Demand.id.desc()))
    )
    by_demand: dict[int, Counter[str]] = {d.id: Counter() for d in demands}
    stmt = (
        select(Engagement.demand_id, Engagement.stage)
        .join(Demand, Demand.id == Engagement.demand_id)
        .where(Demand.owner_org_id == org, access.scope(principal))
    )
    for demand_id, stage in session.execute(stmt):
        by_demand[demand_id][stage] += 1
    rows = []
    for d in demands:
        quality = assess_demand(d)
        missing = [e.label for e in quality.elements if e.status != "present"]
        demand = {"id": d.id, "title": d.title}
        rows.append({"demand": demand, "stages": dict(by_demand[d.id]), "missing": missing})
    return {"demands": rows}


def researcher_panels(session: Session, principal: Principal) -> dict[str, Any]:
    org = principal.organisation_id
    stmt = select(Achievement.id, Achievement.title, Achievement.trl).where(
        Achievement.owner_org_id == org
    )
    achievements = [
        {"id": i, "title": title, "trl": trl}
        for i, title, trl in session.execute(stmt.order_by(Achievement.id))
    ]
    interest = _recent(session, principal, access.candidate_org_expr() == org)
    return {"achievements": achievements, "interest": interest}


def region_label(code: str) -> str:
    """A GB/T 2260 code as the province's short name (with the code below province level)."""
    if not code:
        return "未知"
    if code in BY_CODE:
        return short_name(code)
    province = code[:2] + "0000"
    return f"{short_name(province)} {code}" if province in BY_CODE else code


def _series(buckets: list[dict[str, Any]], label: Any = None) -> dict[str, list[Any]]:
    return {
        "labels": [label(b["key"]) if label else str(b["label"]) for b in buckets],
        "values": [round(float(b["amount_wan"]), 2) for b in buckets],
    }


def admin_panels(session: Session, principal: Principal, t: Translator) -> dict[str, Any]:
    funnel = stats.funnel(session, principal)
    contract = stats.contract_stats(session, principal)
    steps = [
        {
            "key": step,
            "label": t(f"eng.wb.pipe.{step}"),
            "count": funnel["pipeline"][step],
            "rate": funnel["pipeline_conversion"].get(step),
        }
        for step in stats.PIPELINE
    ]
    medians = [(s, funnel["median_days"][s]) for s in ORDER[:-1]]
    return {
        "steps": steps,
        "medians": medians,
        "stage_reached": funnel["stages"],
        "contract": contract,
        "charts": {
            "funnel": {
                "labels": [s["label"] for s in steps],
                "values": [s["count"] for s in steps],
            },
            "region": _series(contract["by_region"], region_label),
            "field": _series(contract["by_field"]),
            "month": _series(contract["by_month"]),
        },
    }


@router.get("/workbench", name="engagements.workbench")
def workbench(request: Request, db: DbDep, principal: UserDep) -> Response:
    """The signed-in home: what this role works on."""
    t = translator(request)
    context: dict[str, Any] = {"kind": _kind(principal)}
    with db.read(limited=True) as session:
        if context["kind"] == "admin":
            context.update(admin_panels(session, principal, t))
        elif context["kind"] == "broker":
            context.update(broker_panels(session, principal))
        elif context["kind"] == "enterprise":
            context.update(enterprise_panels(session, principal))
        elif context["kind"] == "researcher":
            context.update(researcher_panels(session, principal))
    context["stages"] = STAGES
    return page(request, "engagements_workbench.html", context)


def _kind(principal: Principal) -> str:
    """Which dashboard: a party without an organisation has nothing of its own to show."""
    if principal.role in (Role.ADMIN, Role.BROKER):
        return principal.role.value
    if principal.role in access.PARTY_ROLES and principal.organisation_id is not None:
        return principal.role.value
    return "other"


@router.get("/engagements/stats.xlsx", name="engagements.stats_xlsx")
def stats_xlsx(request: Request, db: DbDep, principal: UserDep) -> Response:
    """The funnel and contract statistics as a workbook with Chinese headers (staff)."""
    if not principal.is_staff:
        raise Forbidden("只有服务专员或管理员可以导出统计 (staff only)")
    t = translator(request)
    with db.read(limited=True) as session:
        panels = admin_panels(session, principal, t)
    data = workbook_bytes(stats_frames(panels, t))
    headers = {"Content-Disposition": 'attachment; filename="engagement-stats.xlsx"'}
    return Response(data, media_type=XLSX, headers=headers)


def stats_frames(panels: dict[str, Any], t: Translator) -> dict[str, pd.DataFrame]:
    step, count, rate = t("eng.wb.step"), t("eng.wb.count"), t("eng.wb.rate")
    funnel = pd.DataFrame(
        [{step: s["label"], count: s["count"], rate: s["rate"]} for s in panels["steps"]]
    )
    stages = pd.DataFrame(
        [
            {
                t("eng.col.stage"): t(f"eng.stage.{s}"),
                count: panels["stage_reached"][s],
                t("eng.wb.median"): days,
            }
            for s, days in panels["medians"]
        ]
    )
    frames = {t("eng.wb.funnel"): funnel, t("eng.wb.stage_days"): stages}
    for key, title in (
        ("by_region", "eng.wb.amount_by_region"),
        ("by_field", "eng.wb.amount_by_field"),
        ("by_month", "eng.wb.amount_by_month"),
        ("by_type", "eng.contract.type"),
    ):
        rows = panels["contract"][key]
        frames[t(title)[:31]] = pd.DataFrame(
            [
                {
                    t(title): region_label(b["key"]) if key == "by_region" else b["label"],
                    count: b["count"],
                    t("eng.contract.amount"): b["amount_wan"],
                    t("eng.contract.tech"): b["tech_amount_wan"],
                }
                for b in rows
            ],
            columns=[t(title), count, t("eng.contract.amount"), t("eng.contract.tech")],
        )
    return frames

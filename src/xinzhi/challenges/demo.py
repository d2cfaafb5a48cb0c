"""揭榜挂帅 demo data, written by us: two challenges (one published, one draft) and one failure
case, created through the services. Loading twice changes nothing (found by title)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from xinzhi.challenges import failures, service
from xinzhi.challenges.models import Challenge, FailureCase
from xinzhi.challenges.schemas import ChallengeCreate, FailureCaseCreate, StatusChange
from xinzhi.core.db import Database
from xinzhi.core.security import system_principal

ACTOR = "demo"
RUBRIC = [
    {"criterion": "技术先进性", "weight": 0.35},
    {"criterion": "方案可行性", "weight": 0.35},
    {"criterion": "团队与产学研协同", "weight": 0.2},
    {"criterion": "经费合理性", "weight": 0.1},
]
CHALLENGES: list[dict[str, Any]] = [
    {
        "title": "动力电池包热失控早期预警技术攻关",
        "goal": "在电芯热失控前 5 分钟给出预警，误报率低于 1 次/万小时，可装车验证。",
        "field": "新能源汽车",
        "budget_wan": 800.0,
        "funding_mode": "milestone",
        "indicators": [
            {"name": "预警提前量", "target": "≥5", "unit": "分钟"},
            {"name": "误报率", "target": "<1", "unit": "次/万小时"},
        ],
        "eligibility": [
            {"rule": "lead_kind", "value": ["enterprise"]},
            {"rule": "team_includes", "value": ["university", "institute"]},
        ],
        "publish": True,
    },
    {
        "title": "光伏组件用高阻水背板国产化",
        "goal": "水汽透过率低于 0.1 g/(m²·d)，通过 3000 小时湿热老化。",
        "field": "新能源",
        "budget_wan": 500.0,
        "funding_mode": "race",
        "race_teams": 2,
        "publish": False,
    },
]
CASE = {
    "title": "钠离子电池硬碳负极低成本制备（中止）",
    "field": "新能源",
    "tried": "以生物质为前驱体的一步碳化制备硬碳负极。",
    "route": "椰壳炭化—酸洗—高温碳化",
    "trl_reached": 4,
    "spent_wan": 120.0,
    "main_cause": "route",
    "causes": ["market"],
    "lessons": "前驱体批次差异导致首效波动，应先建立原料分级标准。",
    "reusable": "原料表征数据集；两项工艺专利申请。",
    "publication": "public",
}


def load(db: Database) -> dict[str, Any]:
    principal = system_principal(ACTOR)
    made = {"challenges": 0, "failure_cases": 0}
    with db.write(actor=ACTOR) as session:
        for spec in CHALLENGES:
            if session.scalar(select(Challenge.id).where(Challenge.title == spec["title"])):
                continue
            data = {k: v for k, v in spec.items() if k != "publish"}
            data["rubric"] = RUBRIC
            data["deadline"] = dt.date.today() + dt.timedelta(days=90)
            challenge = service.create(session, principal, ChallengeCreate.model_validate(data))
            if spec["publish"]:
                service.change_status(
                    session, principal, challenge.id, StatusChange(status="published")
                )
            made["challenges"] += 1
        if not session.scalar(select(FailureCase.id).where(FailureCase.title == CASE["title"])):
            failures.create(session, principal, FailureCaseCreate.model_validate(CASE))
            made["failure_cases"] += 1
    return made

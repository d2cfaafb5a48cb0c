"""``xinzhi challenges``: create, publish, status refusal, list, show, ranking, stats, demo data."""

from __future__ import annotations

import json

from tests.clients import run_cli as run
from xinzhi.challenges.demo import load
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_cli_lifecycle_and_errors(db: Database, settings: Settings) -> None:
    created = run(
        settings,
        "challenges",
        "create",
        "--title",
        "高端轴承钢纯净度提升",
        "--budget",
        "300",
        "--deadline",
        "2099-01-01",
        "--criterion",
        "先进性=0.6",
        "--criterion",
        "可行性=0.4",
        "--json",
    )
    assert created.exit_code == 0, created.output
    cid = str(json.loads(created.output)["id"])
    bad = run(
        settings,
        "challenges",
        "create",
        "--title",
        "权重错误",
        "--budget",
        "1",
        "--deadline",
        "2099-01-01",
        "--criterion",
        "a=0.5",
    )
    assert bad.exit_code != 0
    assert run(settings, "challenges", "status", cid, "published").exit_code == 0
    refused = run(settings, "challenges", "status", cid, "awarded")
    assert refused.exit_code != 0 and "只能变为" in refused.output
    listed = run(settings, "challenges", "list")
    assert "高端轴承钢纯净度提升" in listed.output and "已发榜" in listed.output
    shown = run(settings, "challenges", "show", cid, "--json")
    assert json.loads(shown.output)["applications"] == []
    ranking = run(settings, "challenges", "ranking", cid)
    assert ranking.exit_code == 0 and "not final" in ranking.output
    stats = run(settings, "challenges", "stats", "--json")
    assert json.loads(stats.output)["challenges"] == 1
    assert run(settings, "challenges", "overdue").exit_code == 0


def test_demo_loader_is_idempotent(db: Database, settings: Settings) -> None:
    assert load(db) == {"challenges": 2, "failure_cases": 1}
    assert load(db) == {"challenges": 0, "failure_cases": 0}
    found = run(settings, "challenges", "failures", "-q", "硬碳", "--json")
    assert json.loads(found.output)["total"] == 1

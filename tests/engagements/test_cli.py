"""``xinzhi engagements``: the happy path from create to export, and errors with a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.clients import run_cli as run
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_cli_happy_path(
    db: Database, settings: Settings, ids: dict[str, int], tmp_path: Path
) -> None:
    created = run(
        settings,
        "engagements",
        "create",
        "--demand",
        str(ids["demand"]),
        "--candidate-type",
        "achievement",
        "--candidate",
        str(ids["achievement"]),
        "--json",
    )
    assert created.exit_code == 0, created.output
    eid = str(json.loads(created.output)["id"])
    for stage in ("contacted", "interested", "negotiating", "signed"):
        moved = run(settings, "engagements", "stage", eid, stage)
        assert moved.exit_code == 0, moved.output
    logged = run(
        settings,
        "engagements",
        "contact",
        eid,
        "--date",
        "2026-03-01",
        "--channel",
        "phone",
        "--summary",
        "电话沟通报价",
        "--next-follow-up",
        "2026-03-08",
    )
    assert logged.exit_code == 0, logged.output
    contract = run(
        settings,
        "engagements",
        "contract",
        eid,
        "--type",
        "development",
        "--amount",
        "80",
        "--non-tech",
        "10",
        "--signed-on",
        "2026-03-02",
        "--registration-no",
        "3201002026000007",
    )
    assert contract.exit_code == 0, contract.output
    assert "登记申请截止 2026-04-01" in contract.output
    shown = run(settings, "engagements", "show", eid)
    assert "已签约" in shown.output and "技术交易额 70" in shown.output
    listed = json.loads(run(settings, "engagements", "list", "--json").output)
    assert listed["total"] == 1
    funnel = run(settings, "engagements", "funnel")
    assert funnel.exit_code == 0 and "已签约" in funnel.output
    out = tmp_path / "contracts.xlsx"
    exported = run(settings, "engagements", "export", str(out), "--year", "2026")
    assert exported.exit_code == 0, exported.output
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.cell(1, 1).value == "登记号"
    assert sheet.cell(2, 1).value == "3201002026000007"


def test_cli_errors_exit_non_zero_with_the_message(
    db: Database, settings: Settings, ids: dict[str, int]
) -> None:
    created = run(
        settings,
        "engagements",
        "create",
        "--demand",
        str(ids["demand"]),
        "--candidate-type",
        "achievement",
        "--candidate",
        str(ids["achievement"]),
        "--json",
    )
    eid = str(json.loads(created.output)["id"])
    skip = run(settings, "engagements", "stage", eid, "signed")
    assert skip.exit_code == 4 and "下一阶段只能是" in skip.output
    missing = run(settings, "engagements", "show", "9999")
    assert missing.exit_code == 3 and "不存在" in missing.output
    early = run(
        settings,
        "engagements",
        "contract",
        eid,
        "--type",
        "service",
        "--amount",
        "5",
        "--signed-on",
        "2026-03-02",
    )
    assert early.exit_code == 4 and "已签约" in early.output

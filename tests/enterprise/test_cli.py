"""``xinzhi enterprise import`` and ``risk`` against a real database."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "firms.csv"
    path.write_text(
        "企业名称,行政区划代码,年度,营业收入,资产总额,负债总额,净利润\n"
        "甲公司,440300,2024,100,100,50,1\n甲公司,440300,2025,60,100,90,-1\n"
        "乙公司,110100,2025,100,100,10,5\n",
        encoding="utf-8",
    )
    return path


def test_import_then_regional_risk_portfolio_with_excel(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    out = run_cli(settings, "enterprise", "import", str(_file(tmp_path)), "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["saved"] == 2
    xlsx = tmp_path / "risk.xlsx"
    out = run_cli(settings, "enterprise", "risk", "--region", "44", "--years", "2025",
                  "--as-of", "2026-05-01", "--xlsx", str(xlsx), "--json")  # fmt: skip
    assert out.exit_code == 0, out.output
    view = json.loads(out.output)
    assert view["firms"] == 1 and view["trend"][0]["counts"]["red"] == 1
    assert xlsx.stat().st_size > 0


def test_import_of_a_bad_file_exits_non_zero(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": ""}]', encoding="utf-8")
    out = run_cli(settings, "enterprise", "import", str(bad))
    assert out.exit_code == 2 and "invalid" in out.output


def test_seed_policies_then_match_and_automatic_list(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    assert run_cli(settings, "enterprise", "seed-policies").exit_code == 0
    firms = tmp_path / "firms.csv"
    firms.write_text("企业名称,国民经济行业,年度,研发费用\n甲公司,专用设备制造业,2025,400\n",
                     encoding="utf-8")  # fmt: skip
    out = run_cli(settings, "enterprise", "match", str(firms), "--as-of", "2026-05-01", "--json")
    assert out.exit_code == 0, out.output
    (report,) = json.loads(out.output)
    results = {m["title"]: m["result"] for m in report["matches"]}
    assert results["研发费用税前加计扣除（100%）"] == "eligible"
    out = run_cli(settings, "enterprise", "match", str(firms), "--as-of", "2026-05-01",
                  "--automatic", "--json")  # fmt: skip
    (row,) = json.loads(out.output)
    assert (row["enterprise"], row["policy"]) == ("甲公司", "研发费用税前加计扣除（100%）")
    assert row["benefit"] == 100.0  # 400 × 100% × 25%

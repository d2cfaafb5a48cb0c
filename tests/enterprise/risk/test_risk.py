"""Risk early warning on constructed series: levels at each threshold, trends, portfolio, Excel."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from tests.enterprise.helpers import YEAR, firm
from xinzhi.enterprise.risk.indicators import assess_risk, level_of, load_specs
from xinzhi.enterprise.risk.portfolio import portfolio, to_xlsx

DAY = dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("key", "value", "level"),
    [
        ("debt_ratio", 59.99, "green"), ("debt_ratio", 60, "yellow"), ("debt_ratio", 70, "orange"),
        ("debt_ratio", 85, "red"), ("current_ratio", 1.51, "green"),
        ("current_ratio", 1.5, "yellow"), ("current_ratio", 1.0, "orange"),
        ("current_ratio", 0.7, "red"), ("revenue_growth", 0.01, "green"),
        ("revenue_growth", 0, "yellow"), ("revenue_growth", -30, "red"),
        ("rd_change", -100, "red"), ("customer_concentration", 70, "orange"),
    ],
)  # fmt: skip
def test_a_threshold_value_takes_its_level(key: str, value: float, level: str) -> None:
    assert level_of(value, load_specs()[key]) == level


def _series(
    revenues: list[float], profits: list[float], rd: list[float]
) -> dict[int, dict[str, float]]:
    start = YEAR - len(revenues) + 1
    return {
        start + i: {"revenue": r, "net_profit": p, "rd_expense": d, "total_assets": 100,
                    "total_liabilities": 50, "current_assets": 200, "current_liabilities": 100,
                    "top_customer_share": 30}
        for i, (r, p, d) in enumerate(zip(revenues, profits, rd, strict=True))
    }  # fmt: skip


def _levels(report: object) -> dict[str, str]:
    return {i.id: i.level for i in report.indicators}  # type: ignore[attr-defined]


def test_healthy_series_is_green() -> None:
    profile = firm(_series([100, 110, 121], [5, 6, 7], [5, 6, 7]), last_data_update="2026-04-01")
    report = assess_risk(profile, as_of=DAY)
    assert report.level == "green"
    assert _levels(report)["ip_expiry_days"] == "unknown"  # no Ⅰ类 IP: not judged


def test_shrinking_loss_making_series_is_red_with_explanations() -> None:
    profile = firm(_series([100, 80, 50], [-1, -2, -3], [10, 6, 0]), last_data_update="2026-04-01")
    report = assess_risk(profile, as_of=DAY)
    levels = _levels(report)
    assert levels["revenue_growth"] == "red"  # −37.5%
    assert levels["loss_years"] == "red"  # three years of losses
    assert levels["rd_change"] == "red"  # R&D stopped
    assert report.level == "red"
    growth = next(i for i in report.indicators if i.id == "revenue_growth")
    assert growth.explanation and growth.intervention


def test_ip_expiry_and_overdue_reporting() -> None:
    ip = [{"kind": "invention", "expires_on": "2026-10-01"}]
    profile = firm(_series([100, 100], [1, 1], [5, 5]), ip=ip, last_data_update="2025-04-01")
    levels = _levels(assess_risk(profile, as_of=dt.date(2026, 7, 15)))
    assert levels["ip_expiry_days"] == "red"  # 78 days
    assert levels["report_overdue_days"] == "orange"  # 45 days after 31 May


def test_losing_a_tier_condition_is_a_risk() -> None:
    years = _series([100, 100], [1, 1], [5, 5])
    years[YEAR]["total_liabilities"] = 82
    profile = firm(years, titles=[{"kind": "specialised_sme"}], last_data_update="2026-04-01")
    report = assess_risk(profile, as_of=DAY)
    assert _levels(report)["tier_conditions"] == "red"
    assert "80" in next(i for i in report.indicators if i.id == "tier_conditions").explanation


def test_portfolio_counts_levels_per_year_and_exports_excel() -> None:
    good = firm(_series([100, 110, 121], [5, 6, 7], [5, 6, 7]), last_data_update="2026-04-01")
    bad = firm(_series([100, 80, 50], [-1, -2, -3], [10, 6, 0]), last_data_update="2026-04-01")
    view = portfolio([good, bad], [YEAR - 1, YEAR], as_of=DAY)
    assert view.firms == 2
    assert [t.year for t in view.trend] == [YEAR - 1, YEAR]
    assert view.trend[-1].counts["red"] == 1 and view.trend[-1].counts["green"] == 1
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(view)))
    assert book.sheetnames == ["汇总", "企业"]
    assert book["汇总"].max_row == 3 and book["企业"].max_row == 3

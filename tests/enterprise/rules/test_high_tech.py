"""高新技术企业: 国科发火〔2016〕32号 第十一条 and 国科发火〔2016〕195号 工作指引.

See DOMAIN.md §2.2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm, indicator
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome
from xinzhi.enterprise.rules.rulepack import PassMark
from xinzhi.enterprise.rules.scoring import passes

PACK = "high-tech-2016"


def _rd_years(revenue: float, ratio: float) -> dict[int, dict[str, float]]:
    return {y: {"revenue": revenue, "rd_expense": revenue * ratio / 100} for y in
            (YEAR - 2, YEAR - 1, YEAR)}  # fmt: skip


@pytest.mark.parametrize(
    ("revenue", "ratio", "expected"),
    [
        (5000, 5.0, Outcome.PASS), (5000, 4.99, Outcome.FAIL),
        (5000.01, 4.0, Outcome.PASS), (20000, 4.0, Outcome.PASS), (20000, 3.99, Outcome.FAIL),
        (20000.01, 3.0, Outcome.PASS), (30000, 2.99, Outcome.FAIL),
    ],
)  # fmt: skip
def test_rd_ratio_threshold_by_revenue_band(
    revenue: float, ratio: float, expected: Outcome
) -> None:
    """32号 第十一条(五): ≤5000万元(含) → 5%; 5000万–2亿元(含) → 4%; >2亿元 → 3% (3-year sums)."""
    profile = firm(_rd_years(revenue, ratio), registered_on="2015-01-01")
    assert check(PACK, "rd_ratio", profile).outcome == expected


def test_rd_ratio_uses_operating_years_when_fewer_than_three() -> None:
    """32号 第十一条(五): 近三个会计年度 (实际经营期不满三年的按实际经营时间计算)."""
    years = {
        YEAR - 1: {"revenue": 1000, "rd_expense": 50},
        YEAR: {"revenue": 1000, "rd_expense": 50},
    }
    assert check(PACK, "rd_ratio", firm(years, registered_on=f"{YEAR - 1}-03-01")).outcome == "pass"
    assert (
        check(PACK, "rd_ratio", firm(years, registered_on="2010-01-01")).outcome == "missing_data"
    )


@pytest.mark.parametrize(
    ("check_id", "years", "fields", "expected"),
    [
        ("registered", {}, {"registered_on": "2025-05-01"}, Outcome.PASS),
        ("registered", {}, {"registered_on": "2025-05-02"}, Outcome.FAIL),
        ("tech_staff", {YEAR: {"tech_staff": 10, "employees": 100}}, {}, Outcome.PASS),
        ("tech_staff", {YEAR: {"tech_staff": 9, "employees": 100}}, {}, Outcome.FAIL),
        ("high_tech_revenue", {YEAR: {"high_tech_revenue": 60, "total_income": 100,
                                      "non_taxable_income": 0}}, {}, Outcome.PASS),
        ("high_tech_revenue", {YEAR: {"high_tech_revenue": 59.9, "total_income": 100,
                                      "non_taxable_income": 0}}, {}, Outcome.FAIL),
        ("domestic_rd", {y: {"rd_expense": 100, "rd_expense_domestic": 60}
                         for y in (YEAR - 2, YEAR - 1, YEAR)}, {}, Outcome.PASS),
    ],
)  # fmt: skip
def test_basic_thresholds(
    check_id: str, years: dict[int, dict[str, float]], fields: dict[str, Any], expected: Outcome
) -> None:
    """32号 第十一条: 注册一年以上 (365 days); 科技人员≥10%; 高新收入≥60%; 境内研发≥60%."""
    assert check(PACK, check_id, firm(years, **fields)).outcome == expected


@pytest.mark.parametrize(
    ("values", "points"),
    [
        ((100, 135, 182.25), (9, 10)),  # g = 35%
        ((100, 125, 156.25), (7, 8)),
        ((100, 115, 132.25), (5, 6)),
        ((100, 105, 110.25), (3, 4)),
        ((100, 101, 102.01), (1, 2)),
        ((100, 100, 100), (0, 0)),
        ((0, 100, 150), (9, 10)),  # V1 = 0: V3/V2 − 1 = 50%
        ((100, 0, 150), (0, 0)),  # V2 = 0: 0 points
    ],
)
def test_growth_formula_bands_and_edge_cases(
    values: tuple[float, ...], points: tuple[int, int]
) -> None:
    """195号 工作指引 企业成长性: g = ½(V₂/V₁ + V₃/V₂) − 1; ≥35% 9–10 … >0 1–2, ≤0 0;
    V₁ = 0 → last two years only; V₂ = 0 → 0 points (DOMAIN.md §2.2)."""
    years = {YEAR - 2 + i: {"revenue": v} for i, v in enumerate(values)}
    got = indicator(PACK, "revenue_growth", firm(years, registered_on="2010-01-01"))
    assert (got.points_lo, got.points_hi) == points


def test_growth_of_a_two_year_old_firm_uses_one_ratio() -> None:
    """195号: with two operating years g = V₂/V₁ − 1."""
    years = {YEAR - 1: {"revenue": 100}, YEAR: {"revenue": 140}}
    got = indicator(PACK, "revenue_growth", firm(years, registered_on=f"{YEAR - 1}-01-01"))
    assert got.value == pytest.approx(40.0) and got.points_lo == 9


def _strong(**scores: float) -> dict[str, Any]:
    years = {y: {"revenue": 4000 * 1.4 ** (y - YEAR + 2), "rd_expense": 400,
                 "rd_expense_domestic": 400, "total_assets": 1000 * 1.4 ** (y - YEAR + 2),
                 "total_liabilities": 0, "conversions": 5, "tech_staff": 20, "employees": 100,
                 "high_tech_revenue": 4000 * 1.4 ** (y - YEAR + 2),
                 "total_income": 4000 * 1.4 ** (y - YEAR + 2), "non_taxable_income": 0}
             for y in (YEAR - 2, YEAR - 1, YEAR)}  # fmt: skip
    return {"years": years, "registered_on": "2015-01-01", "declarations": ALL_TRUE,
            "ip": [{"kind": "invention"}], "expert_scores": scores}  # fmt: skip


def test_expert_items_make_the_score_a_range_and_seventy_is_not_enough() -> None:
    """32号 第十一条(七): 创新能力评价应达到70分以上（不含70分）; expert items are not guessed."""
    open_ = assess(firm(**_strong()), "miit-2026", as_of=dt.date(2026, 5, 1)).tier("high_tech")
    assert open_.status == "manual_review" and open_.score is not None
    assert open_.score.points_lo < 70 < open_.score.points_hi
    # ip: 8 + 0 + 7..8 + 1..6 = 16..22 → scores fixed to make lo exactly 70
    fixed = _strong(advancement=8, core_support=8, rd_management=20)
    result = assess(firm(**fixed), "miit-2026", as_of=dt.date(2026, 5, 1)).tier("high_tech")
    assert result.score is not None
    # ip 8+8+7+1 = 24, conversions 25, organisation 20, growth 9+9 = 18 → lo 87
    assert result.score.points_lo == 87 and result.status == "eligible"


@pytest.mark.parametrize(("points", "passes_mark"), [(70, False), (70.5, True), (71, True)])
def test_pass_mark_excludes_seventy(points: float, passes_mark: bool) -> None:
    """32号 第十一条(七): 70分以上（不含70分）."""
    assert passes(points, PassMark(min=70, exclusive=True)) is passes_mark


def test_a_score_whose_floor_is_seventy_is_not_yet_eligible() -> None:
    """32号: lo = 70 fails the mark; with ranges above it the decision goes to the experts."""
    fixed = _strong(advancement=8, core_support=8, rd_management=3)
    result = assess(firm(**fixed), "miit-2026", as_of=dt.date(2026, 5, 1)).tier("high_tech")
    assert result.score is not None and result.score.points_lo == 70
    assert result.status == "manual_review"

"""专精特新"小巨人": 63号 附件3 (2022, [MEM] thresholds) and 2号文 附件2 (2026).

The 2026 standard has seven indicators that must all hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome

P22 = "little-giant-2022"
P26 = "little-giant-2026"
DAY = dt.date(2026, 5, 1)


def _years(revenue: float, rd_ratio: float, **extra: float) -> dict[int, dict[str, float]]:
    return {
        YEAR - 1: {"revenue": revenue, "rd_expense": revenue * rd_ratio / 100},
        YEAR: {"revenue": revenue, "rd_expense": revenue * rd_ratio / 100, **extra},
    }


@pytest.mark.parametrize(
    ("revenue", "ratio", "expected"),
    [
        (10000, 3.0, Outcome.PASS),
        (10000, 2.99, Outcome.FAIL),
        (9999, 5.99, Outcome.FAIL),
        (5000, 6.0, Outcome.PASS),
    ],
)
def test_2022_rd_threshold_follows_the_revenue_band(
    revenue: float, ratio: float, expected: Outcome
) -> None:
    """63号 附件3 新: 营收≥1亿 → 近2年研发占比均≥3%; 5000万–1亿 → ≥6% [MEM]."""
    profile = firm(_years(revenue, ratio), rd_institutions=[{"level": "below"}],
                   ip=[{"kind": "invention", "applied": True}] * 2)  # fmt: skip
    got = check(P22, "innovation", profile)
    assert got.outcome == expected


def test_2022_small_firm_needs_equity_rd_total_and_staff() -> None:
    """63号 附件3 新: 营收<5000万 → 近2年股权融资≥8000万, 研发费用总额≥3000万, 研发人员≥50%."""
    years = {YEAR - 1: {"revenue": 4000, "rd_expense": 1500, "equity_financing": 4000},
             YEAR: {"revenue": 4000, "rd_expense": 1500, "equity_financing": 4000,
                    "rd_staff": 50, "employees": 100}}  # fmt: skip
    fields: dict[str, Any] = {"rd_institutions": [{"level": "below", "joint": True}],
                              "ip": [{"kind": "invention", "applied": True}] * 2}  # fmt: skip
    assert check(P22, "innovation", firm(years, **fields)).outcome == Outcome.PASS
    years[YEAR]["rd_staff"] = 49
    assert check(P22, "innovation", firm(years, **fields)).outcome == Outcome.FAIL


@pytest.mark.parametrize(
    "fields",
    [
        {"awards": [{"level": "national", "year": YEAR - 2, "rank": 3}]},
        {"awards": [{"kind": "makers_china", "level": "national", "year": YEAR, "top": 50}]},
    ],
)
def test_2022_direct_innovation_conditions(fields: dict[str, Any]) -> None:
    """63号 附件3 新 直通: 近三年国家级科技奖前三, or 创客中国全国50强 [MEM]."""
    assert check(P22, "innovation", firm(_years(100, 0), **fields)).outcome == Outcome.PASS
    top500 = {"awards": [{"kind": "makers_china", "level": "national", "year": YEAR, "top": 500}]}
    assert check(P22, "innovation", firm(_years(100, 0), **top500)).outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("since", "category", "expected"),
    [(YEAR - 2, "other", Outcome.PASS), (YEAR - 2, "key_chain", Outcome.PASS),
     (YEAR - 1, "key_chain", Outcome.FAIL), (YEAR - 1, "other", Outcome.FAIL)],
    ids=["3y-other", "3y-key-chain", "2y-key-chain", "2y-other"],
)  # fmt: skip
def test_2022_niche_needs_three_years_with_no_key_field_exception(
    since: int, category: str, expected: Outcome
) -> None:
    """63号 附件3 二、（一）专业化指标: 截至上年末从事特定细分市场时间达到3年以上. The 2-year
    exception for 补短板/填空白 firms the pack used to allow has no source (DOMAIN.md §1.7), so a
    key-field firm with 2 years fails like any other."""
    profile = firm(niche_since=since, field_category=category)
    got = check(P22, "niche", profile)
    assert got.outcome == expected
    assert got.threshold == "≥ 3年" and "附件3" in got.source


@pytest.mark.parametrize(
    ("check_id", "years", "fields", "expected"),
    [
        ("main_share", {YEAR: {"revenue": 100, "main_revenue": 70}}, {}, Outcome.PASS),
        ("main_share", {YEAR: {"revenue": 100, "main_revenue": 69.99}}, {}, Outcome.FAIL),
        ("debt_ratio", {YEAR: {"total_assets": 100, "total_liabilities": 70}}, {}, Outcome.PASS),
        ("debt_ratio", {YEAR: {"total_assets": 100, "total_liabilities": 70.01}}, {},
         Outcome.FAIL),
        ("market_share", {}, {"market_share": 10}, Outcome.PASS),
        ("market_share", {}, {"market_share": 9.99}, Outcome.FAIL),
        ("main_growth", {YEAR - 2: {"main_revenue": 100}, YEAR - 1: {"main_revenue": 105},
                         YEAR: {"main_revenue": 110.25}}, {}, Outcome.PASS),
        ("main_growth", {YEAR - 2: {"main_revenue": 100}, YEAR - 1: {"main_revenue": 105},
                         YEAR: {"main_revenue": 110}}, {}, Outcome.FAIL),
    ],
)  # fmt: skip
def test_2022_thresholds(
    check_id: str, years: dict[int, dict[str, float]], fields: dict[str, Any], expected: Outcome
) -> None:
    """63号 附件3: 主营占比≥70% (confirmed); 资产负债率≤70%, 市场占有率≥10%,
    近2年主营平均增长≥5% [MEM]."""
    assert check(P22, check_id, firm(years, **fields)).outcome == expected


def _giant(**changes: Any) -> dict[str, Any]:
    years = {
        YEAR - 2: {"revenue": 5000 / 1.05**2},
        YEAR - 1: {"revenue": 5000, "rd_expense": 600},
        YEAR: {"revenue": 5000, "main_revenue": 4500, "rd_expense": 600, "total_assets": 1000,
               "total_liabilities": 750},
        2026: {"platform_score": 60},
    }  # fmt: skip
    data: dict[str, Any] = {
        "years": years, "niche_since": YEAR - 2, "titles": [{"kind": "specialised_sme"}],
        "ip": [{"kind": "invention", "applied": True, "holder_rank": 3}] * 4,
        "market_share": 10, "declarations": ALL_TRUE,
    }  # fmt: skip
    data.update(changes)
    return data


def test_2026_firm_on_every_edge_is_eligible() -> None:
    """2号文 附件2: 5000万元, 90%, CAGR 5%, debt 75%, R&D 1200万元 and 3%/year, 4 Ⅰ类, share 10%,
    score 60 — all at the boundary, all included."""
    result = assess(firm(**_giant()), "miit-2026", as_of=DAY).tier("little_giant")
    assert result.status == "eligible", [c for c in result.basic if c.outcome != "pass"]


@pytest.mark.parametrize(
    ("check_id", "changes"),
    [
        ("prerequisite", {"titles": [{"kind": "innovative_sme"}]}),
        ("not_champion", {"titles": [{"kind": "specialised_sme"}, {"kind": "single_champion"}]}),
        ("niche", {"niche_since": YEAR - 1}),
        ("ip", {"ip": [{"kind": "invention", "applied": True, "holder_rank": 3}] * 3}),
        ("ip", {"ip": [{"kind": "invention", "applied": True, "holder_rank": 4}] * 4}),
        ("ip", {"ip": [{"kind": "invention", "applied": True, "holder_rank": 1,
                        "ownership": "transferred"}] * 4}),
        ("market", {"market_share": 9.99, "market_rank": 4}),
    ],
)  # fmt: skip
def test_2026_conditions_fail_just_past_their_edges(check_id: str, changes: dict[str, Any]) -> None:
    """2号文 附件2: 专精特新 prerequisite, no 单项冠军 (117号), 3 years, ≥4 own Ⅰ类 with the firm in
    the top 3 of right holders (transfers excluded), share ≥10% or 国内前三."""
    assert check(P26, check_id, firm(**_giant(**changes))).outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("year", "field", "value"),
    [(YEAR, "revenue", 4999.99), (YEAR, "main_revenue", 4499.9),
     (YEAR, "total_liabilities", 750.1), (YEAR - 1, "rd_expense", 599.9),
     (2026, "platform_score", 59.9)],
)  # fmt: skip
def test_2026_numeric_thresholds_fail_just_past_their_edges(
    year: int, field: str, value: float
) -> None:
    """2号文 附件2: 营收≥5000万元, 主营≥90%, 负债率≤75%, 近两年研发合计≥1200万元, 评价得分≥60."""
    data = _giant()
    data["years"][year][field] = value
    result = assess(firm(**data), "miit-2026", as_of=DAY).tier("little_giant")
    assert result.status == "not_eligible"


def test_2026_growth_is_not_checked_on_review_and_a_national_award_waives_ip() -> None:
    """2号文 附件2: 复核不考察营收复合增长率; 近三年国家级科技奖前三 replaces the 4 Ⅰ类 IP."""
    data = _giant(ip=[], awards=[{"level": "national", "year": YEAR, "rank": 2}])
    data["years"][YEAR - 2]["revenue"] = 6000
    assert check(P26, "revenue_cagr", firm(**data)).outcome == Outcome.FAIL
    # Not checked on review: shown as not evaluated (未评估), never as met.
    assert check(P26, "revenue_cagr", firm(**data), mode="review").outcome == Outcome.NOT_EVALUATED
    assert check(P26, "ip", firm(**data)).outcome == Outcome.PASS

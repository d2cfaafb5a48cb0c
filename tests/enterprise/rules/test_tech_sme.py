"""科技型中小企业: 国科发政〔2017〕115号《科技型中小企业评价办法》, band edges and 第八条 直通."""

from __future__ import annotations

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm, indicator, share
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome

PACK = "tech-sme-2017"


@pytest.mark.parametrize(
    ("ratio", "points"),
    [(30, 20), (29.99, 16), (25, 16), (24.99, 12), (20, 12), (19.99, 8), (15, 8), (14.99, 4),
     (10, 4), (9.99, 0)],
)  # fmt: skip
def test_tech_staff_share_band_edges(ratio: float, points: int) -> None:
    """115号 附件 科技人员指标: ≥30%→20, 25–30→16, 20–25→12, 15–20→8, 10–15→4, <10→0."""
    profile = firm(share(ratio, "tech_staff", "employees", base=10000))
    assert indicator(PACK, "tech_staff", profile).points_lo == points


@pytest.mark.parametrize(
    ("ratio", "points"),
    [(6, 50), (5.99, 40), (5, 40), (4.99, 30), (4, 30), (3.99, 20), (3, 20), (2.99, 10), (2, 10),
     (1.99, 0)],
)  # fmt: skip
def test_rd_to_sales_band_edges(ratio: float, points: int) -> None:
    """115号 研发投入指标 A 口径: 研发费用/销售收入 ≥6%→50 … 2–3%→10, <2%→0."""
    profile = firm(share(ratio, "rd_expense", "revenue"), rd_ratio_basis="revenue")
    got = indicator(PACK, "rd", profile)
    assert got.points_lo == points and got.choice == "revenue (revenue)"


@pytest.mark.parametrize(
    ("ratio", "points"),
    [(30, 50), (29.99, 40), (25, 40), (20, 30), (15, 20), (10, 10), (9.99, 0)],
)
def test_rd_to_cost_band_edges(ratio: float, points: int) -> None:
    """115号 研发投入指标 B 口径: 研发费用/成本费用支出 ≥30%→50 … 10–15%→10, <10%→0."""
    profile = firm(share(ratio, "rd_expense", "cost_total"), rd_ratio_basis="cost")
    assert indicator(PACK, "rd", profile).points_lo == points


def test_rd_ratio_choice_is_an_input_and_higher_takes_the_better_ratio() -> None:
    """DOMAIN.md §1.4 conflict: 择高 vs the applicant's choice; the profile decides."""
    years = {YEAR: {"revenue": 10000, "rd_expense": 300, "cost_total": 1000}}  # 3% / 30%
    assert indicator(PACK, "rd", firm(years, rd_ratio_basis="revenue")).points_lo == 20
    assert indicator(PACK, "rd", firm(years, rd_ratio_basis="cost")).points_lo == 50
    higher = indicator(PACK, "rd", firm(years))
    assert higher.points_lo == 50 and higher.choice == "cost (higher)"


@pytest.mark.parametrize(
    ("ip", "points"),
    [
        ([{"kind": "invention", "ownership": "transferred"}], 30),
        ([{"kind": "software"}] * 5, 24),
        ([{"kind": "software"}] * 4, 24),
        ([{"kind": "software"}] * 3, 18),
        ([{"kind": "design"}] * 2, 12),
        ([{"kind": "utility_model"}], 6),
        ([], 0),
    ],
)
def test_ip_bands(ip: list[dict[str, object]], points: int) -> None:
    """115号 科技成果指标: Ⅰ类≥1→30; Ⅱ类≥4→24, 3→18, 2→12, 1→6; 无→0."""
    assert indicator(PACK, "ip", firm(ip=ip)).points_lo == points


def _base(**fields: object) -> dict[str, object]:
    years = {YEAR: {"employees": 500, "revenue": 20000, "total_assets": 20000,
                    "tech_staff": 50, "rd_expense": 1200, "cost_total": 19000}}  # fmt: skip
    return {"years": years, "declarations": ALL_TRUE, **fields}


def test_size_limits_include_the_boundary() -> None:
    """115号 第六条(二): 职工≤500人, 年销售收入≤2亿元, 资产总额≤2亿元 (不超过 includes it)."""
    profile = firm(**_base(ip=[{"kind": "invention"}]))  # 10% staff 4 + 6% 50 + 30 = 84
    tier = assess(profile, "miit-2026", as_of=__import__("datetime").date(2026, 5, 1))
    assert tier.tier("tech_sme").status == "eligible"
    over = _base()
    over["years"] = {YEAR: {**over["years"][YEAR], "employees": 501}}  # type: ignore[index]
    assert check(PACK, "employees", firm(**over)).outcome == Outcome.FAIL


def test_zero_tech_staff_score_fails_even_above_sixty() -> None:
    """115号 第七条: ≥60 points **and** 科技人员指标得分不得为0."""
    data = _base(ip=[{"kind": "invention"}])
    data["years"] = {YEAR: {**data["years"][YEAR], "tech_staff": 49}}  # type: ignore[index]
    tier = assess(firm(**data), "miit-2026", as_of=__import__("datetime").date(2026, 5, 1))
    result = tier.tier("tech_sme")
    assert result.score is not None and result.score.points_lo == 80
    assert result.status == "not_eligible"


@pytest.mark.parametrize(
    ("check_id", "fields", "expected"),
    [
        ("high_tech", {"titles": [{"kind": "high_tech"}]}, Outcome.PASS),
        ("award", {"awards": [{"level": "national", "year": YEAR - 4, "rank": 3}]}, Outcome.PASS),
        ("award", {"awards": [{"level": "national", "year": YEAR - 5, "rank": 1}]}, Outcome.FAIL),
        ("award", {"awards": [{"level": "national", "year": YEAR, "rank": 4}]}, Outcome.FAIL),
        ("award", {"awards": [{"level": "provincial", "year": YEAR, "rank": 1}]}, Outcome.FAIL),
        ("institution", {"rd_institutions": [{"level": "provincial"}]}, Outcome.PASS),
        ("institution", {"rd_institutions": [{"level": "municipal"}]}, Outcome.FAIL),
        ("standard", {"standards": [{"level": "industry", "year": YEAR - 4}]}, Outcome.PASS),
        ("standard", {"standards": [{"level": "group", "year": YEAR}]}, Outcome.FAIL),
        ("standard", {"standards": [{"level": "national", "year": YEAR, "lead": False}]},
         Outcome.FAIL),
    ],
)  # fmt: skip
def test_direct_conditions_of_article_eight(
    check_id: str, fields: dict[str, object], expected: Outcome
) -> None:
    """115号 第八条: 高企证书; 近五年国家级科技奖前三; 省部级以上研发机构;
    近五年主导制定国际/国家/行业标准."""
    assert check(PACK, check_id, firm(**fields)).outcome == expected

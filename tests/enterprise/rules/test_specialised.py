"""专精特新中小企业: 工信部企业〔2022〕63号 附件2 (13 indicators, 直通) and 〔2026〕2号.

Under 2号文 every condition must hold.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm, indicator, share
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome

P22 = "specialised-2022"
P26 = "specialised-2026"


@pytest.mark.parametrize(
    ("ind", "num", "den", "value", "points"),
    [
        ("main_share", "main_revenue", "revenue", 80, 5),
        ("main_share", "main_revenue", "revenue", 79.99, 3),
        ("main_share", "main_revenue", "revenue", 70, 3),
        ("main_share", "main_revenue", "revenue", 60, 1),
        ("main_share", "main_revenue", "revenue", 59.99, 0),
        ("net_margin", "net_profit", "revenue", 10, 10),
        ("net_margin", "net_profit", "revenue", 9.99, 8),
        ("net_margin", "net_profit", "revenue", 8, 8),
        ("net_margin", "net_profit", "revenue", 6, 6),
        ("net_margin", "net_profit", "revenue", 4, 4),
        ("net_margin", "net_profit", "revenue", 2, 2),
        ("net_margin", "net_profit", "revenue", 1.99, 0),
        ("debt_ratio", "total_liabilities", "total_assets", 50, 5),
        ("debt_ratio", "total_liabilities", "total_assets", 50.01, 3),
        ("debt_ratio", "total_liabilities", "total_assets", 60, 3),
        ("debt_ratio", "total_liabilities", "total_assets", 70, 1),
        ("debt_ratio", "total_liabilities", "total_assets", 70.01, 0),
        ("rd_staff", "rd_staff", "employees", 20, 5),
        ("rd_staff", "rd_staff", "employees", 19.99, 3),
        ("rd_staff", "rd_staff", "employees", 10, 3),
        ("rd_staff", "rd_staff", "employees", 5, 1),
        ("rd_staff", "rd_staff", "employees", 4.99, 0),
    ],
)
def test_2022_ratio_band_edges(ind: str, num: str, den: str, value: float, points: int) -> None:
    """63号 附件2 indicators 1, 7, 8, 12: boundaries belong to the better band (以上/以下)."""
    assert indicator(P22, ind, firm(share(value, num, den))).points_lo == points


@pytest.mark.parametrize(
    ("growth", "points"),
    [(10, 10), (9.99, 8), (8, 8), (6, 6), (4, 4), (3.99, 2), (0, 2), (-0.01, 0)],
)
def test_2022_two_year_average_growth_band_edges(growth: float, points: int) -> None:
    """63号 附件2 indicator 2: 近2年主营业务收入平均增长率 (mean of the two yearly rates)."""
    years = {YEAR - 2: {"main_revenue": 10000}, YEAR - 1: {"main_revenue": 10000},
             YEAR: {"main_revenue": 10000 * (1 + 2 * growth / 100)}}  # fmt: skip
    assert indicator(P22, "main_growth", firm(years)).points_lo == points


@pytest.mark.parametrize(("since", "points"), [(YEAR - 9, 5), (YEAR - 8, 4), (YEAR - 1, 1),
                                               (YEAR, 0)])  # fmt: skip
def test_2022_niche_years_one_point_per_two_full_years(since: int, points: int) -> None:
    """63号 附件2 indicator 3: 每满2年得1分，最高5分 (years counted with the start year)."""
    assert indicator(P22, "niche_years", firm(niche_since=since)).points_lo == points


@pytest.mark.parametrize(
    ("fields", "ind", "points"),
    [
        ({"field_category": "key_chain"}, "field", 5),
        ({"field_category": "six_basics"}, "field", 3),
        ({"field_category": "other"}, "field", 0),
        ({"digital_level": 3}, "digital", 5),
        ({"digital_level": 2}, "digital", 3),
        ({"digital_level": 1}, "digital", 0),
        ({"declarations": {"iso9001": True, "own_brand": True}}, "quality", 5),
        ({"declarations": {"iso9001": True, "own_brand": False}}, "quality", 3),
        ({"declarations": {"iso9001": False, "own_brand": False}}, "quality", 0),
        ({"rd_institutions": [{"level": "national"}]}, "institution", 10),
        ({"rd_institutions": [{"level": "provincial"}]}, "institution", 8),
        ({"rd_institutions": [{"level": "municipal"}]}, "institution", 4),
        ({"rd_institutions": [{"level": "below"}]}, "institution", 2),
        ({}, "institution", 0),
        ({"ip": [{"kind": "invention", "high_value": True}]}, "ip", 10),
        ({"ip": [{"kind": "invention"}]}, "ip", 8),
        ({"ip": [{"kind": "invention", "ownership": "transferred"}]}, "ip", 6),
        ({"ip": [{"kind": "software"}]}, "ip", 2),
        ({"local_feature_points": 12}, "local_feature", 12),
    ],
)
def test_2022_categorical_indicators(fields: dict[str, object], ind: str, points: int) -> None:
    """63号 附件2 indicators 4, 5, 6 (+3 each, max 5), 9 (province), 10, 13."""
    assert indicator(P22, ind, firm(**fields)).points_lo == points


def test_2022_local_feature_points_unknown_is_manual_review() -> None:
    """63号 附件2 indicator 9 is set by each province: unknown points are never guessed."""
    got = indicator(P22, "local_feature", firm())
    assert got.outcome == Outcome.MANUAL and (got.points_lo, got.points_hi) == (0, 15)


@pytest.mark.parametrize(
    ("rd", "points"),
    [(500, 10), (499.99, 8), (400, 8), (300, 6), (200, 4), (100, 2), (99.99, 0)],
)
def test_2022_rd_amount_bands_when_the_ratio_is_low(rd: float, points: int) -> None:
    """63号 附件2 indicator 11: ≥500万元 or ≥10% → 10 … (the better of amount and ratio)."""
    years = {YEAR: {"revenue": 1_000_000, "rd_expense": rd}}  # ratio < 0.1%
    assert indicator(P22, "rd", firm(years)).points_lo == points


@pytest.mark.parametrize(("ratio", "points"), [(10, 10), (8, 8), (6, 6), (4, 4), (3, 2), (2.99, 0)])
def test_2022_rd_ratio_bands_when_the_amount_is_low(ratio: float, points: int) -> None:
    """63号 附件2 indicator 11: ratio bands 10/8/6/4/3% when the amount scores less."""
    years = {YEAR: {"revenue": 500, "rd_expense": ratio * 5}}  # under 100万元
    assert indicator(P22, "rd", firm(years)).points_lo == points


@pytest.mark.parametrize(
    ("check_id", "years", "fields", "expected"),
    [
        ("niche", {}, {"niche_since": YEAR - 1}, Outcome.PASS),
        ("niche", {}, {"niche_since": YEAR}, Outcome.FAIL),
        ("rd", {YEAR: {"revenue": 3000, "rd_expense": 100}}, {}, Outcome.PASS),
        ("rd", {YEAR: {"revenue": 3000, "rd_expense": 99.99}}, {}, Outcome.FAIL),
        ("rd", {YEAR: {"revenue": 4000, "rd_expense": 100}}, {}, Outcome.FAIL),
        ("scale", {YEAR: {"revenue": 1000}}, {}, Outcome.PASS),
        ("scale", {YEAR - 1: {"equity_financing": 1000},
                   YEAR: {"revenue": 999, "equity_financing": 1000}}, {}, Outcome.PASS),
        ("scale", {YEAR - 1: {"equity_financing": 999},
                   YEAR: {"revenue": 999, "equity_financing": 1000}}, {}, Outcome.FAIL),
    ],
)  # fmt: skip
def test_2022_basic_conditions(
    check_id: str, years: dict[int, dict[str, float]], fields: dict[str, object], expected: Outcome
) -> None:
    """63号 附件2 一: 细分市场2年以上; 研发费用≥100万元且≥3%;
    营收≥1000万元 or 近2年股权融资≥2000万元."""
    assert check(P22, check_id, firm(years, **fields)).outcome == expected


@pytest.mark.parametrize(
    ("check_id", "years", "fields", "expected"),
    [
        ("provincial_award", {}, {"awards": [{"level": "provincial", "year": YEAR, "rank": 3}]},
         Outcome.PASS),
        ("provincial_award", {}, {"awards": [{"level": "provincial", "year": YEAR, "rank": 4}]},
         Outcome.FAIL),
        ("national_award", {}, {"awards": [{"level": "national", "year": YEAR - 2, "rank": 5}]},
         Outcome.PASS),
        ("national_award", {}, {"awards": [{"level": "national", "year": YEAR, "rank": 6}]},
         Outcome.FAIL),
        ("rd_mean", {YEAR - 1: {"rd_expense": 900}, YEAR: {"rd_expense": 1100}}, {}, Outcome.PASS),
        ("rd_mean", {YEAR - 1: {"rd_expense": 900}, YEAR: {"rd_expense": 1099}}, {}, Outcome.FAIL),
        ("equity", {YEAR - 1: {"equity_financing": 3000}, YEAR: {"equity_financing": 3000}}, {},
         Outcome.PASS),
        ("equity", {YEAR - 1: {"equity_financing": 2999}, YEAR: {"equity_financing": 3000}}, {},
         Outcome.FAIL),
        ("makers_china", {}, {"awards": [{"kind": "makers_china", "level": "national",
                                          "year": YEAR - 2, "top": 500}]}, Outcome.PASS),
        ("makers_china", {}, {"awards": [{"kind": "makers_china", "level": "national",
                                          "year": YEAR - 3, "top": 500}]}, Outcome.FAIL),
    ],
)  # fmt: skip
def test_2022_direct_conditions(
    check_id: str, years: dict[int, dict[str, float]], fields: dict[str, object], expected: Outcome
) -> None:
    """63号 附件2 直通: 省级科技奖前三/国家级前五 (近三年); 近两年研发费用均值≥1000万元;
    近两年股权融资≥6000万元; 近三年创客中国全国500强 (DOMAIN.md §1.5, partly [MEM])."""
    assert check(P22, check_id, firm(years, **fields)).outcome == expected


def test_2022_province_can_raise_the_pass_mark() -> None:
    """DOMAIN.md §1.5 conflict: national 60, provinces may be stricter; the override is kept."""
    data = {YEAR: {"revenue": 5000, "rd_expense": 500, "main_revenue": 5000,
                   "net_profit": 500, "total_assets": 100, "total_liabilities": 40,
                   "rd_staff": 20, "employees": 100}}  # fmt: skip
    profile = firm(data, niche_since=YEAR - 9, declarations=ALL_TRUE, field_category="key_chain",
                   digital_level=3, local_feature_points=0,
                   ip=[{"kind": "invention", "high_value": True}],
                   rd_institutions=[{"level": "national"}])  # fmt: skip
    day = dt.date(2026, 3, 1)
    base = assess(profile, "miit-2022", as_of=day, year=YEAR).tier("specialised_sme")
    assert base.score is not None
    strict = assess(profile, "miit-2022", as_of=day, year=YEAR,
                    overrides={P22: {"score.pass.min": base.score.points_lo + 1}})  # fmt: skip
    assert strict.tier("specialised_sme").score.pass_mark == base.score.points_lo + 1  # type: ignore[union-attr]
    assert strict.parameters == {P22: {"score.pass.min": base.score.points_lo + 1}}


def _firm_2026(**changes: object) -> dict[str, object]:
    years = {
        YEAR - 1: {"revenue": 1500, "rd_expense": 100},
        YEAR: {"revenue": 1500, "main_revenue": 1200, "rd_expense": 100, "total_assets": 1000,
               "total_liabilities": 800},
        2026: {"platform_score": 50},
    }  # fmt: skip
    data: dict[str, object] = {
        "years": years, "niche_since": YEAR - 2, "titles": [{"kind": "innovative_sme"}],
        "ip": [{"kind": "invention", "applied": True}],
    }  # fmt: skip
    data.update(changes)
    return data


def test_2026_firm_on_every_edge_needs_only_the_market_judgement() -> None:
    """2号文 专精特新: 3 years, 1500万元, 80%, debt ≤80%, R&D 100万元 and 3% each year, 1 Ⅰ类,
    score ≥50 all met at the boundary; 市场占有率"较为靠前" stays manual_review."""
    tier = assess(firm(**_firm_2026()), "miit-2026", as_of=dt.date(2026, 5, 1))
    result = tier.tier("specialised_sme")
    assert result.status == "manual_review"
    assert [c.id for c in result.basic if c.outcome != Outcome.PASS] == [
        "market",
        "platform_score_review",
    ]
    # the review-only condition is reported as not evaluated on a new application
    assert result.basic[-1].outcome == Outcome.NOT_EVALUATED


@pytest.mark.parametrize(
    ("check_id", "changes"),
    [
        ("prerequisite", {"titles": []}),
        ("niche", {"niche_since": YEAR - 1}),
        ("main_share", {"years": {YEAR: {"revenue": 1500, "main_revenue": 1199.9}}}),
        ("debt_ratio", {"years": {YEAR: {"total_assets": 1000, "total_liabilities": 800.1}}}),
        (
            "scale",
            {
                "years": {
                    YEAR - 1: {"equity_financing": 1000},
                    YEAR: {"revenue": 1499, "equity_financing": 999},
                }
            },
        ),
        ("rd", {"years": {YEAR - 1: {"revenue": 1500, "rd_expense": 44.9}}}),
        ("ip", {"ip": [{"kind": "invention", "applied": False}]}),
        ("platform_score", {"years": {2026: {"platform_score": 49.9}}}),
    ],
)
def test_2026_each_condition_fails_just_past_its_edge(
    check_id: str, changes: dict[str, object]
) -> None:
    """2号文 专精特新 conditions 1–5 and 7, one at a time just past the threshold."""
    data = _firm_2026()
    years = {y: dict(v) for y, v in data["years"].items()}  # type: ignore[attr-defined]
    for year, values in changes.pop("years", {}).items():  # type: ignore[attr-defined]
        years[year].update(values)
    data.update(changes, years=years)
    assert check(P26, check_id, firm(**data)).outcome == Outcome.FAIL


def test_2026_ip_requirement_waived_by_a_provincial_institution() -> None:
    """2号文: Ⅰ类知识产权 not needed with 省部级以上研发机构 or 近三年省部级以上科技奖前三."""
    data = _firm_2026(ip=[], rd_institutions=[{"level": "provincial"}])
    assert check(P26, "ip", firm(**data)).outcome == Outcome.PASS
    data = _firm_2026(ip=[], awards=[{"level": "provincial", "year": YEAR - 2, "rank": 3}])
    assert check(P26, "ip", firm(**data)).outcome == Outcome.PASS


def test_2026_missing_platform_score_is_manual_review_and_review_takes_either_year() -> None:
    """2号文: 发展评价得分 is computed by the MIIT platform (75号); on review either of the last
    two years ≥50 suffices."""
    data = _firm_2026()
    data["years"] = {y: v for y, v in data["years"].items() if y != 2026}  # type: ignore[attr-defined]
    assert check(P26, "platform_score", firm(**data)).outcome == Outcome.MANUAL
    data["years"][2025]["platform_score"] = 55  # type: ignore[index]
    review = check(P26, "platform_score_review", firm(**data), mode="review")
    assert review.outcome == Outcome.PASS
    assert (
        check(P26, "platform_score", firm(**data), mode="review").detail == "not checked on review"
    )

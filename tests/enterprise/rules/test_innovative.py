"""创新型中小企业: 工信部企业〔2022〕63号 附件1, every band edge and every 直通 condition.

Band edges go to the higher band (以上/以下 include the boundary, DOMAIN.md §0.2 and §1.3).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm, indicator, share
from xinzhi.enterprise import assess
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.rules.logic import Outcome

PACK = "innovative-2022"


@pytest.mark.parametrize(
    ("ratio", "points"),
    [(5.0, 20), (4.99, 15), (3.0, 15), (2.99, 10), (2.0, 10), (1.99, 5), (1.0, 5), (0.99, 0)],
)
def test_rd_ratio_band_edges_go_to_the_higher_band(ratio: float, points: int) -> None:
    """63号 附件1 indicator 2: 研发费用占营业收入 ≥5%→20, 3–5%→15, 2–3%→10, 1–2%→5, <1%→0."""
    got = indicator(PACK, "rd_ratio", firm(share(ratio, "rd_expense", "revenue")))
    assert got.points_lo == got.points_hi == points


@pytest.mark.parametrize(
    ("growth", "points"),
    [(15.0, 20), (14.99, 15), (10.0, 15), (9.99, 10), (5.0, 10), (4.99, 5), (0.0, 5), (-0.01, 0)],
)
def test_main_revenue_growth_band_edges(growth: float, points: int) -> None:
    """63号 附件1 indicator 3: 主营业务收入增长率 ≥15%→20 … 0–5%→5, <0→0."""
    years = {YEAR - 1: {"main_revenue": 10000}, YEAR: {"main_revenue": 10000 + growth * 100}}
    assert indicator(PACK, "main_growth", firm(years)).points_lo == points


@pytest.mark.parametrize(("debt", "points"), [(55.0, 10), (55.01, 5), (75.0, 5), (75.01, 0)])
def test_debt_ratio_band_edges(debt: float, points: int) -> None:
    """63号 附件1 indicator 4: 资产负债率 ≤55%→10, 55–75%→5, >75%→0."""
    profile = firm(share(debt, "total_liabilities", "total_assets"))
    assert indicator(PACK, "debt_ratio", profile).points_lo == points


@pytest.mark.parametrize(
    ("main", "points"),
    [(70.0, 20), (69.99, 15), (60.0, 15), (59.99, 10), (55.0, 10), (54.99, 5), (50.0, 5),
     (49.99, 0)],
)  # fmt: skip
def test_main_business_share_band_edges(main: float, points: int) -> None:
    """63号 附件1 indicator 6: 主营业务收入占比 ≥70%→20, 60–70→15, 55–60→10, 50–55→5, <50→0."""
    profile = firm(share(main, "main_revenue", "revenue"))
    assert indicator(PACK, "main_share", profile).points_lo == points


@pytest.mark.parametrize(("flag", "points"), [(True, 10), (False, 5)])
def test_strategic_emerging_field(flag: bool, points: int) -> None:
    """63号 附件1 indicator 5: 属于《战略性新兴产业分类》→10, 其他→5."""
    assert indicator(PACK, "field", firm(strategic_emerging=flag)).points_lo == points


@pytest.mark.parametrize(
    ("ip", "points"),
    [
        ([{"kind": "invention", "high_value": True}], 20),
        ([{"kind": "invention"}], 15),
        ([{"kind": "invention", "ownership": "transferred", "acquired_on": "2024-01-01"}], 10),
        ([{"kind": "software"}], 5),
        ([{"kind": "utility_model", "granted_on": "2023-01-01"}], 5),
        ([{"kind": "utility_model", "granted_on": "2025-01-01"}], 0),
        ([{"kind": "invention", "ownership": "transferred", "acquired_on": "2026-01-01"}], 0),
        ([], 0),
    ],
)
def test_ip_bands_count_only_qualifying_items(ip: list[dict[str, object]], points: int) -> None:
    """63号 附件1 indicator 1 (A 20 … E 0): utility models and designs count only when
    maintained over 2 years; IP transferred in under a year before the application does not."""
    assert indicator(PACK, "ip", firm(ip=ip)).points_lo == points


DAY = dt.date(2026, 5, 1)


def _scoring_firm(
    rd: float, growth: float, main_share: float, **fields: object
) -> EnterpriseProfile:
    """Revenue 10000 万元, debt ratio 50%, no equity financing; other figures as given."""
    main = main_share * 100
    years = {
        YEAR - 2: {"equity_financing": 0},
        YEAR - 1: {"main_revenue": main / (1 + growth / 100), "equity_financing": 0},
        YEAR: {"revenue": 10000, "main_revenue": main, "rd_expense": rd * 100,
               "total_assets": 10000, "total_liabilities": 5000, "equity_financing": 0},
    }  # fmt: skip
    return firm(years, declarations=ALL_TRUE, strategic_emerging=True, **fields)


def test_exactly_sixty_with_group_minimums_on_their_edges_passes() -> None:
    """63号 附件1: ≥60 points with 创新能力≥20, 成长性≥15, 专业化≥15, each boundary included.
    IP Ⅱ类 5 + R&D 3% 15 = 20; growth 0% 5 + debt 50% 10 = 15; field 10 + share 60% 15 = 25."""
    profile = _scoring_firm(rd=3.0, growth=0.0, main_share=60.0, ip=[{"kind": "software"}])
    tier = assess(profile, "miit-2022", as_of=DAY).tier("innovative_sme")
    assert tier.score is not None
    assert [g.points_lo for g in tier.score.groups] == [20, 15, 25]
    assert tier.score.points_lo == 60
    assert tier.status == "eligible" and tier.route == "score"


def test_total_above_sixty_fails_when_a_group_is_short() -> None:
    """63号 附件1: the group minimums hold apart from the total (创新能力 15 < 20 fails)."""
    profile = _scoring_firm(rd=2.0, growth=20.0, main_share=80.0, ip=[{"kind": "software"}])
    tier = assess(profile, "miit-2022", as_of=DAY).tier("innovative_sme")
    assert tier.score is not None and tier.score.points_lo == 5 + 10 + 20 + 10 + 10 + 20
    assert tier.status == "not_eligible"
    assert tier.gap is not None and any("创新能力" in line for line in tier.gap.failing)
    assert [m.indicator for m in tier.gap.moves] == ["rd_ratio"]
    assert tier.gap.moves[0].label.endswith("2.00% → 3%: +5")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"awards": [{"level": "provincial", "year": YEAR - 2}]}, Outcome.PASS),
        ({"awards": [{"level": "national", "year": YEAR}]}, Outcome.PASS),
        ({"awards": [{"level": "provincial", "year": YEAR - 3}]}, Outcome.FAIL),
        ({"awards": [{"level": "municipal", "year": YEAR}]}, Outcome.FAIL),
    ],
)
def test_direct_award_within_three_years(fields: dict[str, object], expected: Outcome) -> None:
    """63号 附件1 直通(1): 近三年内获得过国家级、省级科技奖励."""
    assert check(PACK, "award", firm(**fields)).outcome == expected


@pytest.mark.parametrize("kind", ["high_tech", "innovation_demo", "ip_advantage", "ip_demo"])
def test_direct_valid_titles(kind: str) -> None:
    """63号 附件1 直通(2): 高新技术企业、国家级技术创新示范企业、
    知识产权优势/示范企业 (有效期内)."""
    valid = firm(titles=[{"kind": kind, "issued_on": "2024-01-01", "expires_on": "2026-12-31"}])
    expired = firm(titles=[{"kind": kind, "issued_on": "2020-01-01", "expires_on": "2023-12-31"}])
    assert check(PACK, "title", valid).outcome == Outcome.PASS
    assert check(PACK, "title", expired).outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("level", "expected"),
    [("national", Outcome.PASS), ("provincial", Outcome.PASS), ("municipal", Outcome.FAIL)],
)
def test_direct_provincial_rd_institution(level: str, expected: Outcome) -> None:
    """63号 附件1 直通(3): 拥有经认定的省部级以上研发机构."""
    assert check(PACK, "institution", firm(rd_institutions=[{"level": level}])).outcome == expected


@pytest.mark.parametrize(("total", "expected"), [(500, Outcome.PASS), (499.99, Outcome.FAIL)])
def test_direct_equity_financing_of_five_million(total: float, expected: Outcome) -> None:
    """63号 附件1 直通(4): 近三年新增股权融资总额（合格机构投资者的实缴额）500万元以上."""
    years = {YEAR - 2: {"equity_financing": 0}, YEAR - 1: {"equity_financing": total / 2},
             YEAR: {"equity_financing": total / 2}}  # fmt: skip
    assert check(PACK, "equity", firm(years)).outcome == expected


def test_direct_condition_qualifies_despite_a_low_score() -> None:
    """63号 附件1: any 直通 condition qualifies without the score."""
    profile = _scoring_firm(rd=0.0, growth=-10.0, main_share=40.0, titles=[{"kind": "high_tech"}])
    tier = assess(profile, "miit-2022", as_of=DAY).tier("innovative_sme")
    assert tier.status == "eligible" and tier.route == "direct"

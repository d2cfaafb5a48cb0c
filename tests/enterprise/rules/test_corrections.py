"""Issue #17 rule-pack corrections, one boundary test each (docs/enterprise.md, corrections).

Each test names the clause it pins; the packs cite the same clause beside the threshold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.enterprise.helpers import ALL_TRUE, YEAR, check, firm, indicator
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome
from xinzhi.enterprise.rules.packs import load_pack

PACKS_63 = ["innovative-2022", "specialised-2022", "little-giant-2022"]
DAY = dt.date(2026, 5, 1)


@pytest.mark.parametrize("pack", PACKS_63)
@pytest.mark.parametrize(
    ("declared", "expected"),
    [(True, Outcome.PASS), (False, Outcome.FAIL), (None, Outcome.MISSING)],
    ids=["none-happened", "event-declared", "not-answered"],
)
def test_63_general_condition_no_incident_in_the_last_three_years(
    pack: str, declared: bool | None, expected: Outcome
) -> None:
    """63号 附件1/2/3 一般条件: 近三年未发生重大安全（含网络安全、数据安全）、质量、环境污染等
    事故以及偷漏税等违法违规行为. Declared event → fail; no answer → missing data."""
    decl = {} if declared is None else {"no_incident_3y": declared}
    got = check(pack, "no_incident", firm(declarations=decl))
    assert got.outcome == expected
    assert "63号" in got.source and "一般条件" in got.source
    if expected == Outcome.MISSING:
        assert got.missing == ["declarations.no_incident_3y"]


def _innovative_direct(**decl: Any) -> dict[str, Any]:
    """Qualifies for 创新型 by 直通 (a national R&D institution) whatever the score."""
    declarations = {k: v for k, v in {**ALL_TRUE, **decl}.items() if v is not None}
    return {"name": "甲", "years": [{"year": YEAR}], "declarations": declarations,
            "rd_institutions": [{"level": "national"}]}  # fmt: skip


@pytest.mark.parametrize(
    ("declared", "status"),
    [(True, "eligible"), (False, "not_eligible"), (None, "missing_data")],
    ids=["none-happened", "event-declared", "not-answered"],
)
def test_an_event_blocks_the_innovative_tier_even_by_the_direct_route(
    declared: bool | None, status: str
) -> None:
    """A 直通 firm that declares an incident is not eligible; one that has not answered is
    missing data, never eligible (63号 附件1)."""
    data = _innovative_direct(no_incident_3y=declared)
    tier = assess(data, "miit-2022", as_of=DAY).tier("innovative_sme")
    assert tier.status == status
    if declared is None:
        assert "declarations.no_incident_3y" in tier.missing_fields


@pytest.mark.parametrize(
    ("declared", "expected"),
    [(True, Outcome.PASS), (False, Outcome.FAIL), (None, Outcome.MISSING)],
    ids=["none", "misconduct-declared", "not-answered"],
)
def test_115_excludes_serious_research_misconduct(declared: bool | None, expected: Outcome) -> None:
    """国科发政〔2017〕115号 第六条（四）: 未发生…科研严重失信行为."""
    decl = {} if declared is None else {"no_research_misconduct": declared}
    got = check("tech-sme-2017", "no_research_misconduct", firm(declarations=decl))
    assert got.outcome == expected and "第六条（四）" in got.source


def test_research_misconduct_blocks_a_high_tech_firm_from_the_tech_sme_tier() -> None:
    """Even with the 第八条(一) 直通 (a valid 高企 certificate) the basic conditions must hold."""
    years = [{"year": YEAR, "employees": 100, "revenue": 5000, "total_assets": 5000}]
    titles = [{"kind": "high_tech", "issued_on": "2024-01-01", "expires_on": "2026-12-31"}]
    ok = assess(
        {"name": "甲", "years": years, "titles": titles, "declarations": ALL_TRUE}, as_of=DAY
    )
    assert ok.tier("tech_sme").status == "eligible"
    bad = {"name": "甲", "years": years, "titles": titles,
           "declarations": {**ALL_TRUE, "no_research_misconduct": False}}  # fmt: skip
    assert assess(bad, as_of=DAY).tier("tech_sme").status == "not_eligible"


def _ht_income(high_tech: float, total: float | None, non_taxable: float | None) -> Any:
    year: dict[str, Any] = {"high_tech_revenue": high_tech, "revenue": 1_000_000}
    if total is not None:
        year["total_income"] = total
    if non_taxable is not None:
        year["non_taxable_income"] = non_taxable
    return firm({YEAR: year})


@pytest.mark.parametrize(
    ("high_tech", "expected"),
    [(600.0, Outcome.PASS), (599.9, Outcome.FAIL)],
    ids=["exactly-60", "just-below"],
)
def test_high_tech_share_is_over_total_income_less_non_taxable_income(
    high_tech: float, expected: Outcome
) -> None:
    """32号 第十一条（六） with 195号 工作指引: 总收入 = 收入总额 − 不征税收入. 收入总额 1200,
    不征税收入 200 → 总收入 1000; 600 is exactly 60%. 营业收入 (1,000,000) plays no part."""
    got = check("high-tech-2016", "high_tech_revenue", _ht_income(high_tech, 1200, 200))
    assert got.outcome == expected
    assert got.detail.startswith(f"{high_tech:g} / 1000 =")


@pytest.mark.parametrize(
    ("total", "non_taxable", "gaps"),
    [(None, 0.0, ["years[2025].total_income"]),
     (1000.0, None, ["years[2025].non_taxable_income"]),
     (None, None, ["years[2025].total_income", "years[2025].non_taxable_income"])],
    ids=["no-total-income", "no-non-taxable", "neither"],
)  # fmt: skip
def test_high_tech_share_without_the_income_figures_is_missing_data(
    total: float | None, non_taxable: float | None, gaps: list[str]
) -> None:
    """No fallback to 营业收入: without 收入总额 or 不征税收入 the check is missing data."""
    got = check("high-tech-2016", "high_tech_revenue", _ht_income(900, total, non_taxable))
    assert got.outcome == Outcome.MISSING and got.missing == gaps


@pytest.mark.parametrize(
    ("standard", "points"),
    [({"level": "national", "year": 2010, "lead": False}, (1, 2)),
     ({"level": "industry", "year": YEAR, "lead": False}, (1, 2)),
     ({"level": "test_method", "year": 2012, "lead": False}, (1, 2)),
     ({"level": "technical_spec", "year": YEAR, "lead": True}, (1, 2)),
     ({"level": "international", "year": YEAR, "lead": True}, (0, 0)),
     ({"level": "group", "year": YEAR, "lead": True}, (0, 0))],
    ids=["national-old", "industry", "test-method", "technical-spec", "international", "group"],
)  # fmt: skip
def test_high_tech_standards_bonus_follows_the_guideline(
    standard: dict[str, Any], points: tuple[int, int]
) -> None:
    """195号 工作指引: 企业参与编制国家标准、行业标准、检测方法、技术规范 → 1–2 points; no time
    window is stated (a 2010 standard counts) and international standards are not named."""
    got = indicator("high-tech-2016", "standards_bonus", firm(standards=[standard]))
    assert (got.points_lo, got.points_hi) == points


def test_high_tech_ip_points_with_the_bonus_stay_within_thirty() -> None:
    """195号: 加分后"知识产权"总分不超过30分 (8 + 8 + 8 + 6 + 2 = 32 → 30)."""
    profile = firm(
        {YEAR: {}}, ip=[{"kind": "invention"}],
        standards=[{"level": "national", "year": YEAR, "lead": False}],
        expert_scores={"advancement": 8, "core_support": 8},
    )  # fmt: skip
    tier = assess(profile, as_of=DAY).tier("high_tech")
    assert tier.score is not None
    ip_group = next(g for g in tier.score.groups if g.id == "ip")
    assert ip_group.points_hi == 30 and ip_group.points_lo == 8 + 8 + 7 + 1 + 1


@pytest.mark.parametrize("pack", PACKS_63)
def test_63_takes_effect_on_its_implementation_date_not_its_issue_date(pack: str) -> None:
    """63号: 印发 2022-06-01, 实施 2022-08-01 (its last article); both are recorded and the
    pack is in force from the 实施 date."""
    loaded = load_pack(pack)
    assert loaded.issued_on == dt.date(2022, 6, 1)
    assert loaded.effective_from == dt.date(2022, 8, 1)
    assert not loaded.in_force(dt.date(2022, 7, 31)) and loaded.in_force(dt.date(2022, 8, 1))
    doc = next(iter(loaded.sources.values()))
    assert (doc.issued, doc.effective) == (dt.date(2022, 6, 1), dt.date(2022, 8, 1))


def test_an_assessment_before_the_implementation_date_says_so() -> None:
    result = assess(
        {"name": "甲", "years": [{"year": 2021}]}, "miit-2022", as_of=dt.date(2022, 7, 31)
    )
    notes = result.tier("innovative_sme").notes
    assert any("not in force on 2022-07-31" in n for n in notes)
    later = assess(
        {"name": "甲", "years": [{"year": 2021}]}, "miit-2022", as_of=dt.date(2022, 8, 1)
    )
    assert not any("not in force" in n for n in later.tier("innovative_sme").notes)


TRANSFERRED_RANK5 = {"kind": "invention", "ownership": "transferred",
                     "acquired_on": "2023-01-01", "holder_rank": 5, "applied": True}  # fmt: skip


def test_2026_specialised_ip_need_not_be_self_developed_or_top_three() -> None:
    """2号文 专精特新 认定条件（五）: ≥1 Ⅰ类 IP related to the main product, applied and
    producing benefit. The 2026 text available names no 自主研发 or 前三 requirement for this
    tier (those are 附件2 小巨人's), so a transferred item held more than a year counts."""
    profile = firm(ip=[TRANSFERRED_RANK5])
    assert check("specialised-2026", "ip", profile).outcome == Outcome.PASS
    # the same item does not count for 2026 小巨人 (受让不计, 前三权利人)
    giant = firm(ip=[TRANSFERRED_RANK5] * 4)
    assert check("little-giant-2026", "ip", giant).outcome == Outcome.FAIL
    # transferred in under a year before the assessment: not counted (63号/2号文 IP rule)
    fresh = firm(ip=[{**TRANSFERRED_RANK5, "acquired_on": "2025-06-01"}])
    assert check("specialised-2026", "ip", fresh).outcome == Outcome.FAIL

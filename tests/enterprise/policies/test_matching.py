"""Policy matching: three-way outcomes, the next question, benefits, 免申即享; super deduction."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.enterprise.helpers import YEAR, firm
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise.policies.deduction import extra_rate, other_costs_cap, super_deduction
from xinzhi.enterprise.policies.matching import PolicyDoc, automatic_list, match_all
from xinzhi.enterprise.policies.service import matchable, save_policy, seed, seed_entries

DAY = dt.date(2026, 5, 1)
LOCAL = PolicyDoc(
    id=1, title="深圳市研发投入奖励", conditions={
        "regions": ["4403"],
        "conditions": [{"id": "rd", "text": "研发费用≥500万元", "metric": "value",
                        "args": {"name": "rd_expense"}, "op": "ge", "value": 500}],
        "benefit": {"formula": "rate", "field": "rd_expense", "rate": 0.1, "cap": 100},
    },
)  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "result"),
    [
        ({"region_code": "440305", "years": {YEAR: {"rd_expense": 600}}}, "eligible"),
        ({"region_code": "110101", "years": {YEAR: {"rd_expense": 600}}}, "ineligible"),
        ({"region_code": "440305", "years": {YEAR: {"rd_expense": 499}}}, "ineligible"),
        ({"years": {YEAR: {"rd_expense": 600}}}, "missing_data"),
        ({"region_code": "440305"}, "missing_data"),
    ],
)
def test_local_policy_three_way_outcome(fields: dict[str, object], result: str) -> None:
    years = fields.pop("years", {})
    report = match_all(firm(years, **fields), [LOCAL], as_of=DAY)  # type: ignore[arg-type]
    assert report.matches[0].result == result


def test_benefit_by_rate_is_capped() -> None:
    report = match_all(firm({YEAR: {"rd_expense": 2000}}, region_code="440305"), [LOCAL], as_of=DAY)
    assert report.matches[0].benefit is not None and report.matches[0].benefit.amount == 100


def test_ask_next_is_the_field_most_policies_wait_for() -> None:
    other = PolicyDoc(id=2, title="地区奖励", conditions={"regions": ["44"]})
    report = match_all(firm({YEAR: {"rd_expense": 600}}), [LOCAL, other], as_of=DAY)
    assert report.ask_next == "region_code"
    assert report.counts == {"missing_data": 2}


def test_expired_policy_and_passed_deadline_are_ineligible() -> None:
    old = PolicyDoc(id=3, title="旧政策", effective_to=dt.date(2022, 12, 31), conditions={})
    late = PolicyDoc(id=4, title="截止", conditions={"deadline": "2026-03-31"})
    matches = match_all(firm(), [old, late], as_of=DAY).matches
    assert [m.result for m in matches] == ["ineligible", "ineligible"]
    assert "deadline" in matches[1].reason


def test_invalid_conditions_go_to_manual_review_not_a_crash() -> None:
    bad = PolicyDoc(id=5, title="坏条件", conditions={"regoins": ["44"]})
    assert match_all(firm(), [bad], as_of=DAY).matches[0].result == "manual_review"


def _seeded() -> list[PolicyDoc]:
    return [PolicyDoc(id=i, title=e["title"], effective_from=e.get("effective_from"),
                      effective_to=e.get("effective_to"), conditions=e["conditions"])
            for i, e in enumerate(seed_entries())]  # fmt: skip


def test_seeded_super_deduction_is_automatic_with_the_tax_saving() -> None:
    """2023年第7号: extra 100% for all; saving = 1000 × 100% × 25% = 250 万元."""
    profile = firm({YEAR: {"rd_expense": 1000}}, industry="专用设备制造业")
    matches = {m.title: m for m in match_all(profile, _seeded(), as_of=DAY).matches}
    deduction = matches["研发费用税前加计扣除（100%）"]
    assert deduction.result == "eligible" and deduction.automatic
    assert deduction.benefit is not None and deduction.benefit.amount == 250
    assert matches["集成电路企业和工业母机企业研发费用加计扣除（120%）"].result == "missing_data"
    rows = automatic_list([profile], _seeded(), as_of=DAY)
    assert [r["policy"] for r in rows] == ["研发费用税前加计扣除（100%）"]


def test_excluded_industry_gets_no_super_deduction() -> None:
    """财税〔2015〕119号: 批发和零售业 etc. are excluded."""
    profile = firm({YEAR: {"rd_expense": 1000}}, industry="批发业")
    matches = {m.title: m for m in match_all(profile, _seeded(), as_of=DAY).matches}
    assert matches["研发费用税前加计扣除（100%）"].result == "ineligible"


@pytest.mark.parametrize(
    ("year", "listed", "manufacturing", "tech_sme", "rate"),
    [
        (2023, False, True, False, 1.0),  # manufacturing is NOT 120%
        (2023, True, True, False, 1.2),
        (2027, True, False, False, 1.2),
        (2028, True, False, False, 1.0),  # 44号 ends 2027-12-31
        (2022, False, False, True, 1.0),
        (2022, False, False, False, 0.75),
        (2021, False, True, False, 1.0),
        (2019, False, True, False, 0.75),
    ],
)
def test_super_deduction_rate_by_year_and_firm(
    year: int, listed: bool, manufacturing: bool, tech_sme: bool, rate: float
) -> None:
    """DOMAIN.md §2.1: 7号 100% standing since 2023; 44号 120% only for listed IC/工业母机 firms
    2023–2027; 2021 manufacturing 100%; 2022 科技型 100%; earlier 75%."""
    got, _ = extra_rate(year, listed_ic_or_machine_tool=listed, manufacturing=manufacturing,
                        tech_sme=tech_sme)  # fmt: skip
    assert got == rate


def test_other_costs_cap_is_ten_percent_over_ninety_not_ten_percent_of_total() -> None:
    """国家税务总局公告2021年第28号: cap = items 1–5 × 10% / (1 − 10%): 900 → 100, not 90."""
    assert other_costs_cap(900) == pytest.approx(100)
    est = super_deduction(year=2024, items_1_5=900, other_costs=150, capitalised_amortisation=50)
    assert est.other_costs_allowed == pytest.approx(100)
    assert est.extra_deduction == pytest.approx(1000)  # (900 + 100) × 100%
    assert est.amortisation_extra == pytest.approx(50)  # 200% amortisation = extra 100%
    assert est.tax_saving == pytest.approx(262.5)


def test_capitalised_costs_amortise_at_220_percent_for_listed_firms() -> None:
    est = super_deduction(year=2025, items_1_5=0, capitalised_amortisation=100,
                          listed_ic_or_machine_tool=True)  # fmt: skip
    assert est.amortisation_extra == pytest.approx(120)


def test_seeding_is_idempotent_and_refuses_bad_conditions(db: Database) -> None:
    with db.write() as session:
        seed(session)
        seed(session)
    with db.read() as session:
        assert len(matchable(session)) == len(seed_entries())
    with db.write() as session, pytest.raises(InvalidInput, match="invalid"):
        save_policy(session, {"title": "x", "conditions": {"regoins": []}})

"""财政部 税务总局 科技部公告2022年第28号 in the super-deduction estimator: hand-computed values.

一、高新技术企业 new equipment bought 2022-10-01..2022-12-31: deducted in full in the year and
an extra 100%. 二、firms on the 75% R&D rate: 100% in 2022 Q4; Q4 R&D is the actual figure or
the year's R&D × Q4 operating months ÷ operating months.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinzhi.enterprise.policies.deduction import (
    ANNOUNCEMENT_28,
    Q4_2022,
    q4_2022_equipment,
    super_deduction,
)


def test_the_window_is_the_fourth_quarter_of_2022() -> None:
    start, end = Q4_2022
    assert (start, end) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert ANNOUNCEMENT_28 == "财政部 税务总局 科技部公告2022年第28号"


def test_q4_rd_by_months_for_a_firm_on_75_percent() -> None:
    """R&D 1200 in 2022, full year: Q4 = 1200 × 3/12 = 300 at 100%, 900 at 75%:
    extra = 675 + 300 = 975; saving at 25% = 243.75."""
    est = super_deduction(year=2022, items_1_5=1200)
    assert est.q4_rd == 300 and est.extra_deduction == 975
    assert est.tax_saving == pytest.approx(243.75)
    assert ANNOUNCEMENT_28 in est.basis


def test_q4_rd_by_the_actual_figure() -> None:
    """Q4 actually 500: extra = 700 × 0.75 + 500 = 1025."""
    assert super_deduction(year=2022, items_1_5=1200, q4_items=500).extra_deduction == 1025


def test_q4_rd_for_a_firm_that_started_in_september() -> None:
    """4 operating months (Sep–Dec), 3 of them in Q4: Q4 = 400 × 3/4 = 300; extra = 75 + 300."""
    est = super_deduction(year=2022, items_1_5=400, operating_months=4)
    assert est.q4_rd == 300 and est.extra_deduction == 375


@pytest.mark.parametrize(
    ("kwargs", "extra"),
    [({"manufacturing": True}, 1200.0), ({"tech_sme": True}, 1200.0),
     ({"industry": "房地产业"}, 0.0)],
    ids=["manufacturing-already-100", "tech-sme-already-100", "excluded-industry"],
)  # fmt: skip
def test_firms_not_on_75_percent_are_unchanged(kwargs: dict[str, object], extra: float) -> None:
    """28号 二（一）: only firms on 75% get the raise; manufacturing (2021年第13号) and 科技型
    中小企业 (2022年第16号) are at 100% all year; 119号 excluded industries get nothing."""
    est = super_deduction(year=2022, items_1_5=1200, **kwargs)  # type: ignore[arg-type]
    assert est.extra_deduction == extra and est.q4_rd == 0


@pytest.mark.parametrize("year", [2021, 2023], ids=["2021", "2023"])
def test_other_years_have_no_q4_raise(year: int) -> None:
    est = super_deduction(year=year, items_1_5=1200)
    assert est.q4_rd == 0 and ANNOUNCEMENT_28 not in est.basis


EQUIPMENT = [
    (dt.date(2022, 9, 30), 50.0),  # a day early
    (dt.date(2022, 10, 1), 100.0),  # first day
    (dt.date(2022, 12, 31), 30.0),  # last day
    (dt.date(2023, 1, 1), 40.0),  # a day late
]


def test_window_edges_for_equipment() -> None:
    assert q4_2022_equipment(EQUIPMENT) == 130


def test_high_tech_equipment_is_deducted_in_full_plus_an_extra_100_percent() -> None:
    """高企 with R&D 0 and equipment 130 in Q4: one-off deduction 130 + extra 130 (200% in the
    year); the permanent saving at 15% is 130 × 15% = 19.5."""
    est = super_deduction(year=2022, items_1_5=0, tax_rate=0.15, high_tech_in_q4=True,
                          new_equipment=EQUIPMENT)  # fmt: skip
    assert (est.equipment_counted, est.equipment_deduction, est.equipment_extra) == (130, 130, 130)
    assert est.tax_saving == pytest.approx(19.5)


def test_equipment_needs_a_high_tech_firm_and_the_2022_window() -> None:
    not_high_tech = super_deduction(year=2022, items_1_5=0, new_equipment=EQUIPMENT)
    assert not_high_tech.equipment_extra == 0 and not_high_tech.tax_saving == 0
    assert any("2022-10-01" in n for n in not_high_tech.notes)
    other_year = super_deduction(year=2023, items_1_5=0, high_tech_in_q4=True,
                                 new_equipment=EQUIPMENT)  # fmt: skip
    assert other_year.equipment_extra == 0


def test_r_and_d_and_equipment_together() -> None:
    """高企 (15%), R&D 800 with Q4 actual 200, equipment 130: extra R&D = 600 × 0.75 + 200 = 650;
    saving = (650 + 130) × 15% = 117."""
    est = super_deduction(year=2022, items_1_5=800, q4_items=200, tax_rate=0.15,
                          high_tech_in_q4=True, new_equipment=EQUIPMENT)  # fmt: skip
    assert est.extra_deduction == 650 and est.tax_saving == pytest.approx(117)

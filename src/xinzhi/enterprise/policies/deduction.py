"""R&D super deduction (研发费用加计扣除), exactly as DOMAIN.md §2.1 states it.

* 财政部 税务总局公告2023年第7号: from 2023-01-01, standing, all eligible firms: expensed R&D gets
  an extra **100%**; capitalised R&D is amortised at **200%** of cost.
* 2023年第44号: listed 集成电路 and 工业母机 firms get **120%** / **220%** for 2023–2027 only.
  Manufacturing in general does **not** get 120% (a trap seen in one implementation).
* Before 2023: 2018–2020 75% (财税〔2018〕99号); 2021 manufacturing 100% (2021年第13号);
  2022 科技型中小企业 100% (2022年第16号), others 75%.
* 其他相关费用 cap = (items 1–5) × 10% / (1 − 10%), over all projects together
  (国家税务总局公告2021年第28号) — not "10% of the total", which is short by the factor 1/0.9.
* 财税〔2015〕119号 excluded industries get nothing.
* 财政部 税务总局 科技部公告2022年第28号《关于加大支持科技创新税前扣除力度的公告》 (the brief and
  issue call it "财政部 税务总局 2022年第28号"), for 2022-10-01 to 2022-12-31 only:
  - 一、高新技术企业 (a 高企 at any time in 2022 Q4) may deduct new equipment bought in that
    window in full in the year (一次性全额扣除) **and** take an extra 100% (100%加计扣除): 200%
    of cost in the year. The extra 100% is the permanent saving; the full write-off is timing.
    An unused part carries forward (not modelled: the estimate has no taxable income).
  - 二、firms on the 75% rate (not manufacturing, not 科技型中小企业, not excluded) get 100% on
    Q4 R&D. Q4 R&D is the actual Q4 figure, or 2022 R&D × Q4 operating months ÷ 2022 operating
    months (二（二）, the firm's choice; 3/12 for a full year).
  Dates and the document are in ``ANNOUNCEMENT_28`` / ``Q4_2022``; the issue's "100% → 200%"
  is the equipment's 200% in the year, while the R&D rate goes 75% → 100%.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, Field

EXCLUDED_INDUSTRIES = (
    "烟草制造",
    "住宿",
    "餐饮",
    "批发",
    "零售",
    "房地产",
    "租赁和商务服务",
    "娱乐",
)
OTHER_COSTS_SHARE = 0.10
ANNOUNCEMENT_28 = "财政部 税务总局 科技部公告2022年第28号"
Q4_2022 = (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
Q4_RD_RATE = 1.0  # 28号 二: 75% → 100% for 2022-10-01..2022-12-31
EQUIPMENT_EXTRA = 1.0  # 28号 一: 100%加计扣除 on top of the one-off full deduction


class DeductionEstimate(BaseModel):
    year: int
    rate: float
    eligible_expensed: float
    other_costs_cap: float
    other_costs_allowed: float
    extra_deduction: float
    amortisation_extra: float
    tax_saving: float
    basis: str
    notes: list[str]
    q4_rd: float = Field(0.0, description="2022 Q4 R&D raised to 100% (28号 二), 万元")
    equipment_counted: float = Field(0.0, description="new equipment bought in 2022 Q4 (28号 一)")
    equipment_deduction: float = Field(0.0, description="one-off full deduction in the year")
    equipment_extra: float = Field(0.0, description="the extra 100% deduction (permanent)")


def other_costs_cap(items_1_5: float) -> float:
    """其他相关费用限额 = 前五项之和 × 10% / (1 − 10%)."""
    return items_1_5 * OTHER_COSTS_SHARE / (1 - OTHER_COSTS_SHARE)


def extra_rate(
    year: int, *, listed_ic_or_machine_tool: bool = False, manufacturing: bool = False,
    tech_sme: bool = False,
) -> tuple[float, str]:  # fmt: skip
    """The extra deduction rate of ``year`` and the document that sets it."""
    if year >= 2023:
        if listed_ic_or_machine_tool and year <= 2027:
            return 1.2, "财政部 税务总局 国家发展改革委 工业和信息化部公告2023年第44号"
        return 1.0, "财政部 税务总局公告2023年第7号"
    if year == 2022 and (tech_sme or manufacturing):
        return 1.0, "财政部 税务总局 科技部公告2022年第16号" if tech_sme else "2021年第13号"
    if year == 2021 and manufacturing:
        return 1.0, "财政部 税务总局公告2021年第13号"
    if year >= 2018:
        return 0.75, "财税〔2018〕99号"
    return 0.5, "财税〔2015〕119号"


def is_excluded(industry: str) -> bool:
    return any(word in industry for word in EXCLUDED_INDUSTRIES)


def q4_2022_items(
    eligible: float, q4_items: float | None, *, operating_months: int = 12, q4_months: int = 3
) -> float:
    """2022 Q4 R&D (28号 二（二）): the actual Q4 figure, or the year's R&D × Q4 operating
    months ÷ the year's operating months; never more than the year's total."""
    if q4_items is not None:
        return min(max(q4_items, 0.0), eligible)
    if operating_months <= 0:
        return 0.0
    return eligible * min(q4_months, operating_months) / operating_months


def q4_2022_equipment(new_equipment: Sequence[tuple[dt.date, float]]) -> float:
    """Cost of equipment bought 2022-10-01..2022-12-31, both days included (28号 一)."""
    start, end = Q4_2022
    return sum(cost for day, cost in new_equipment if start <= day <= end)


def super_deduction(
    *,
    year: int,
    items_1_5: float,
    other_costs: float = 0.0,
    capitalised_amortisation: float = 0.0,
    listed_ic_or_machine_tool: bool = False,
    manufacturing: bool = False,
    tech_sme: bool = False,
    industry: str = "",
    tax_rate: float = 0.25,
    q4_items: float | None = None,
    operating_months: int = 12,
    q4_months: int = 3,
    high_tech_in_q4: bool = False,
    new_equipment: Sequence[tuple[dt.date, float]] = (),
) -> DeductionEstimate:
    """Extra deduction and tax saving (万元) for one year's R&D costs, with the 2022 Q4 terms
    of 28号 (``q4_items`` …, ``high_tech_in_q4`` and ``new_equipment`` as (purchase date, 万元))."""
    notes: list[str] = []
    rate, basis = extra_rate(year, listed_ic_or_machine_tool=listed_ic_or_machine_tool,
                             manufacturing=manufacturing, tech_sme=tech_sme)  # fmt: skip
    excluded = is_excluded(industry)
    if excluded:
        rate, basis = 0.0, "财税〔2015〕119号 第四条 (excluded industry)"
        notes.append(f"industry {industry!r} is excluded from the super deduction")
    cap = other_costs_cap(items_1_5)
    allowed = min(other_costs, cap)
    if other_costs > cap:
        notes.append(
            f"其他相关费用 {other_costs:g} exceeds the cap {cap:.2f}; {allowed:.2f} counts"
        )
    eligible = items_1_5 + allowed
    extra = eligible * rate
    q4 = 0.0
    if year == 2022 and rate == 0.75:
        q4 = q4_2022_items(eligible, q4_items, operating_months=operating_months,
                           q4_months=q4_months)  # fmt: skip
        extra = (eligible - q4) * rate + q4 * Q4_RD_RATE
        basis += f"；2022-10-01至2022-12-31 100%（{ANNOUNCEMENT_28} 二）"
        notes.append(f"Q4 R&D {q4:.2f} at 100%, the rest at 75%")
    amortisation = capitalised_amortisation * rate
    equipment = q4_2022_equipment(new_equipment) if year == 2022 and high_tech_in_q4 else 0.0
    if new_equipment and not equipment:
        notes.append(f"no equipment qualifies: {ANNOUNCEMENT_28} 一 needs a 高新技术企业 and a "
                     "purchase between 2022-10-01 and 2022-12-31")  # fmt: skip
    if equipment:
        basis += f"；高新技术企业新购置设备一次性扣除并100%加计扣除（{ANNOUNCEMENT_28} 一）"
    saving = (extra + amortisation + equipment * EQUIPMENT_EXTRA) * tax_rate
    return DeductionEstimate(
        year=year, rate=rate, eligible_expensed=round(eligible, 4),
        other_costs_cap=round(cap, 4), other_costs_allowed=round(allowed, 4),
        extra_deduction=round(extra, 4), amortisation_extra=round(amortisation, 4),
        tax_saving=round(saving, 4), basis=basis, notes=notes, q4_rd=round(q4, 4),
        equipment_counted=round(equipment, 4), equipment_deduction=round(equipment, 4),
        equipment_extra=round(equipment * EQUIPMENT_EXTRA, 4),
    )  # fmt: skip

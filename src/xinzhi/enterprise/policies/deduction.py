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
"""

from __future__ import annotations

from pydantic import BaseModel

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
) -> DeductionEstimate:
    """Extra deduction and tax saving (万元) for one year's R&D costs."""
    notes: list[str] = []
    rate, basis = extra_rate(year, listed_ic_or_machine_tool=listed_ic_or_machine_tool,
                             manufacturing=manufacturing, tech_sme=tech_sme)  # fmt: skip
    if is_excluded(industry):
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
    amortisation = capitalised_amortisation * rate
    saving = (extra + amortisation) * tax_rate
    return DeductionEstimate(
        year=year, rate=rate, eligible_expensed=round(eligible, 4),
        other_costs_cap=round(cap, 4), other_costs_allowed=round(allowed, 4),
        extra_deduction=round(extra, 4), amortisation_extra=round(amortisation, 4),
        tax_saving=round(saving, 4), basis=basis, notes=notes,
    )  # fmt: skip

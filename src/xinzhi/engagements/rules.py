"""Technology-contract registration rules (技术合同认定登记), versioned.

Sources (ANCHORS.md §H2):
- 2000: 《技术合同认定登记管理办法》国科发政字〔2000〕063号 and 《技术合同认定规则》
  国科发政字〔2001〕253号. Art. 6: the seller side (技术开发的研究开发人、技术转让的让与人、
  咨询/服务的受托人) applies once, where it is located, after the contract is formed, with a
  complete written contract. Art. 14: the registry decides within 30 days of accepting the
  application. 技术交易额 = 合同交易总额 − equipment, instruments, parts, raw materials.
- 2026: the rules issued 2026-01-23 (7 chapters, 29 articles) repeal the 2000/2001 texts (◐ read
  in a reprint). The 工信部 draft of 2024-12-18 (✔) gives 15 working days, 30 when the
  技术交易额 is ≥ 500万元 and needs expert review; technology imports are registered by the
  domestic buyer.
- Application deadline: neither text read gives a day count; the 30 days after signing used here
  is the practice local registries publish (◐, e.g. 64365.com on the 2000 办法). It is an
  assumption, stored with each contract through its rule version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: dt.date
    apply_within_days: int
    review_days: int
    review_working_days: bool
    expert_review_threshold_wan: float | None
    expert_review_days: int
    source: str


RULES: tuple[RuleSet, ...] = (
    RuleSet(
        version="2000",
        effective_from=dt.date(2000, 2, 16),
        apply_within_days=30,
        review_days=30,
        review_working_days=False,
        expert_review_threshold_wan=None,
        expert_review_days=30,
        source="国科发政字〔2000〕063号 第6、14条；国科发政字〔2001〕253号",
    ),
    RuleSet(
        version="2026",
        effective_from=dt.date(2026, 1, 23),
        apply_within_days=30,
        review_days=15,
        review_working_days=True,
        expert_review_threshold_wan=500.0,
        expert_review_days=30,
        source="技术合同认定登记管理办法（2026-01-23）；工信部征求意见稿（2024-12-18）",
    ),
)


def rule_for(signed_on: dt.date) -> RuleSet:
    """The rule set in force on the signing date."""
    in_force = [r for r in RULES if r.effective_from <= signed_on]
    return in_force[-1] if in_force else RULES[0]


def rule_by_version(version: str) -> RuleSet | None:
    return next((r for r in RULES if r.version == version), None)


def tech_amount(amount_wan: float, non_tech_amount_wan: float) -> float:
    """技术交易额 = 合同成交额 − 非技术性款项 (equipment, instruments, parts, raw materials)."""
    return round(amount_wan - non_tech_amount_wan, 4)


def registration_deadline(rule: RuleSet, signed_on: dt.date) -> dt.date:
    """The last day the seller side should apply for registration."""
    return signed_on + dt.timedelta(days=rule.apply_within_days)


def review_period(rule: RuleSet, tech_amount_wan: float) -> tuple[int, bool]:
    """Days the registry takes to decide, and whether they are working days."""
    threshold = rule.expert_review_threshold_wan
    if threshold is not None and tech_amount_wan >= threshold:
        return rule.expert_review_days, rule.review_working_days
    return rule.review_days, rule.review_working_days

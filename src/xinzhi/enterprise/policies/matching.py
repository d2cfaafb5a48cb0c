"""Policy matching: eligible / ineligible / missing data (or manual review) for every policy,
the single most useful field to ask next, a benefit estimate where a formula exists, and the
免申即享 list of firms that qualify from data alone."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from xinzhi.enterprise.policies.deduction import Q4_2022, super_deduction
from xinzhi.enterprise.policies.terms import Benefit, PolicyTerms, parse_terms
from xinzhi.enterprise.profiles.profile import EnterpriseProfile, TitleKind
from xinzhi.enterprise.rules import packs  # noqa: F401  (registers every metric a condition names)
from xinzhi.enterprise.rules.checks import evaluate
from xinzhi.enterprise.rules.logic import Outcome, all_of
from xinzhi.enterprise.rules.metrics import Ctx, reference_year
from xinzhi.enterprise.rules.result import CheckResult

RESULT = {
    Outcome.PASS: "eligible",
    Outcome.FAIL: "ineligible",
    Outcome.MISSING: "missing_data",
    Outcome.MANUAL: "manual_review",
    # a policy none of whose conditions applies to a new application is left to a person
    Outcome.NOT_EVALUATED: "manual_review",
}


@dataclass
class PolicyDoc:
    """What the matcher reads of a policy (a catalog ``Policy`` row or a seed entry)."""

    id: int | None
    title: str
    doc_number: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    conditions: dict[str, Any] = field(default_factory=dict)
    url: str = ""

    @classmethod
    def of(cls, row: Any) -> PolicyDoc:
        return cls(id=row.id, title=row.title, doc_number=row.doc_number,
                   effective_from=row.effective_from, effective_to=row.effective_to,
                   conditions=dict(row.conditions or {}), url=row.url)  # fmt: skip


class BenefitEstimate(BaseModel):
    amount: float
    unit: str = "万元"
    formula: str
    detail: str


class PolicyMatch(BaseModel):
    policy_id: int | None
    title: str
    doc_number: str
    result: str
    checks: list[CheckResult] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    ask_next: str | None = None
    documents: list[str] = Field(default_factory=list)
    automatic: bool = False
    benefit: BenefitEstimate | None = None
    reason: str = ""


class MatchReport(BaseModel):
    enterprise: str
    year: int
    as_of: dt.date
    matches: list[PolicyMatch]
    ask_next: str | None
    counts: dict[str, int]


def match_policy(policy: PolicyDoc, ctx: Ctx) -> PolicyMatch:
    base = {"policy_id": policy.id, "title": policy.title, "doc_number": policy.doc_number}
    try:
        terms = parse_terms(policy.conditions)
    except ValidationError as exc:
        return PolicyMatch(**base, result="manual_review", reason=f"conditions invalid: {exc}")
    not_in_force = _out_of_force(policy, terms, ctx.as_of)
    if not_in_force:
        return PolicyMatch(**base, result="ineligible", reason=not_in_force)
    checks = [evaluate(c, ctx, "new") for c in terms.checks()]
    outcome = all_of(c.outcome for c in checks)
    gaps = list(dict.fromkeys(g for c in checks if c.outcome != Outcome.PASS for g in c.missing))
    return PolicyMatch(
        **base, result=RESULT[outcome], checks=checks, missing=gaps,
        ask_next=gaps[0] if gaps and outcome == Outcome.MISSING else None,
        documents=terms.documents,
        automatic=terms.automatic and not terms.documents and outcome == Outcome.PASS,
        benefit=estimate(terms.benefit, ctx) if outcome != Outcome.FAIL else None,
    )  # fmt: skip


def _out_of_force(policy: PolicyDoc, terms: PolicyTerms, day: dt.date) -> str:
    if policy.effective_from and day < policy.effective_from:
        return f"not yet in force (from {policy.effective_from})"
    if policy.effective_to and day > policy.effective_to:
        return f"no longer in force (to {policy.effective_to})"
    if terms.deadline and day > terms.deadline:
        return f"application deadline {terms.deadline} has passed"
    return ""


def estimate(benefit: Benefit | None, ctx: Ctx) -> BenefitEstimate | None:
    if benefit is None:
        return None
    data = ctx.profile.year(ctx.year)
    if benefit.formula == "fixed" and benefit.amount is not None:
        return BenefitEstimate(amount=benefit.amount, formula="fixed", detail=benefit.text)
    if benefit.formula == "rate" and benefit.field and benefit.rate is not None:
        base = None if data is None else getattr(data, benefit.field, None)
        if base is None:
            return None
        amount = base * benefit.rate
        if benefit.cap is not None:
            amount = min(amount, benefit.cap)
        return BenefitEstimate(amount=round(amount, 4), formula="rate",
                               detail=f"{benefit.field} {base:g} × {benefit.rate:g}")  # fmt: skip
    return _deduction(benefit, ctx) if benefit.formula == "rd_super_deduction" else None


def _deduction(benefit: Benefit, ctx: Ctx) -> BenefitEstimate | None:
    data = ctx.profile.year(ctx.year)
    if data is None or data.rd_expense is None:
        return None
    high_tech = any(
        t.kind == TitleKind.HIGH_TECH and t.valid_on(ctx.as_of) for t in ctx.profile.titles
    )
    start, end = Q4_2022
    high_tech_q4 = any(  # 28号 一: a 高企 at any time in 2022 Q4
        t.kind == TitleKind.HIGH_TECH and (t.issued_on is None or t.issued_on <= end)
        and (t.expires_on is None or t.expires_on >= start) for t in ctx.profile.titles
    )  # fmt: skip
    tax_rate = 0.15 if high_tech else benefit.tax_rate
    est = super_deduction(
        year=ctx.year, items_1_5=data.rd_expense, tax_rate=tax_rate,
        listed_ic_or_machine_tool=bool(ctx.profile.listed_ic_or_machine_tool),
        industry=ctx.profile.industry, high_tech_in_q4=high_tech_q4,
    )  # fmt: skip
    detail = (f"研发费用 {data.rd_expense:g} × {est.rate:.0%} = 加计扣除 {est.extra_deduction:g}; "
              f"× 税率 {tax_rate:.0%} ({est.basis}); 其他相关费用 not split out, all treated as "
              "items 1–5")  # fmt: skip
    return BenefitEstimate(amount=est.tax_saving, formula="rd_super_deduction", detail=detail)


def match_all(
    profile: EnterpriseProfile, policies: list[PolicyDoc], *, year: int | None = None,
    as_of: dt.date | None = None,
) -> MatchReport:  # fmt: skip
    day = as_of or dt.date.today()
    ctx = Ctx(profile=profile, year=year or reference_year(profile, day), as_of=day)
    matches = [match_policy(p, ctx) for p in policies]
    return MatchReport(enterprise=profile.name, year=ctx.year, as_of=day, matches=matches,
                       ask_next=most_useful_field(matches),
                       counts=dict(Counter(m.result for m in matches)))  # fmt: skip


def most_useful_field(matches: list[PolicyMatch]) -> str | None:
    """The missing field that appears in the most undecided policies (ties: first seen)."""
    votes: Counter[str] = Counter()
    for m in matches:
        if m.result == "missing_data":
            votes.update(set(m.missing))
    if not votes:
        return None
    top = max(votes.values())
    order = [g for m in matches for g in m.missing]
    return next(g for g in order if votes[g] == top)


def automatic_list(
    profiles: list[EnterpriseProfile], policies: list[PolicyDoc], as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """免申即享: (enterprise, policy) pairs eligible from data alone with no documents needed."""
    out: list[dict[str, Any]] = []
    for profile in profiles:
        for m in match_all(profile, policies, as_of=as_of).matches:
            if m.automatic:
                amount = m.benefit.amount if m.benefit else None
                out.append({"enterprise": profile.name, "policy": m.title,
                            "policy_id": m.policy_id, "benefit": amount})  # fmt: skip
    return out

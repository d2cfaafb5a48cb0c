"""The schema of ``Policy.conditions``: structured, computable terms beside the policy text.

Region, industry and titles become checks like a rule pack's; ``conditions`` takes any rule-pack
check (a metric, ``all``/``any``, ``cases``) so financial thresholds need no new code, and
``tier`` checks a whole rule pack (``{metric: tier, args: {pack: specialised-2026}}``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from xinzhi.enterprise.rules.rulepack import Check


class Benefit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    formula: Literal["rd_super_deduction", "fixed", "rate"]
    amount: float | None = Field(None, description="fixed: 万元")
    field: str | None = Field(None, description="rate: yearly field the rate applies to")
    rate: float | None = None
    cap: float | None = Field(None, description="万元")
    tax_rate: float = 0.25
    text: str = ""


class PolicyTerms(BaseModel):
    """What ``Policy.conditions`` holds for the matcher (all optional)."""

    model_config = ConfigDict(extra="forbid")

    regions: list[str] = Field(default_factory=list, description="GB/T 2260 prefixes")
    industries: list[str] = Field(default_factory=list)
    industries_excluded: list[str] = Field(default_factory=list)
    titles_any: list[str] = Field(default_factory=list)
    conditions: list[Check] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    deadline: dt.date | None = None
    benefit: Benefit | None = None
    automatic: bool = Field(False, description="免申即享 when eligible from data alone")

    def checks(self) -> list[Check]:
        out: list[Check] = []
        if self.regions:
            out.append(Check(id="region", text="注册地区 " + "、".join(self.regions),
                             metric="region_in", args={"prefixes": self.regions}))  # fmt: skip
        if self.industries or self.industries_excluded:
            out.append(Check(id="industry", text="行业范围", metric="industry_in",
                             args={"include": self.industries,
                                   "exclude": self.industries_excluded}))  # fmt: skip
        if self.titles_any:
            out.append(Check(id="titles", text="持有称号 " + "、".join(self.titles_any),
                             metric="holds_title", args={"kinds": self.titles_any}))  # fmt: skip
        return out + list(self.conditions)


def parse_terms(conditions: dict[str, Any]) -> PolicyTerms:
    return PolicyTerms.model_validate(conditions)

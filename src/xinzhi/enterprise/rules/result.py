"""Explainable results: every check and indicator keeps its value, band, points, rule text and
source, and every assessment keeps the rule set, pack versions and parameters that produced it."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import BaseModel, Field

from xinzhi.enterprise.rules.logic import Outcome

Value = float | str | bool | None


class Status(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    MANUAL_REVIEW = "manual_review"
    MISSING_DATA = "missing_data"
    NOT_EVALUATED = "not_evaluated"


STATUS_OF = {
    Outcome.PASS: Status.ELIGIBLE,
    Outcome.FAIL: Status.NOT_ELIGIBLE,
    Outcome.MANUAL: Status.MANUAL_REVIEW,
    Outcome.MISSING: Status.MISSING_DATA,
    Outcome.NOT_EVALUATED: Status.NOT_EVALUATED,
}


class CheckResult(BaseModel):
    id: str
    text: str
    outcome: Outcome
    value: Value = None
    threshold: str = ""
    source: str = ""
    detail: str = ""
    missing: list[str] = Field(default_factory=list)
    children: list[CheckResult] = Field(default_factory=list)
    combine: str = ""


class IndicatorResult(BaseModel):
    id: str
    group: str
    text: str
    outcome: Outcome
    value: Value = None
    unit: str = ""
    band: str = ""
    points_lo: float = 0
    points_hi: float = 0
    max: float = 0
    source: str = ""
    detail: str = ""
    missing: list[str] = Field(default_factory=list)
    choice: str | None = None


class GroupResult(BaseModel):
    id: str
    name: str
    points_lo: float
    points_hi: float
    max: float
    min: float | None
    min_exclusive: bool = False
    outcome: Outcome


class ScoreResult(BaseModel):
    outcome: Outcome
    points_lo: float
    points_hi: float
    pass_mark: float
    exclusive: bool
    groups: list[GroupResult]
    indicators: list[IndicatorResult]


class Move(BaseModel):
    """One change that would raise a score: an indicator from its value to a band's edge."""

    indicator: str
    text: str
    value: Value
    target: Value
    points: float
    effort: float
    label: str


class Gap(BaseModel):
    points_short: float = 0
    moves: list[Move] = Field(default_factory=list)
    closable: bool = False
    failing: list[str] = Field(default_factory=list)


class TierResult(BaseModel):
    pack: str
    tier: str
    name: str
    document: str
    url: str = ""
    version: str
    status: Status
    route: str | None = None
    basic: list[CheckResult] = Field(default_factory=list)
    direct: list[CheckResult] = Field(default_factory=list)
    score: ScoreResult | None = None
    missing_fields: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    gap: Gap | None = None


class Warning(BaseModel):
    title: str
    pack: str
    check: str
    text: str
    level: str
    value: Value
    threshold: str
    message: str


class Assessment(BaseModel):
    enterprise: str
    rule_set: str
    year: int
    as_of: dt.date
    mode: str
    region: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    packs: dict[str, str] = Field(default_factory=dict)
    tiers: list[TierResult]
    warnings: list[Warning] = Field(default_factory=list)

    def tier(self, tier: str) -> TierResult:
        return next(t for t in self.tiers if t.tier == tier)

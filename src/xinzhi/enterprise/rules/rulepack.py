"""Rule packs: versioned YAML data (``rules/*.yaml``) validated by pydantic, never code branches.

A pack is one tier under one document: its effective dates, its scope (new applications,
reviews), basic conditions that must all hold, 直通 conditions of which any one qualifies, and a
banded score. Province-specific thresholds come from ``rules/regions/*.yaml`` or from caller
overrides, applied to the raw data before validation so an override is checked like the pack.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xinzhi.enterprise.rules.logic import Band

Op = Literal["ge", "gt", "le", "lt", "eq", "is", "in"]
Unknown = Literal["missing_data", "manual_review"]
Scope = Literal["new", "review"]
SCOPES: tuple[Scope, ...] = ("new", "review")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Check(Strict):
    """A condition: a metric compared with a value, ``all``/``any`` of checks, ``cases`` (the
    first case whose ``when`` holds decides), or ``manual`` (no data can decide it)."""

    id: str = ""
    text: str = ""
    metric: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    op: Op = "is"
    value: float | bool | str | list[str] | None = True
    all: list[Check] | None = None
    any: list[Check] | None = None
    cases: list[Case] | None = None
    manual: bool = False
    unknown: Unknown = "missing_data"
    scope: list[Scope] = Field(default_factory=lambda: list(SCOPES))
    unit: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> Check:
        forms = [self.metric is not None, self.all is not None, self.any is not None]
        forms += [self.cases is not None, self.manual]
        if sum(forms) != 1:
            raise ValueError(
                f"check {self.id or self.text!r}: give exactly one of metric, all, "
                "any, cases, manual"
            )
        return self


class Case(Strict):
    when: Check
    then: Check


class BandSpec(Strict):
    points: float | tuple[float, float]
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    equals: str | bool | None = None
    label: str = ""

    def band(self) -> Band:
        lo, hi = self.points if isinstance(self.points, tuple) else (self.points, self.points)
        equals = None if self.equals is None else str(self.equals)
        return Band(
            lo, hi, self.min, self.max, self.min_exclusive, self.max_exclusive, equals, self.label
        )


class Indicator(Strict):
    """A scored indicator: a metric and its bands (best first), or points taken as an input."""

    id: str
    group: str
    text: str
    max: float
    metric: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    bands: list[BandSpec] = Field(default_factory=list)
    points_from_value: bool = False
    unit: str = ""
    unknown: Unknown = "missing_data"
    alternatives: list[Indicator] | None = None
    choice_attr: str | None = None
    default_choice: str | None = None
    adjustable: bool = True

    @model_validator(mode="after")
    def _has_scoring(self) -> Indicator:
        if self.alternatives is None and self.metric is None:
            raise ValueError(f"indicator {self.id}: needs a metric or alternatives")
        if self.metric is not None and not self.bands and not self.points_from_value:
            raise ValueError(f"indicator {self.id}: needs bands or points_from_value")
        return self


class Group(Strict):
    id: str
    name: str
    max: float
    min: float | None = None
    min_exclusive: bool = False


class PassMark(Strict):
    min: float
    exclusive: bool = False


class Score(Strict):
    pass_mark: PassMark = Field(alias="pass")
    groups: list[Group]
    indicators: list[Indicator]
    direct_or_score: bool = True


class RulePack(Strict):
    id: str
    tier: str
    name: str
    name_en: str = ""
    document: str
    url: str = ""
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    applies_to: list[Scope]
    notes: list[str] = Field(default_factory=list)
    basic: list[Check] = Field(default_factory=list)
    direct: list[Check] = Field(default_factory=list)
    score: Score | None = None
    warn_margin: float = Field(10.0, description="relative margin (%) that triggers a warning")
    region: str | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class RuleSet(Strict):
    id: str
    name: str
    packs: list[str]
    note: str = ""

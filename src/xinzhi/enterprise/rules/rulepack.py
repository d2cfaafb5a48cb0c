"""Rule packs: versioned YAML data (``rules/*.yaml``) validated by pydantic, never code branches.

A pack is one tier under one document: its effective dates, its scope (new applications,
reviews), basic conditions that must all hold, 直通 conditions of which any one qualifies, and a
banded score. Province-specific thresholds come from ``rules/regions/*.yaml`` or from caller
overrides, applied to the raw data before validation so an override is checked like the pack.

Every threshold carries its source next to it: ``source: {doc: KEY, article: ...}``, where KEY
names one of the pack's ``sources`` (document number, title, 印发 and 实施 dates). Loading
fills ``cite`` ("工信部企业〔2022〕63号 附件2 一、（一）（2022-06-01印发，2022-08-01实施）") so
results and ``xinzhi enterprise rules show`` print it; an unknown KEY makes the pack invalid.
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


class Document(Strict):
    """A document a pack cites: number, title and dates (印发 ``issued``, 实施 ``effective``)."""

    number: str
    title: str = ""
    issued: dt.date | None = None
    effective: dt.date | None = None
    url: str = ""
    note: str = ""
    undated: str = Field("", description="why no date is given (none found in a stored copy)")

    def dates(self) -> str:
        if not (self.issued or self.effective):
            return "日期未核实"
        parts = []
        if self.issued:
            parts.append(f"{self.issued}印发")
        if self.effective:
            parts.append(f"{self.effective}实施")
        return "，".join(parts)


class Source(Strict):
    """Where a threshold comes from: a document of the pack's ``sources`` and its article."""

    doc: str
    article: str = Field(min_length=1)
    cite: str = ""


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
    source: Source | None = None

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
    source: Source | None = None

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
    source: Source | None = None


class PassMark(Strict):
    min: float
    exclusive: bool = False
    source: Source | None = None


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
    issued_on: dt.date | None = Field(None, description="印发 date of the main document")
    effective_from: dt.date = Field(description="实施 date: assessments use this one")
    effective_to: dt.date | None = None
    applies_to: list[Scope]
    notes: list[str] = Field(default_factory=list)
    sources: dict[str, Document] = Field(default_factory=dict)
    basic: list[Check] = Field(default_factory=list)
    direct: list[Check] = Field(default_factory=list)
    score: Score | None = None
    warn_margin: float = Field(10.0, description="relative margin (%) that triggers a warning")
    region: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _cite_sources(cls, data: Any) -> Any:
        """Fill each ``source.cite`` from ``sources`` (raw data, before the frozen models)."""
        if not isinstance(data, dict):
            return data
        docs = {k: Document.model_validate(v) for k, v in (data.get("sources") or {}).items()}
        _fill_cites([data.get("basic"), data.get("direct"), data.get("score")], docs)
        return data

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class RuleSet(Strict):
    id: str
    name: str
    packs: list[str]
    note: str = ""


def _fill_cites(node: Any, docs: dict[str, Document]) -> None:
    if isinstance(node, list):
        for item in node:
            _fill_cites(item, docs)
        return
    if not isinstance(node, dict):
        return
    source = node.get("source")
    if isinstance(source, dict) and not source.get("cite"):
        doc = docs.get(str(source.get("doc")))
        if doc is None:
            raise ValueError(f"source {source!r}: no document {source.get('doc')!r} in sources")
        dates = doc.dates()
        source["cite"] = f"{doc.number} {source.get('article', '')}" + (
            f"（{dates}）" if dates else ""
        )
    for key, value in node.items():
        if key != "source":
            _fill_cites(value, docs)

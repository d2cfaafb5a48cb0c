"""API shapes of the maturity domain: requests, and the assessment view with its checklist."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xinzhi.maturity.prior import Prior
from xinzhi.maturity.scales import ScaleId
from xinzhi.maturity.track import TrackMaturity

AnswerValue = Literal["met", "not_met", "not_applicable"]
ANSWERS = ("met", "not_met", "not_applicable")


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scale: ScaleId = "gbt"
    track: Literal["hardware", "software", "both"] = "hardware"
    note: str = ""
    carry_over: bool = Field(
        True, description="Copy the answers and evidence of the previous assessment (same scale)."
    )


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: AnswerValue
    note: str = ""


class ApproveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = ""


class RevokeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1)


class PriorDecision(BaseModel):
    """Confirm the prior (no ``level``, or the prior's level) or override it (a reason is due)."""

    model_config = ConfigDict(extra="forbid")

    level: int | None = Field(None, ge=1, le=9)
    reason: str = ""


class EvidenceView(BaseModel):
    id: int
    filename: str
    sha256: str
    size: int
    uploaded_by: str
    uploaded_at: dt.datetime


class CriterionView(BaseModel):
    id: str
    level: int
    track: str
    text: str
    en: str
    evidence_hint: str
    answer: AnswerValue | None = None
    note: str = ""
    answered_by: str | None = None
    answered_at: dt.datetime | None = None
    evidence: list[EvidenceView] = Field(default_factory=list)


class ApprovalView(BaseModel):
    level: int
    reviewer: str
    approved_at: dt.datetime
    note: str


class LevelView(BaseModel):
    level: int
    title: str
    title_zh: str
    criteria: list[CriterionView]
    approval: ApprovalView | None
    ready: bool
    blockers: list[str]


class AssessmentView(BaseModel):
    id: int
    achievement_id: int
    achievement_title: str
    scale: ScaleId
    scale_name: str
    track: str
    checklist_version: str
    status: str
    achieved_level: int | None
    target_level: int | None
    supersedes_id: int | None
    note: str
    created_by: str
    created_at: dt.datetime
    prior: Prior | None
    prior_decision: str | None
    prior_decided_level: int | None
    prior_reviewer: str | None
    prior_reason: str
    prior_decided_at: dt.datetime | None
    levels: list[LevelView]


class AssessmentSummary(BaseModel):
    id: int
    scale: ScaleId
    track: str
    status: str
    achieved_level: int | None
    target_level: int | None
    prior_level: int | None
    prior_decision: str | None
    approved_levels: list[int]
    created_by: str
    created_at: dt.datetime


class TrackReport(BaseModel):
    """A track's maturity for the achievements matching a query."""

    query: str
    field: str | None
    matching: int
    with_trl: int
    evidence_backed: int
    maturity: TrackMaturity

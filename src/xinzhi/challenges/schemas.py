"""API shapes of challenges, applications, reviews, milestones, key needs and failure cases."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Status = Literal[
    "draft",
    "published",
    "closed",
    "under_review",
    "awarded",
    "in_progress",
    "completed",
    "failed",
    "cancelled",
]
FundingMode = Literal["reward", "race", "milestone", "post"]
RuleCode = Literal["lead_kind", "lead_region", "team_includes", "min_orgs", "team_region"]
Cause = Literal["route", "market", "funding", "team", "management", "external"]
Money = Field(ge=0, le=10_000_000)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Criterion(Strict):
    criterion: str = Field(min_length=1, max_length=64, title="评分项")
    weight: float = Field(gt=0, le=1, title="权重")


class Indicator(Strict):
    name: str = Field(min_length=1, max_length=128, title="指标")
    target: str = Field("", max_length=128, title="目标值")
    unit: str = Field("", max_length=32, title="单位")


class Rule(Strict):
    rule: RuleCode = Field(title="资格条件")
    value: Any = Field(title="取值")


class ScenarioIn(Strict):
    """场景清单 entry: where, what it offers, the TRL it needs, who offers it (场景合伙人)."""

    site: str = Field(min_length=1, max_length=256, title="场景（场地或系统）")
    offers: list[Literal["test_bed", "data", "first_purchase"]] = Field(
        default_factory=list, title="提供的条件"
    )
    trl_needed: int | None = Field(None, ge=1, le=9, title="所需技术就绪度")
    partner_type: Literal["government", "enterprise", "investor"] = Field(
        "government", title="场景合伙人类型"
    )
    starts_on: dt.date | None = Field(None, title="开放日期")
    ends_on: dt.date | None = Field(None, title="结束日期")


class ValidationIn(Strict):
    """场景验证 result: passed or not, the measured indicators, a 首台（套）/首批次/首版次 entry."""

    passed: bool = Field(title="验证通过")
    indicators: list[dict[str, Any]] = Field(default_factory=list, title="实测指标")
    catalogue: Literal["", "equipment", "material", "software"] = Field("", title="首台套类别")
    catalogue_name: str = Field("", max_length=256, title="目录名称")
    catalogue_year: int | None = Field(None, ge=2000, le=2100, title="目录年份")
    note: str = Field("", max_length=2000)


class ChallengeCreate(Strict):
    kind: Literal["challenge", "scenario"] = Field("challenge", title="类型")
    scenario: ScenarioIn | None = Field(None, title="场景")
    title: str = Field(min_length=2, max_length=256, title="榜单名称")
    goal: str = Field("", max_length=8000, title="攻关目标")
    field: str = Field("", max_length=64, title="领域")
    budget_wan: float = Field(ge=0, le=10_000_000, title="榜单金额（万元）")
    deadline: dt.date = Field(title="揭榜截止日期")
    blind: bool = Field(True, title="盲评")
    rubric: list[Criterion] = Field(min_length=1, max_length=20, title="评分细则")
    indicators: list[Indicator] = Field(default_factory=list, title="考核指标")
    eligibility: list[Rule] = Field(default_factory=list, title="揭榜条件")
    funding_mode: FundingMode = Field("reward", title="资助方式")
    race_teams: int = Field(0, ge=0, le=10, title="赛马团队数")
    owner_org_id: int | None = Field(None, title="出题单位")
    key_need_ids: list[int] = Field(default_factory=list, title="合并的关键需求")

    @model_validator(mode="after")
    def _rubric(self) -> ChallengeCreate:
        names = [c.criterion for c in self.rubric]
        if len(set(names)) != len(names):
            raise ValueError("评分项不能重复 (criteria must be distinct)")
        total = sum(c.weight for c in self.rubric)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"评分权重之和须为 1，现为 {total:g} (weights must sum to 1)")
        if (self.kind == "scenario") != (self.scenario is not None):
            raise ValueError("场景须填写场景信息，榜单不填 (a scenario needs its scenario fields)")
        if self.funding_mode == "race" and self.race_teams < 2:
            raise ValueError("赛马式须至少 2 个团队 (a race needs at least 2 teams)")
        return self


class StatusChange(Strict):
    status: Status = Field(title="状态")
    note: str = Field("", max_length=2000, title="说明")


class MemberIn(Strict):
    organisation_id: int = Field(title="单位")
    role: Literal["lead", "member", "individual"] = Field("member", title="角色")
    share: float | None = Field(None, ge=0, le=1, title="分工占比")


class ApplicationCreate(Strict):
    lead_org_id: int = Field(title="牵头单位")
    members: list[MemberIn] = Field(default_factory=list, max_length=30, title="团队成员")
    proposal: str = Field(min_length=2, max_length=20000, title="攻关方案")
    plan: str = Field("", max_length=20000, title="实施计划")
    budget_wan: float | None = Field(None, ge=0, le=10_000_000, title="经费预算（万元）")
    achievement_ids: list[int] = Field(default_factory=list, title="提供的科技成果")
    patent_ids: list[int] = Field(default_factory=list, title="提供的专利")


class ApplicationCreated(BaseModel):
    id: int
    eligible: bool
    reasons: list[str]
    failed_rules: list[dict[str, Any]]


class ReviewerAssign(Strict):
    user_id: int = Field(title="评审专家")
    recuse_conflicted: bool = Field(False, title="有利益冲突的申报自动回避（否则拒绝指派）")


class TieCreate(Strict):
    user_id: int = Field(title="评审专家")
    organisation_id: int = Field(title="单位")
    kind: Literal["financial", "employment", "family"] = Field(title="关系")
    note: str = Field("", max_length=1000)


class RecusalCreate(Strict):
    user_id: int | None = Field(None, title="评审专家（空为本人主动回避）")
    reason: str = Field("", max_length=1000, title="理由")


class ScoresIn(Strict):
    scores: dict[str, float] = Field(title="各评分项得分")
    comment: str = Field("", max_length=4000, title="评审意见")
    round: Literal["review", "defence"] = Field("review", title="轮次")

    @field_validator("scores")
    @classmethod
    def _range(cls, value: dict[str, float]) -> dict[str, float]:
        for name, score in value.items():
            if not (0 <= score <= 100) or math.isnan(score):
                raise ValueError(f"「{name}」的得分须在 0–100 之间 (scores are 0–100)")
        return value


class AwardIn(Strict):
    application_id: int = Field(title="挂帅团队")
    shortlist: list[int] = Field(default_factory=list, title="赛马入围团队")


class MilestoneCreate(Strict):
    title: str = Field(min_length=1, max_length=256, title="里程碑")
    due: dt.date = Field(title="到期日")
    trl_target: int = Field(ge=1, le=9, title="目标技术就绪度")
    payment_share: float = Field(ge=0, le=1, title="拨付比例")
    achievement_id: int | None = Field(None, title="关联科技成果")


class MilestoneAccept(Strict):
    note: str = Field("", max_length=2000)


class KeyNeedCreate(Strict):
    demand_id: int = Field(title="需求")
    chokepoint: str = Field(min_length=1, max_length=256, title="卡脖子产品或零部件")
    note: str = Field("", max_length=2000)


class KeyNeedReview(Strict):
    status: Literal["accepted", "rejected"] = Field(title="审核结果")
    note: str = Field("", max_length=2000)


class FailureCaseCreate(Strict):
    challenge_id: int | None = Field(None, title="榜单")
    title: str = Field(min_length=2, max_length=256, title="案例名称")
    field: str = Field("", max_length=64, title="领域")
    tried: str = Field("", max_length=8000, title="尝试了什么")
    route: str = Field("", max_length=8000, title="技术路线")
    trl_reached: int | None = Field(None, ge=1, le=9, title="达到的技术就绪度")
    spent_wan: float = Field(0.0, ge=0, le=10_000_000, title="已投入（万元）")
    main_cause: Cause = Field(title="主要原因")
    causes: list[Cause] = Field(default_factory=list, title="次要原因")
    lessons: str = Field("", max_length=8000, title="经验教训")
    reusable: str = Field("", max_length=4000, title="可复用的数据、样机、专利")
    achievement_ids: list[int] = Field(default_factory=list, title="关联科技成果")
    patent_ids: list[int] = Field(default_factory=list, title="关联专利")
    publication: Literal["public", "anonymised", "internal"] = Field("anonymised", title="公开方式")
    records: dict[str, Any] = Field(default_factory=dict, title="补充原始记录")


class FailureCaseUpdate(Strict):
    main_cause: Cause | None = Field(None, title="主要原因")
    causes: list[Cause] | None = Field(None, title="次要原因")
    tried: str | None = Field(None, max_length=8000)
    route: str | None = Field(None, max_length=8000)
    trl_reached: int | None = Field(None, ge=1, le=9)
    lessons: str | None = Field(None, max_length=8000)
    reusable: str | None = Field(None, max_length=4000)
    publication: Literal["public", "anonymised", "internal"] | None = None
    records: dict[str, Any] | None = Field(None, title="原始记录（不可修改）")


class FailureDecision(Strict):
    checklist: dict[Literal["diligent", "documented", "reusable", "new_knowledge"], bool]
    decision: Literal["valuable", "not_valuable"] = Field(title="认定")
    note: str = Field("", max_length=2000)

"""API shapes of engagements, contacts, contracts, responses and the funnel."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xinzhi.common.bounded import JsonList

CandidateType = Literal["achievement", "person", "organisation", "patent"]
StageCode = Literal[
    "recommended",
    "contacted",
    "interested",
    "negotiating",
    "signed",
    "implementing",
    "completed",
    "terminated",
]
Channel = Literal["phone", "meeting", "email", "platform"]
ContractType = Literal["development", "transfer", "licensing", "consulting", "service"]
TransferMode = Literal[
    "", "assignment", "exclusive_licence", "sole_licence", "ordinary_licence", "equity", "other"
]
PaymentForm = Literal["", "lump_sum", "instalments", "royalty", "royalty_with_fee"]
Money = Field(ge=0, le=10_000_000)


class EngagementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    demand_id: int = Field(title="需求")
    candidate_type: CandidateType = Field(title="候选类型")
    candidate_id: int = Field(title="候选对象")
    broker_id: int | None = Field(None, title="服务专员")
    score: float | None = Field(None, title="匹配得分")
    reasons: JsonList | None = Field(None, title="匹配理由")
    origin: Literal["manual", "match"] = Field("manual", title="来源")
    proposal: str = Field("", max_length=4000, title="方案说明")


class EngagementUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    broker_id: int | None = Field(title="服务专员")


class ResponseCreate(BaseModel):
    """A researcher's or institution's 响应 to a public demand."""

    model_config = ConfigDict(extra="forbid")

    proposal: str = Field(min_length=2, max_length=4000, title="方案说明")
    achievement_id: int | None = Field(None, title="提供的科技成果")


class StageChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: str = Field(title="阶段")
    reason: str | None = Field(None, title="终止原因")
    note: str = Field("", max_length=2000, title="说明")


class ContactCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(title="日期")
    channel: Channel = Field(title="方式")
    summary: str = Field(min_length=1, max_length=4000, title="内容摘要")
    participants: str = Field("", max_length=500, title="参与人")
    next_follow_up: dt.date | None = Field(None, title="下次跟进")


class MilestoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_on: dt.date = Field(title="到期日")
    amount_wan: float = Field(ge=0, title="金额（万元）")
    paid: bool = Field(False, title="已支付")
    paid_on: dt.date | None = Field(None, title="支付日期")
    note: str = Field("", max_length=500)


class ContractCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: ContractType = Field(title="合同类型")
    amount_wan: float = Field(ge=0, le=10_000_000, title="合同成交额（万元）")
    signed_on: dt.date = Field(title="签订日期")
    non_tech_amount_wan: float = Field(0.0, ge=0, title="非技术性款项（万元）")
    tech_amount_wan: float | None = Field(None, ge=0, title="技术交易额（万元）")
    transfer_mode: TransferMode = Field("", title="转化方式")
    payment_form: PaymentForm = Field("", title="支付方式")
    project_name: str = Field("", max_length=512, title="项目名称")
    valid_until: dt.date | None = Field(None, title="有效期至")
    buyer_name: str | None = Field(None, max_length=256, title="买方")
    seller_name: str | None = Field(None, max_length=256, title="卖方")
    registration_no: str | None = Field(None, max_length=32, title="登记号")
    expected_investment_wan: float | None = Field(None, ge=0, title="预计新增投入（万元）")
    expected_output_wan: float | None = Field(None, ge=0, title="预计新增产值（万元）")
    rule_version: str | None = Field(None, title="登记规则版本")
    milestones: list[MilestoneIn] = Field(default_factory=list, title="付款节点")
    note: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _amounts(self) -> ContractCreate:
        if self.non_tech_amount_wan > self.amount_wan:
            raise ValueError("非技术性款项不能大于合同成交额 (non-tech part exceeds the total)")
        if self.tech_amount_wan is not None and self.tech_amount_wan > self.amount_wan:
            raise ValueError("技术交易额不能大于合同成交额 (tech amount exceeds the total)")
        return self


class StageRead(BaseModel):
    stage: str
    stage_label: str
    entered_at: dt.datetime
    left_at: dt.datetime | None
    days: float
    reason: str | None
    note: str
    actor: str


class ContactRead(BaseModel):
    id: int
    date: dt.date
    channel: str
    channel_label: str
    participants: str
    summary: str
    next_follow_up: dt.date | None
    created_at: dt.datetime


class MilestoneRead(MilestoneIn):
    id: int


class ContractRead(BaseModel):
    id: int
    engagement_id: int
    type: str
    type_label: str
    transfer_mode: str
    payment_form: str
    project_name: str
    amount_wan: float
    non_tech_amount_wan: float
    tech_amount_wan: float
    signed_on: dt.date
    valid_until: dt.date | None
    buyer_name: str
    buyer_region_code: str | None
    seller_name: str
    seller_region_code: str | None
    registering_party: str
    registration_no: str | None
    registration_deadline: dt.date
    review_days: int
    review_working_days: bool
    expected_investment_wan: float | None
    expected_output_wan: float | None
    rule_version: str
    milestones: list[MilestoneRead]


class EngagementRead(BaseModel):
    id: int
    demand_id: int
    demand_title: str
    challenge_id: int | None
    candidate_type: str
    candidate_id: int
    candidate_label: str
    broker_id: int | None
    origin: str
    score: float | None
    reasons: Any
    proposal: str
    stage: str
    stage_label: str
    next_stage: str | None
    stage_entered_at: dt.datetime
    termination_reason: str | None
    termination_note: str
    created_at: dt.datetime


class EngagementDetail(EngagementRead):
    history: list[StageRead]
    contacts: list[ContactRead]
    contract: ContractRead | None


class EngagementPage(BaseModel):
    items: list[EngagementRead]
    total: int


class FollowUpRead(BaseModel):
    engagement_id: int
    contact_id: int
    demand_title: str
    next_follow_up: dt.date
    overdue: bool
    broker_id: int | None

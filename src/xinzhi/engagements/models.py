"""Engagements (对接), their stage history, contact log, technology contracts and milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinzhi.core.models import Audited, Base, Timestamped, utcnow

# An engagement is open until it is completed or terminated; only one open engagement may link
# the same demand and candidate (enforced in the service, with this partial index as backstop).
OPEN_WHERE = text("stage NOT IN ('completed', 'terminated')")


class Engagement(Audited, Timestamped, Base):
    __tablename__ = "engagements"
    __table_args__ = (
        Index(
            "uq_engagements_open_pair",
            "demand_id",
            "candidate_type",
            "candidate_id",
            unique=True,
            sqlite_where=OPEN_WHERE,
            postgresql_where=OPEN_WHERE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    # 揭榜挂帅 challenges will link here once that domain has its tables.
    challenge_id: Mapped[int | None] = mapped_column(Integer)
    candidate_type: Mapped[str] = mapped_column(String(16))
    candidate_id: Mapped[int] = mapped_column(Integer)
    broker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(16), default="manual")
    score: Mapped[float | None]
    reasons: Mapped[Any] = mapped_column(JSON, nullable=True)
    proposal: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(16), default="recommended", index=True)
    stage_entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    termination_reason: Mapped[str | None] = mapped_column(String(16))
    termination_note: Mapped[str] = mapped_column(Text, default="")

    history: Mapped[list[EngagementStage]] = relationship(
        back_populates="engagement",
        cascade="all, delete-orphan",
        order_by="EngagementStage.id",
    )
    contacts: Mapped[list[EngagementContact]] = relationship(
        back_populates="engagement",
        cascade="all, delete-orphan",
        order_by="EngagementContact.id",
    )
    contract: Mapped[TechContract | None] = relationship(
        back_populates="engagement", cascade="all, delete-orphan"
    )


class EngagementStage(Base):
    """One stay in one stage: entered, left (null while current), who moved it and why."""

    __tablename__ = "engagement_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16))
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    left_at: Mapped[dt.datetime | None]
    actor: Mapped[str] = mapped_column(String(128), default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")

    engagement: Mapped[Engagement] = relationship(back_populates="history")


class EngagementContact(Audited, Base):
    """A contact-log entry: 电话 / 会面 / 邮件 / 平台消息, with the next follow-up date."""

    __tablename__ = "engagement_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    contact_date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    participants: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text)
    next_follow_up: Mapped[dt.date | None] = mapped_column(Date, index=True)
    follow_up_notified: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    engagement: Mapped[Engagement] = relationship(back_populates="contacts")


class TechContract(Audited, Timestamped, Base):
    """A technology contract as the 技术合同认定登记 form records it (see ``contracts.py``)."""

    __tablename__ = "tech_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), unique=True
    )
    contract_type: Mapped[str] = mapped_column(String(16), index=True)
    transfer_mode: Mapped[str] = mapped_column(String(16), default="")
    payment_form: Mapped[str] = mapped_column(String(16), default="")
    project_name: Mapped[str] = mapped_column(String(512), default="")
    amount_wan: Mapped[float]
    non_tech_amount_wan: Mapped[float] = mapped_column(default=0.0)
    tech_amount_wan: Mapped[float]
    signed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    buyer_name: Mapped[str] = mapped_column(String(256), default="")
    buyer_region_code: Mapped[str | None] = mapped_column(String(6))
    seller_name: Mapped[str] = mapped_column(String(256), default="")
    seller_region_code: Mapped[str | None] = mapped_column(String(6))
    registering_party: Mapped[str] = mapped_column(String(16), default="seller")
    registration_no: Mapped[str | None] = mapped_column(String(32))
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    review_days: Mapped[int] = mapped_column(default=30)
    review_working_days: Mapped[bool] = mapped_column(default=False)
    expected_investment_wan: Mapped[float | None]
    expected_output_wan: Mapped[float | None]
    rule_version: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")

    engagement: Mapped[Engagement] = relationship(back_populates="contract")
    milestones: Mapped[list[PaymentMilestone]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="PaymentMilestone.id"
    )


class PaymentMilestone(Audited, Base):
    __tablename__ = "payment_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("tech_contracts.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[dt.date] = mapped_column(Date)
    amount_wan: Mapped[float]
    paid: Mapped[bool] = mapped_column(default=False)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    contract: Mapped[TechContract] = relationship(back_populates="milestones")

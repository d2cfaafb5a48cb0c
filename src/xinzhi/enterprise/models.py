"""Tables of enterprise profiles, their yearly figures and stored assessments.

A profile belongs to one catalog organisation. Yearly figures are typed columns (so a park's
portfolio can be queried); lists (IP, titles, awards, institutions, standards) and declarations
sit in ``details`` in the shape of
:class:`~xinzhi.enterprise.profiles.profile.EnterpriseProfile`. Every change is audited; each
stored assessment keeps its rule set, parameters and full result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinzhi.core.models import Audited, Base, Timestamped, utcnow

YEAR_COLUMNS = (
    "revenue", "main_revenue", "high_tech_revenue", "total_income", "non_taxable_income",
    "rd_expense", "rd_expense_domestic",
    "cost_total", "total_assets", "total_liabilities", "current_assets", "current_liabilities",
    "net_profit", "equity_financing", "top_customer_share", "platform_score",
)  # fmt: skip
COUNT_COLUMNS = ("employees", "rd_staff", "tech_staff", "conversions")


class EnterpriseProfileRow(Audited, Timestamped, Base):
    __tablename__ = "enterprise_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(256), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    industry: Mapped[str] = mapped_column(String(128), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    years: Mapped[list[EnterpriseYearRow]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="EnterpriseYearRow.year"
    )


class EnterpriseYearRow(Audited, Base):
    __tablename__ = "enterprise_years"
    __table_args__ = (UniqueConstraint("profile_id", "year", name="uq_enterprise_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise_profiles.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[float | None]
    main_revenue: Mapped[float | None]
    high_tech_revenue: Mapped[float | None]
    total_income: Mapped[float | None]  # 收入总额
    non_taxable_income: Mapped[float | None]  # 不征税收入
    rd_expense: Mapped[float | None]
    rd_expense_domestic: Mapped[float | None]
    cost_total: Mapped[float | None]
    total_assets: Mapped[float | None]
    total_liabilities: Mapped[float | None]
    current_assets: Mapped[float | None]
    current_liabilities: Mapped[float | None]
    net_profit: Mapped[float | None]
    equity_financing: Mapped[float | None]
    top_customer_share: Mapped[float | None]
    platform_score: Mapped[float | None]
    employees: Mapped[int | None]
    rd_staff: Mapped[int | None]
    tech_staff: Mapped[int | None]
    conversions: Mapped[int | None]

    profile: Mapped[EnterpriseProfileRow] = relationship(back_populates="years")


class EnterpriseAssessmentRow(Base):
    """A stored assessment: reproducible from its rule set, parameters and the profile then."""

    __tablename__ = "enterprise_assessments"
    __table_args__ = (Index("ix_enterprise_assessments_profile", "profile_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise_profiles.id", ondelete="CASCADE")
    )
    rule_set: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str] = mapped_column(String(128), default="system")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

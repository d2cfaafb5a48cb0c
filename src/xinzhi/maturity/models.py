"""TRL assessments, per-criterion answers, evidence files and reviewer approvals.

An assessment belongs to one achievement and is made on one scale and track against one
checklist version. Re-assessing adds a new row and marks the previous one ``superseded``: old
rows are kept and never edited again, so the history is complete. Every insert, update and
delete of these tables is written to the audit log (``Audited``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinzhi.core.models import Audited, Base, Timestamped, utcnow


class TrlAssessment(Audited, Timestamped, Base):
    __tablename__ = "trl_assessments"
    __table_args__ = (Index("ix_trl_assessments_achievement", "achievement_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id", ondelete="CASCADE"))
    scale: Mapped[str] = mapped_column(String(8))
    track: Mapped[str] = mapped_column(String(16))
    checklist_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    achieved_level: Mapped[int | None] = mapped_column(Integer)
    target_level: Mapped[int | None] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("trl_assessments.id", ondelete="SET NULL")
    )
    prior: Mapped[dict[str, Any] | None]
    prior_decision: Mapped[str | None] = mapped_column(String(16))
    prior_decided_level: Mapped[int | None] = mapped_column(Integer)
    prior_reviewer: Mapped[str | None] = mapped_column(String(128))
    prior_reason: Mapped[str] = mapped_column(Text, default="")
    prior_decided_at: Mapped[dt.datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(128), default="system")

    answers: Mapped[list[TrlAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="TrlAnswer.id"
    )
    approvals: Mapped[list[TrlApproval]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="TrlApproval.level"
    )


class TrlAnswer(Audited, Base):
    """One criterion answered ``met`` / ``not_met`` / ``not_applicable``, with a note."""

    __tablename__ = "trl_answers"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id", name="uq_trl_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("trl_assessments.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer)
    track: Mapped[str] = mapped_column(String(16))
    criterion_text: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(128), default="system")
    answered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    assessment: Mapped[TrlAssessment] = relationship(back_populates="answers")
    evidence: Mapped[list[TrlEvidence]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="TrlEvidence.id"
    )


class TrlEvidence(Audited, Base):
    """An evidence file: stored content-addressed under ``data_dir/maturity/evidence``."""

    __tablename__ = "trl_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("trl_answers.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(128), default="system")
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    answer: Mapped[TrlAnswer] = relationship(back_populates="evidence")


class TrlApproval(Audited, Base):
    """A reviewer's approval of one level of one assessment (who and when)."""

    __tablename__ = "trl_approvals"
    __table_args__ = (UniqueConstraint("assessment_id", "level", name="uq_trl_approval"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("trl_assessments.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(128))
    reviewer_user_id: Mapped[int | None] = mapped_column(Integer)
    approved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[TrlAssessment] = relationship(back_populates="approvals")

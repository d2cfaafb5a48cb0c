"""揭榜挂帅 tables: challenges and their status history, applications (teams), reviewers,
declared ties and recusals, scores, milestones and payments, key needs and failure cases.

Every table is ``Audited`` (each insert, update and delete lands in the audit log). A failure
case's original records (原始记录) are a JSON snapshot with its SHA-256, taken when the case is
created; the ``before_update`` hook below refuses any later change to either column, so the
record the 科学技术进步法 failure-tolerance rule rests on cannot be edited through the ORM.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import get_history

from xinzhi.core.errors import Conflict
from xinzhi.core.models import Audited, Base, Timestamped, utcnow

ORG_FK = "organisations.id"


class Challenge(Audited, Timestamped, Base):
    """A 榜单: the problem, money and how it flows, eligibility rules, rubric, review mode."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    # ``scenario``: a 场景清单 entry on the same lifecycle (site, offers, TRL needed, partner)
    kind: Mapped[str] = mapped_column(String(16), default="challenge", index=True)
    title: Mapped[str] = mapped_column(String(256), index=True)
    goal: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(64), default="", index=True)
    scenario: Mapped[dict[str, Any]] = mapped_column(default=dict)
    validation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    budget_wan: Mapped[float] = mapped_column(default=0.0)
    funding_mode: Mapped[str] = mapped_column(String(16), default="reward")
    race_teams: Mapped[int] = mapped_column(Integer, default=0)
    deadline: Mapped[dt.date] = mapped_column(Date)
    blind: Mapped[bool] = mapped_column(default=True)
    rubric: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    eligibility: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    owner_org_id: Mapped[int | None] = mapped_column(
        ForeignKey(ORG_FK, ondelete="SET NULL"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[dt.datetime | None]
    awarded_at: Mapped[dt.datetime | None]
    award_application_id: Mapped[int | None] = mapped_column(Integer)

    history: Mapped[list[ChallengeStatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="ChallengeStatusChange.id"
    )


class ChallengeStatusChange(Audited, Base):
    """One status change: from, to, who, when, why."""

    __tablename__ = "challenge_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(128), default="")
    user_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class ChallengeApplication(Audited, Timestamped, Base):
    """揭榜: a team led by one organisation, its proposal and the eligibility verdict."""

    __tablename__ = "challenge_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    lead_org_id: Mapped[int] = mapped_column(ForeignKey(ORG_FK, ondelete="CASCADE"), index=True)
    proposal: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    budget_wan: Mapped[float | None]
    achievement_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    patent_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    eligible: Mapped[bool] = mapped_column(default=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    created_by: Mapped[int | None] = mapped_column(Integer)

    members: Mapped[list[ApplicationMember]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationMember.id"
    )


class ApplicationMember(Audited, Base):
    __tablename__ = "challenge_members"
    __table_args__ = (UniqueConstraint("application_id", "organisation_id", name="uq_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_applications.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey(ORG_FK, ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32), default="member")
    share: Mapped[float | None]


class ChallengeReviewer(Audited, Base):
    __tablename__ = "challenge_reviewers"
    __table_args__ = (UniqueConstraint("challenge_id", "user_id", name="uq_challenge_reviewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(128), default="")
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewerTie(Audited, Base):
    """A declared tie of a reviewer to an organisation (15 U.S.C. §3719(k)(2) names these)."""

    __tablename__ = "challenge_reviewer_ties"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey(ORG_FK, ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class Recusal(Audited, Base):
    """A reviewer kept off one application: ``recuse`` (by staff, or found by the conflict
    check) hides it from the reviewer; ``abstain`` is the reviewer's own declaration."""

    __tablename__ = "challenge_recusals"
    __table_args__ = (UniqueConstraint("application_id", "user_id", name="uq_recusal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_applications.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="recuse")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ChallengeScore(Audited, Timestamped, Base):
    """One reviewer's scores of one application in one round (``review`` or ``defence``)."""

    __tablename__ = "challenge_scores"
    __table_args__ = (
        UniqueConstraint("application_id", "user_id", "round", name="uq_challenge_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_applications.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    round: Mapped[str] = mapped_column(String(16), default="review")
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    weighted: Mapped[float] = mapped_column(default=0.0)
    comment: Mapped[str] = mapped_column(Text, default="")


class ChallengeMilestone(Audited, Timestamped, Base):
    __tablename__ = "challenge_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(256))
    due: Mapped[dt.date] = mapped_column(Date, index=True)
    trl_target: Mapped[int] = mapped_column(Integer)
    payment_share: Mapped[float] = mapped_column(default=0.0)
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("achievements.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    submission: Mapped[str] = mapped_column(Text, default="")
    accepted_at: Mapped[dt.datetime | None]
    accepted_trl: Mapped[int | None] = mapped_column(Integer)
    accepted_by: Mapped[str] = mapped_column(String(128), default="")
    overdue_notified: Mapped[bool] = mapped_column(default=False)


class ChallengePayment(Audited, Base):
    """Money released: a start-up share (赛马式), a milestone's share, the award or remainder."""

    __tablename__ = "challenge_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(Integer)
    milestone_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    amount_wan: Mapped[float]
    released_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class KeyNeed(Audited, Timestamped, Base):
    """需求清单 entry: a catalog demand flagged as a key need, with the 卡脖子 item it concerns."""

    __tablename__ = "challenge_key_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(
        ForeignKey("demands.id", ondelete="CASCADE"), unique=True
    )
    chokepoint: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(Integer)


class FailureCase(Audited, Timestamped, Base):
    """失败案例: what was tried, why it failed, lessons, and the frozen original records."""

    __tablename__ = "challenge_failure_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(256))
    field: Mapped[str] = mapped_column(String(64), default="")
    tried: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(Text, default="")
    trl_reached: Mapped[int | None] = mapped_column(Integer)
    spent_wan: Mapped[float] = mapped_column(default=0.0)
    main_cause: Mapped[str] = mapped_column(String(16))
    causes: Mapped[list[str]] = mapped_column(default=list)
    lessons: Mapped[str] = mapped_column(Text, default="")
    reusable: Mapped[str] = mapped_column(Text, default="")
    achievement_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    patent_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    publication: Mapped[str] = mapped_column(String(16), default="anonymised")
    records: Mapped[dict[str, Any]] = mapped_column(default=dict)
    records_hash: Mapped[str] = mapped_column(String(64), default="")
    checklist: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decision: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    decided_at: Mapped[dt.datetime | None]
    compensation_wan: Mapped[float | None]
    created_by: Mapped[int | None] = mapped_column(Integer)


FROZEN = ("records", "records_hash")


@event.listens_for(FailureCase, "before_update")
def _records_frozen(_mapper: Any, _connection: Any, target: FailureCase) -> None:
    """原始记录 are written once: any change to them after creation is refused."""
    for name in FROZEN:
        if get_history(target, name).has_changes():
            raise Conflict(
                "失败案例的原始记录不可修改 (the original records of a failure case are frozen)",
                details=[{"field": name}],
            )

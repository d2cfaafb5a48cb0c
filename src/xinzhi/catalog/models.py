"""ORM tables of the catalog: the linked graph every other domain reads.

Money is stored in 万元 (ten thousand yuan), the unit Chinese listings use. Region codes are
GB/T 2260 six-digit administrative codes. Columns a source file has but the model does not are
kept in ``extra`` so an import never drops data silently.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xinzhi.core.models import Audited, Base, Timestamped, utcnow


class OrgKind(enum.StrEnum):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    PARK = "park"
    FUND = "fund"
    OTHER = "other"


class Confidentiality(enum.StrEnum):
    PUBLIC = "public"
    CONFIDENTIAL = "confidential"


class TrlScale(enum.StrEnum):
    NASA = "nasa"
    EU = "eu"
    GBT = "gbt"


class PersonKind(enum.StrEnum):
    EXPERT = "expert"
    BROKER = "broker"


class DemandStatus(enum.StrEnum):
    """Where a demand stands (the engagements domain moves it forward: 已对接 once contacted,
    已签约 with a contract, 已解决 when accepted); ``closed`` is set by hand."""

    OPEN = "open"
    ENGAGED = "engaged"
    SIGNED = "signed"
    SOLVED = "solved"
    CLOSED = "closed"


class Record(Audited, Timestamped):
    """Columns every imported catalog record has: ids for upserts and provenance."""

    __audit_exclude__ = frozenset({"created_at", "updated_at", "content_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    natural_key: Mapped[str] = mapped_column(String(200), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(128), index=True)
    source: Mapped[str] = mapped_column(String(128), default="")
    content_hash: Mapped[str] = mapped_column(String(40), default="")
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Contact:
    """Who to call about a record (联系人, 联系电话, 电子邮箱): demands and organisations."""

    contact_name: Mapped[str] = mapped_column(String(64), default="")
    contact_phone: Mapped[str] = mapped_column(String(64), default="")
    contact_email: Mapped[str] = mapped_column(String(256), default="")


class Organisation(Contact, Record, Base):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(256), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=OrgKind.ENTERPRISE.value)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(256), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class Person(Record, Base):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=PersonKind.EXPERT.value)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(64), default="")
    fields: Mapped[list[str]] = mapped_column(default=list)
    email: Mapped[str] = mapped_column(String(256), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    bio: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation | None] = relationship()


class Owned:
    """An owned record with a confidentiality level (achievements and demands)."""

    owner_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    confidentiality: Mapped[str] = mapped_column(
        String(16), default=Confidentiality.PUBLIC.value, index=True
    )


class Achievement(Owned, Record, Base):
    """科技成果: a research result offered for transfer."""

    __tablename__ = "achievements"

    title: Mapped[str] = mapped_column(String(512), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(64), default="", index=True)
    discipline: Mapped[str] = mapped_column(String(64), default="")
    keywords: Mapped[list[str]] = mapped_column(default=list)
    trl: Mapped[int | None]
    trl_scale: Mapped[str | None] = mapped_column(String(8))
    transfer_mode: Mapped[str] = mapped_column(String(32), default="")
    price_min_wan: Mapped[float | None]
    price_max_wan: Mapped[float | None]
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)

    owner: Mapped[Organisation | None] = relationship()


class Demand(Contact, Owned, Record, Base):
    """技术需求: an enterprise's technology problem ("产业出题")."""

    __tablename__ = "demands"

    title: Mapped[str] = mapped_column(String(512), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(64), default="", index=True)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    budget_min_wan: Mapped[float | None]
    budget_max_wan: Mapped[float | None]
    budget_text: Mapped[str] = mapped_column(String(64), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    target_indicators: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    poster_type: Mapped[str] = mapped_column(String(32), default="")
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DemandStatus.OPEN.value)

    owner: Mapped[Organisation | None] = relationship()


class Patent(Record, Base):
    __tablename__ = "patents"
    __table_args__ = (Index("ix_patents_app_date", "app_date"),)

    pub_no: Mapped[str] = mapped_column(String(32), unique=True)
    app_no: Mapped[str] = mapped_column(String(32), default="", index=True)
    app_date: Mapped[dt.date | None] = mapped_column(Date)
    pub_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    grant_date: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(512))
    abstract: Mapped[str] = mapped_column(Text, default="")
    applicants: Mapped[list[str]] = mapped_column(default=list)
    inventors: Mapped[list[str]] = mapped_column(default=list)
    ipc_main: Mapped[str] = mapped_column(String(32), default="", index=True)
    ipc: Mapped[list[str]] = mapped_column(default=list)
    cpc: Mapped[list[str]] = mapped_column(default=list)
    legal_status: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str] = mapped_column(String(16), default="", index=True)
    region_code: Mapped[str | None] = mapped_column(String(6))
    cites: Mapped[list[str]] = mapped_column(default=list)


class PatentCitation(Base):
    """A citation from a patent in the corpus to a publication number (resolved when present)."""

    __tablename__ = "patent_citations"
    __table_args__ = (UniqueConstraint("citing_id", "cited_number", name="uq_patent_citation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citing_id: Mapped[int] = mapped_column(ForeignKey("patents.id", ondelete="CASCADE"))
    cited_number: Mapped[str] = mapped_column(String(32), index=True)
    cited_id: Mapped[int | None] = mapped_column(
        ForeignKey("patents.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(16), default="")


class Policy(Record, Base):
    """惠企政策: structure the enterprise domain fills with computable conditions."""

    __tablename__ = "policies"

    title: Mapped[str] = mapped_column(String(512))
    issuer: Mapped[str] = mapped_column(String(256), default="")
    doc_number: Mapped[str] = mapped_column(String(128), default="")
    level: Mapped[str] = mapped_column(String(16), default="national")
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    url: Mapped[str] = mapped_column(String(512), default="")


class Link(Audited, Base):
    """A typed edge between two catalog records (e.g. achievement —protected_by→ patent)."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint(
            "source_type", "source_id", "target_type", "target_id", "relation", name="uq_link"
        ),
        Index("ix_links_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int]
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    relation: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

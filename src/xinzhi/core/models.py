"""Declarative base and the core tables: users, API tokens, audit log, jobs, search entries."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime: every stored time is UTC, but SQLite hands
    them back naive (PostgreSQL aware)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
        dt.datetime: DateTime(timezone=True),
    }


def never_reuse_ids(table: Table) -> None:
    """Give ``table`` SQLite's ``AUTOINCREMENT`` when its key is one integer ``id``: a deleted
    id is then never handed out again, so a new record never inherits the links and audit
    history of a deleted one (SQLite otherwise reuses the largest deleted rowid; PostgreSQL
    sequences never go back). Migration 0016 rebuilt the existing tables the same way."""
    key = list(table.primary_key.columns)
    if len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, Integer):
        table.dialect_kwargs["sqlite_autoincrement"] = True


@event.listens_for(Base, "instrument_class", propagate=True)
def _on_mapped(_mapper: Any, cls: type) -> None:
    table = getattr(cls, "__table__", None)
    if isinstance(table, Table):
        never_reuse_ids(table)


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Audited:
    """Marker: every insert, update and delete of a subclass is written to the audit log."""

    __audit_exclude__: frozenset[str] = frozenset({"created_at", "updated_at"})


class Role(enum.StrEnum):
    ADMIN = "admin"
    BROKER = "broker"
    ENTERPRISE = "enterprise"
    RESEARCHER = "researcher"
    REVIEWER = "reviewer"
    PUBLIC = "public"


class User(Audited, Timestamped, Base):
    __tablename__ = "users"
    __audit_exclude__ = frozenset({"created_at", "updated_at", "password_hash", "last_login_at"})

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    # For notification e-mail only; never shown on a public page or in the API's user shapes.
    email: Mapped[str] = mapped_column(String(256), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=Role.PUBLIC.value)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete")


class TokenKind(enum.StrEnum):
    API = "api"  # a bearer token for scripts, shown once
    SESSION = "session"  # a web log-in, carried in the signed session cookie


class ApiToken(Base):
    """A server-side credential record: an API token or a web session. Logging out or revoking
    deletes the row, and a request carrying its secret is anonymous from then on."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(
        String(16), default=TokenKind.API.value, server_default=TokenKind.API.value
    )
    name: Mapped[str] = mapped_column(String(128), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime | None]
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    user_agent: Mapped[str] = mapped_column(String(256), default="", server_default="")

    user: Mapped[User] = relationship(back_populates="tokens")


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    note: Mapped[str] = mapped_column(Text, default="")


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED.value, index=True)
    progress: Mapped[float] = mapped_column(default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(128), default="system")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class SearchEntry(Base):
    """App-side segmented text of one record; FTS5 (SQLite) or a tsvector (PostgreSQL) indexes it.

    Chinese has no spaces, and neither SQLite's trigram FTS5 (misses two-character words) nor
    PostgreSQL's ``simple`` configuration can split it, so tokens are made in the application
    with jieba's algorithm (rjieba) and stored space-separated.
    """

    __tablename__ = "search_entries"
    __table_args__ = (Index("uq_search_entries_entity", "entity_type", "entity_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    tokens: Mapped[str] = mapped_column(Text, default="")
    # Character bigrams of the Chinese text, for substring matching (core.search_query).
    grams: Mapped[str] = mapped_column(Text, default="", server_default="")

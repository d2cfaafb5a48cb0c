"""Watchlists, their runs and the warnings they raise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinzhi.core.models import Audited, Base, Timestamped, utcnow


class Watchlist(Audited, Timestamped, Base):
    """A saved query over patents with a schedule, watched competitors and thresholds."""

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner: Mapped[str] = mapped_column(String(128), default="")
    # q, province, year_from, year_to, ipc (prefixes), applicants (names): see WatchQuery
    query: Mapped[dict[str, Any]] = mapped_column(default=dict)
    competitors: Mapped[list[str]] = mapped_column(default=list)
    schedule: Mapped[str] = mapped_column(String(16), default="weekly")
    # s, gamma, min_total, min_duration, top_terms, censored_years, maturity (list of shares)
    thresholds: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(default=True)
    last_run_at: Mapped[dt.datetime | None]
    last_status: Mapped[str] = mapped_column(String(16), default="")
    next_run_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class WatchRun(Base):
    """One evaluation of a watchlist: its parameters, the snapshot, status and error."""

    __tablename__ = "watch_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="running")
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    job_id: Mapped[int | None]
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    previous_run_id: Mapped[int | None]
    warnings_raised: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]


class WatchWarning(Base):
    """A warning: what triggered it, with the numbers; the same trigger warns only once."""

    __tablename__ = "watch_warnings"
    __table_args__ = (
        UniqueConstraint("watchlist_id", "dedupe_key", name="uq_watch_warnings_trigger"),
        Index("ix_watch_warnings_open", "watchlist_id", "acknowledged_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("watch_runs.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(16), default="warning")
    title: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by: Mapped[str] = mapped_column(String(128), default="")

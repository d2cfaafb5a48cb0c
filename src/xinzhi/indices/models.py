"""Stored evaluation runs: the system, the panel's fingerprint, every parameter and the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinzhi.core.models import Base, utcnow


class IndexRun(Base):
    """One ``xinzhi indices run``: enough to reproduce it (system version, panel hash, options)."""

    __tablename__ = "index_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[str] = mapped_column(String(64), index=True)
    system_name: Mapped[str] = mapped_column(String(200))
    system_version: Mapped[str] = mapped_column(String(32))
    panel_name: Mapped[str] = mapped_column(String(255))
    panel_sha256: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    results: Mapped[dict[str, Any]] = mapped_column(default=dict)
    out_dir: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

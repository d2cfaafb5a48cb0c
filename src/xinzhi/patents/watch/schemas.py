"""API shapes of watchlists and warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Schedule = Literal["manual", "daily", "weekly"]


class WatchQuery(BaseModel):
    """Which patents a watchlist covers. Keywords are full-text queries combined with OR (each
    one as ``xinzhi patents --q``: all its words must match); the other filters narrow them."""

    model_config = ConfigDict(extra="forbid")

    keywords: list[str] = Field(default_factory=list, description="全文检索词，多个为“或”")
    province: str = Field("", description="省份（如 江苏）")
    year_from: int | None = Field(None, description="申请年起")
    year_to: int | None = Field(None, description="申请年止")
    ipc: list[str] = Field(default_factory=list, description="IPC 前缀，如 H02S、H01L31")
    applicants: list[str] = Field(default_factory=list, description="申请人（包含即匹配）")


class WatchlistCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, title="名称")
    description: str = ""
    query: WatchQuery = Field(default_factory=WatchQuery)
    competitors: list[str] = Field(default_factory=list, title="关注的竞争对手")
    schedule: Schedule = "weekly"
    thresholds: dict[str, Any] = Field(default_factory=dict)
    active: bool = True


class WatchlistUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    query: WatchQuery | None = None
    competitors: list[str] | None = None
    schedule: Schedule | None = None
    thresholds: dict[str, Any] | None = None
    active: bool | None = None


class WatchlistRead(BaseModel):
    id: int
    name: str
    description: str
    owner: str
    query: WatchQuery
    competitors: list[str]
    schedule: str
    thresholds: dict[str, Any]
    active: bool
    last_run_at: dt.datetime | None
    last_status: str
    next_run_at: dt.datetime | None
    open_warnings: int = 0


class WatchRunRead(BaseModel):
    id: int
    watchlist_id: int
    status: str
    trigger: str
    job_id: int | None
    params: dict[str, Any]
    snapshot: dict[str, Any]
    previous_run_id: int | None
    warnings_raised: int
    error: str
    actor: str
    started_at: dt.datetime
    finished_at: dt.datetime | None


class WarningRead(BaseModel):
    id: int
    watchlist_id: int
    watchlist: str = ""
    run_id: int | None
    kind: str
    severity: str
    title: str
    explanation: str
    details: dict[str, Any]
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: str


class AckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(min_length=1)

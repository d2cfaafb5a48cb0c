"""API shapes of watchlists and warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Schedule = Literal["manual", "daily", "weekly"]
BurstField = Literal["query", "keyword", "ipc", "applicant", "inventor", "province"]
NULL_THRESHOLDS = (
    "thresholds 不能为空；要恢复默认值请传 {} (thresholds cannot be null; send {} for the defaults)"
)


class ThresholdsIn(BaseModel):
    """A watchlist's run parameters as sent: each one typed and in range, all optional (an
    omitted one takes the default of :class:`~xinzhi.patents.watch.thresholds.Thresholds`)."""

    model_config = ConfigDict(extra="forbid")

    s: float | None = Field(None, gt=1, le=100, description="Kleinberg s (> 1)")
    gamma: float | None = Field(None, gt=0, le=100, description="Kleinberg γ (> 0)")
    min_total: int | None = Field(None, ge=1, le=1_000_000)
    min_duration: int | None = Field(None, ge=1, le=1000)
    top_terms: int | None = Field(None, ge=1, le=500)
    burst_fields: list[BurstField] | None = Field(None, max_length=6)
    model: Literal["logistic", "gompertz"] | None = None
    censored_years: int | None = Field(None, ge=0, le=50)
    maturity: list[float] | None = Field(None, max_length=10)

    def stored(self) -> dict[str, Any]:
        """What the watchlist keeps: only the parameters that were given."""
        return self.model_dump(exclude_none=True)


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
    thresholds: ThresholdsIn = Field(default_factory=ThresholdsIn)
    active: bool = True

    @field_validator("thresholds", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError(NULL_THRESHOLDS)
        return value


class WatchlistUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    query: WatchQuery | None = None
    competitors: list[str] | None = None
    schedule: Schedule | None = None
    thresholds: ThresholdsIn | None = None  # an explicit null is refused, not stored
    active: bool | None = None

    @field_validator("thresholds", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError(NULL_THRESHOLDS)
        return value


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

    @field_validator("thresholds", mode="before")
    @classmethod
    def _defaults_for_null(cls, value: Any) -> Any:
        # rows stored before thresholds were validated may hold null: show the defaults
        return {} if value is None else value

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

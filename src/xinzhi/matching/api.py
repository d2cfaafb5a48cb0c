"""Matching API (产业出题、科技答题): matches with reasons, demand quality, feedback, the index.

Routes with a fixed second segment (``/match/quality/…``, ``/match/feedback/…``,
``/match/index``) are declared before ``/match/{entity_type}/{record_id}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from xinzhi.catalog import service as catalog
from xinzhi.catalog.entities import get_entity
from xinzhi.common.bounded import JsonObject
from xinzhi.common.permissions import require
from xinzhi.common.web.deps import DbDep, HueyDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.limits import anonymous_limit
from xinzhi.core import jobs
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.matching import access, service
from xinzhi.matching import feedback as feedback_service
from xinzhi.matching.quality import assess_demand
from xinzhi.matching.service import MatchOptions
from xinzhi.matching.types import ENTITY_TYPES

router = APIRouter(prefix="/match", tags=["matching"])
Mode = Literal["hybrid", "lexical", "dense"]  # engine.MODES (a Literal needs the values spelled)
# a source may be named in the singular (service) or the plural (catalog URLs)
SOURCES = {"demand": "demand", "demands": "demand", "achievement": "achievement",
           "achievements": "achievement", "patent": "patent", "patents": "patent"}  # fmt: skip


class MatchFilters(BaseModel):
    """What a match can be narrowed by (``service.MatchOptions``)."""

    targets: list[str] = Field(default_factory=list, description="Target types; default: all.")
    k: int = Field(10, ge=1, le=200, description="Results per target type.")
    fields: list[str] = Field(default_factory=list)
    region: str = Field("", description="GB/T 2260 code prefix, e.g. 3201.")
    trl_min: int | None = Field(None, ge=1, le=9, description="NASA TRL.")
    trl_max: int | None = Field(None, ge=1, le=9)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    org_kinds: list[str] = Field(default_factory=list)
    mode: Mode = "hybrid"

    def options(self) -> MatchOptions:
        unknown = [t for t in self.targets if t not in ENTITY_TYPES]
        if unknown:
            raise InvalidInput(
                f"未知的匹配对象: {', '.join(unknown)}；可选: {', '.join(ENTITY_TYPES)}"
            )
        return MatchOptions(
            targets=tuple(self.targets),
            k=self.k,
            fields=tuple(f for f in self.fields if f),
            region_prefix=self.region,
            trl_min=self.trl_min,
            trl_max=self.trl_max,
            date_from=self.date_from,
            date_to=self.date_to,
            org_kinds=tuple(o for o in self.org_kinds if o),
            mode=self.mode,
        )


class TextMatch(MatchFilters):
    text: str = Field(min_length=1, max_length=10_000, description="The technical demand.")


class DemandDraft(BaseModel):
    """An unsaved demand for the quality gate (the catalog's demand fields)."""

    title: str = ""
    detail: str = ""
    field: str = ""
    keywords: list[str] = Field(default_factory=list)
    budget_min_wan: float | None = None
    budget_max_wan: float | None = None
    budget_text: str = ""
    deadline: dt.date | None = None
    target_indicators: list[JsonObject] = Field(default_factory=list)


class FeedbackIn(BaseModel):
    source_type: Literal["demand", "achievement", "patent"]
    source_id: int
    target_type: str
    target_id: int
    useful: bool
    rank: int | None = Field(None, ge=1)
    score: float | None = None
    note: str = Field("", max_length=2000)


class IndexRequest(BaseModel):
    full: bool = False
    entity_types: list[str] = Field(default_factory=lambda: list(ENTITY_TYPES))
    dask: str = Field("", description="Dask scheduler address for the embedding, if any.")


def index_stats(settings: Settings) -> dict[str, Any]:
    """The index's size and make-up (``documents == 0`` means matching has nothing to find)."""
    stats = service.get_retriever(settings).backend.stats()
    return {
        "backend": stats.backend,
        "model": stats.model,
        "dim": stats.dim,
        "documents": stats.documents,
        "deleted": stats.deleted,
        "empty": stats.documents == 0,
    }


@router.get("/index", summary="Matching index statistics")
def get_index(settings: SettingsDep) -> dict[str, Any]:
    return index_stats(settings)


@router.post("/index", status_code=202, summary="Update the matching index as a background job")
def post_index(
    db: DbDep, huey: HueyDep, principal: UserDep, body: IndexRequest | None = None
) -> dict[str, Any]:
    """Staff only; the job's result is the index report (see ``/jobs/{id}``)."""
    require(principal, access.INDEX)
    body = body or IndexRequest()
    unknown = [t for t in body.entity_types if t not in ENTITY_TYPES]
    if unknown:
        raise InvalidInput(f"未知的记录类型: {', '.join(unknown)}")
    params = {"full": body.full, "entity_types": body.entity_types, "dask": body.dask}
    job_id = jobs.submit(db, huey, "matching.index", params, principal)
    return {"job_id": job_id, "url": f"/api/v1/jobs/{job_id}"}


@router.get("/quality/{demand_id}", summary="Demand-quality gate of a stored demand")
def quality_of(demand_id: int, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    with db.read() as session:
        demand = catalog.get_record(session, get_entity("demands"), principal, demand_id)
        return assess_demand(demand).to_dict() | {"demand_id": demand_id}


@router.post("/quality", summary="Demand-quality gate of an unsaved demand")
def quality_of_draft(body: DemandDraft) -> dict[str, Any]:
    if not (body.title.strip() or body.detail.strip()):
        raise InvalidInput("请至少填写需求标题或详情")
    return assess_demand(body.model_dump()).to_dict()


@router.post("/feedback", status_code=201, summary="Mark a proposed match useful or not")
def feedback(
    body: FeedbackIn, db: DbDep, principal: UserDep, settings: SettingsDep
) -> dict[str, Any]:
    with db.write(**unit_kwargs(principal)) as session:
        row = feedback_service.record_feedback(session, principal, settings, **body.model_dump())
        return {"id": row.id, "useful": row.useful, "model": row.model}


@router.get("/feedback/report", summary="How often proposed matches were useful (staff)")
def feedback_report(db: DbDep, principal: UserDep) -> dict[str, Any]:
    require(principal, access.FEEDBACK_REPORT)
    with db.read() as session:
        return feedback_service.feedback_report(session)


@router.post(
    "/text",
    summary="Matches for free text (a technical demand typed in)",
    dependencies=[anonymous_limit("matching")],
)
def match_text(body: TextMatch, principal: PrincipalDep, settings: SettingsDep) -> dict[str, Any]:
    return service.match_text(settings, principal, body.text, body.options()).to_dict()


@router.get(
    "/{entity_type}/{record_id}",
    summary="Matches of a demand, achievement or patent",
    dependencies=[anonymous_limit("matching")],
)
def match_record(
    entity_type: str,
    record_id: int,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    target: Annotated[list[str] | None, Query(description="Target types (repeatable).")] = None,
    k: Annotated[int, Query(ge=1, le=200)] = 10,
    field: Annotated[list[str] | None, Query()] = None,
    region: str = "",
    trl_min: Annotated[int | None, Query(ge=1, le=9)] = None,
    trl_max: Annotated[int | None, Query(ge=1, le=9)] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    org_kind: Annotated[list[str] | None, Query()] = None,
    mode: Mode = "hybrid",
) -> dict[str, Any]:
    """Ranked matches per target type, each with its reasons (terms, semantic score, fits)."""
    source = SOURCES.get(entity_type)
    if source is None:
        raise InvalidInput(f"只能对需求、成果或专利发起匹配，收到 {entity_type!r}")
    filters = MatchFilters(
        targets=target or [], k=k, fields=field or [], region=region, trl_min=trl_min,
        trl_max=trl_max, date_from=date_from, date_to=date_to, org_kinds=org_kind or [],
        mode=mode,
    )  # fmt: skip
    with db.read() as session:
        result = service.match_record(
            session, settings, principal, source, record_id, filters.options()
        )
    return result.to_dict()

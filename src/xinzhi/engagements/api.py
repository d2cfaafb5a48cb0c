"""对接 through the API: engagements, stages, contacts, contracts, responses, funnel, stats.

The funnel, stats, follow-up and export routes are declared before ``/engagements/{id}``.
Each endpoint owns its unit of work; access rules live in ``access`` (unseen → 404)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from xinzhi.common.web.deps import DbDep, PrincipalDep, unit_kwargs
from xinzhi.common.web.params import Limit, Offset
from xinzhi.engagements import access, contracts, followups, service, stats
from xinzhi.engagements.export import write_contracts
from xinzhi.engagements.schemas import (
    ContactCreate,
    ContactRead,
    ContractCreate,
    ContractRead,
    EngagementCreate,
    EngagementDetail,
    EngagementPage,
    EngagementRead,
    EngagementUpdate,
    FollowUpRead,
    ResponseCreate,
    StageChange,
)
from xinzhi.engagements.views import read_contact, read_detail

router = APIRouter(tags=["engagements"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatsQuery(BaseModel):
    """What the funnel, the statistics and the export are narrowed by (query parameters)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    field: str = ""
    region: str = ""
    year: int | None = Field(
        None, ge=1949, le=2100, description="A calendar year instead of dates."
    )

    def filters(self) -> stats.Filters:
        date_from, date_to = self.date_from, self.date_to
        if self.year is not None:
            date_from, date_to = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        return stats.Filters(
            date_from=date_from, date_to=date_to, field=self.field, region=self.region
        )


StatsDep = Annotated[StatsQuery, Query()]


@router.get("/engagements/funnel")
def funnel(db: DbDep, principal: PrincipalDep, q: StatsDep) -> dict[str, Any]:
    """Stage counts (reached at least), conversion, median days per stage, demand pipeline."""
    with db.read(limited=True) as session:
        return stats.funnel(session, principal, q.filters())


@router.get("/engagements/stats")
def contract_stats(db: DbDep, principal: PrincipalDep, q: StatsDep) -> dict[str, Any]:
    """Contract amounts by type, region, field, month and the two yearly report groups."""
    with db.read(limited=True) as session:
        return stats.contract_stats(session, principal, q.filters())


@router.get("/engagements/contracts.xlsx")
def export_contracts(db: DbDep, principal: PrincipalDep, q: StatsDep) -> Response:
    """The visible contracts with the 技术合同认定登记表 fields (Chinese headers)."""
    out = io.BytesIO()
    with db.read(limited=True) as session:
        write_contracts(stats.visible_contracts(session, principal, q.filters()), out)
    headers = {"Content-Disposition": 'attachment; filename="contracts.xlsx"'}
    return Response(out.getvalue(), media_type=XLSX, headers=headers)


@router.get("/engagements/follow-ups")
def follow_ups(db: DbDep, principal: PrincipalDep) -> list[FollowUpRead]:
    """Follow-ups due today or overdue on the caller's open engagements."""
    with db.read() as session:
        return followups.overdue_follow_ups(session, principal)


@router.get("/engagements")
def list_engagements(
    db: DbDep,
    principal: PrincipalDep,
    demand_id: int | None = None,
    stage: str = "",
    broker_id: int | None = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> EngagementPage:
    with db.read() as session:
        items, total = service.list_engagements(
            session,
            principal,
            demand_id=demand_id,
            stage=stage,
            broker_id=broker_id,
            limit=limit,
            offset=offset,
        )
        return service.read_page(session, items, total)


@router.post("/engagements", status_code=201)
def create_engagement(body: EngagementCreate, db: DbDep, principal: PrincipalDep) -> EngagementRead:
    with db.write(**unit_kwargs(principal)) as session:
        return service.read(session, service.create(session, principal, body))


@router.post("/demands/{demand_id}/responses", status_code=201)
def respond(
    demand_id: int, body: ResponseCreate, db: DbDep, principal: PrincipalDep
) -> EngagementRead:
    """响应: a researcher or institution answers a public demand; opens an engagement."""
    with db.write(**unit_kwargs(principal)) as session:
        return service.read(session, service.respond(session, principal, demand_id, body))


@router.get("/engagements/{engagement_id}")
def get_engagement(engagement_id: int, db: DbDep, principal: PrincipalDep) -> EngagementDetail:
    with db.read() as session:
        return read_detail(session, access.get_visible(session, principal, engagement_id))


@router.patch("/engagements/{engagement_id}")
def update_engagement(
    engagement_id: int, body: EngagementUpdate, db: DbDep, principal: PrincipalDep
) -> EngagementRead:
    """Assign (or unassign) the broker; staff only."""
    with db.write(**unit_kwargs(principal)) as session:
        e = service.assign(session, principal, engagement_id, body.broker_id)
        return service.read(session, e)


@router.post("/engagements/{engagement_id}/stage")
def change_stage(
    engagement_id: int, body: StageChange, db: DbDep, principal: PrincipalDep
) -> EngagementDetail:
    """Forward one stage, or terminated with a reason; 409 with the allowed stage on a skip."""
    with db.write(**unit_kwargs(principal)) as session:
        return read_detail(session, service.change_stage(session, principal, engagement_id, body))


@router.post("/engagements/{engagement_id}/contacts", status_code=201)
def add_contact(
    engagement_id: int, body: ContactCreate, db: DbDep, principal: PrincipalDep
) -> ContactRead:
    with db.write(**unit_kwargs(principal)) as session:
        return read_contact(service.add_contact(session, principal, engagement_id, body))


@router.post("/engagements/{engagement_id}/contract", status_code=201)
def record_contract(
    engagement_id: int, body: ContractCreate, db: DbDep, principal: PrincipalDep
) -> ContractRead:
    """技术合同登记, at stage signed or later (409 before)."""
    with db.write(**unit_kwargs(principal)) as session:
        contract = contracts.record_contract(session, principal, engagement_id, body)
        return contracts.read_contract(contract)

"""Applicant aliases through the API: list, add, remove and the suggested groups.

Reading needs a login; changing the table is for staff (admin, broker), as curating the
catalog is. Included before the catalog's ``/patents/{record_id}`` routes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from xinzhi.common.permissions import require
from xinzhi.common.web.deps import DbDep, UserDep, unit_kwargs
from xinzhi.common.web.params import BigLimit, Limit
from xinzhi.patents import access
from xinzhi.patents import aliases as service

router = APIRouter(prefix="/patents/aliases", tags=["patents"])


class AliasIn(BaseModel):
    alias: str = Field(min_length=1, max_length=256, title="别名")
    canonical: str = Field(min_length=1, max_length=256, title="规范名称")
    note: str = Field("", max_length=2000, title="备注")


@router.get("")
def list_aliases(
    db: DbDep, _user: UserDep, q: str = "", limit: BigLimit = 500
) -> list[dict[str, Any]]:
    with db.read() as session:
        return [service.alias_dict(r) for r in service.list_aliases(session, q, limit)]


@router.post("", status_code=201)
def add_alias(db: DbDep, user: UserDep, body: AliasIn) -> dict[str, Any]:
    require(user, access.ALIASES_EDIT)
    with db.write(**unit_kwargs(user)) as session:
        row = service.add_alias(
            session, body.alias, body.canonical, actor=user.actor, note=body.note
        )
        return service.alias_dict(row)


@router.get("/suggestions")
def suggestions(
    db: DbDep,
    _user: UserDep,
    min_names: Annotated[int, Query(ge=2, le=1000)] = 2,
    limit: Limit = 100,
) -> list[dict[str, Any]]:
    """Groups of raw applicant names sharing one normalised key, most patents first."""
    with db.read() as session:
        groups = service.suggest(session, min_names=min_names, limit=limit)
    return [g.to_dict() for g in groups]


@router.delete("/{alias_id}", status_code=204)
def remove_alias(db: DbDep, user: UserDep, alias_id: int) -> Response:
    require(user, access.ALIASES_EDIT)
    with db.write(**unit_kwargs(user)) as session:
        service.remove_alias(session, alias_id)
    return Response(status_code=204)

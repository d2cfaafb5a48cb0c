"""Search across entity types in one call (each type ranked by its own relevance)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.common.web.deps import DbDep, PrincipalDep
from xinzhi.common.web.limits import anonymous_limit

router = APIRouter(tags=["search"])


@router.get(
    "/search",
    summary="Chinese full-text search across record types",
    dependencies=[anonymous_limit("search")],
)
def search(
    db: DbDep,
    principal: PrincipalDep,
    q: str,
    types: str = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    names = [t for t in types.split(",") if t] or list(ENTITIES)
    with db.read(limited=True) as session:
        results = service.search_all(session, principal, q, names, limit)
    return {"q": q, "results": results}

"""Search across entity types in one call (each type ranked by its own relevance)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES, get_entity
from xinzhi.web.deps import DbDep, PrincipalDep

router = APIRouter(tags=["search"])


@router.get("/search", summary="Chinese full-text search across record types")
def search(
    db: DbDep, principal: PrincipalDep, q: str, types: str = "", limit: int = 10
) -> dict[str, Any]:
    names = [t for t in types.split(",") if t] or list(ENTITIES)
    results: dict[str, Any] = {}
    with db.read(limited=True) as session:
        for name in names:
            entity = get_entity(name)
            page = service.list_records(session, entity, principal, q=q, size=min(limit, 50))
            results[name] = {
                "total": page.total,
                "items": [
                    {
                        "id": o.id,
                        "title": getattr(o, entity.title_field),
                        "score": page.scores.get(o.id),
                    }
                    for o in page.items
                ],
            }
    return {"q": q, "results": results}

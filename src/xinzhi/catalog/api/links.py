"""Links between records (the linked graph)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from xinzhi.catalog import links
from xinzhi.catalog.schemas import LinkCreate
from xinzhi.common.web.deps import DbDep, PrincipalDep, unit_kwargs

router = APIRouter(tags=["links"])


@router.get("/links/relations")
def relations() -> dict[str, Any]:
    return {
        k: {"source": s, "target": t, "label": lbl} for k, (s, t, lbl) in links.RELATIONS.items()
    }


@router.get("/{entity}/{record_id}/links")
def record_links(
    entity: str, record_id: int, db: DbDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    """Links from and to one record, with the other end's title."""
    with db.read() as session:
        return links.links_of(session, principal, entity, record_id)


@router.post("/links", status_code=201)
def create_link(body: LinkCreate, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    with db.write(**unit_kwargs(principal)) as session:
        link = links.create_link(session, principal, body)
        return {"id": link.id, **body.model_dump()}


@router.delete("/links/{link_id}", status_code=204)
def delete_link(link_id: int, db: DbDep, principal: PrincipalDep) -> Response:
    with db.write(**unit_kwargs(principal)) as session:
        links.delete_link(session, principal, link_id)
    return Response(status_code=204)

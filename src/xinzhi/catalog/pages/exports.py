"""Export links of the list pages: the records a logged-in user sees (same query), as a file
that imports back unchanged (the importer's exporter writes it).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from xinzhi.catalog.api.imports import MEDIA_TYPES, export_response
from xinzhi.catalog.entities import Entity, nav_entities
from xinzhi.common.web.deps import DbDep, UserDep


def _add_route(router: APIRouter, entity: Entity, fmt: str) -> None:
    @router.get(f"/{entity.name}/export.{fmt}", name=f"{entity.name}.export.{fmt}")
    def export(db: DbDep, principal: UserDep, q: str = "") -> Response:
        return export_response(db, principal, entity, fmt, q)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    for entity in nav_entities():
        for fmt in MEDIA_TYPES:
            _add_route(routes, entity, fmt)
    return routes

"""Export links of the list pages: the records a logged-in user sees (same search text and
filters as the list), as a file that imports back unchanged (the importer's exporter writes it).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xinzhi.catalog.api.imports import MEDIA_TYPES, export_response
from xinzhi.catalog.entities import Entity, nav_entities
from xinzhi.catalog.pages.records import parse_filters
from xinzhi.common.web.deps import DbDep, UserDep


def _add_route(router: APIRouter, entity: Entity, fmt: str) -> None:
    @router.get(f"/{entity.name}/export.{fmt}", name=f"{entity.name}.export.{fmt}")
    def export(request: Request, db: DbDep, principal: UserDep, q: str = "") -> Response:
        filters, _bad = parse_filters(entity, request.query_params)
        return export_response(db, principal, entity, fmt, q, filters)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    for entity in nav_entities():
        for fmt in MEDIA_TYPES:
            _add_route(routes, entity, fmt)
    return routes

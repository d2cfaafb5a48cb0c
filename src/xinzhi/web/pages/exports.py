"""Export links of the list pages: the records a logged-in user sees (same query), as a file
that imports back unchanged (the importer's exporter writes it).
"""

from __future__ import annotations

import datetime as dt
import io

from fastapi import APIRouter
from fastapi.responses import Response

from xinzhi.catalog.entities import Entity
from xinzhi.catalog.importing import export_records
from xinzhi.web.deps import DbDep, UserDep
from xinzhi.web.pages.render import nav_entities

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _add_route(router: APIRouter, entity: Entity, fmt: str) -> None:
    @router.get(f"/{entity.name}/export.{fmt}", name=f"{entity.name}.export.{fmt}")
    def export(db: DbDep, principal: UserDep, q: str = "") -> Response:
        buffer = io.BytesIO()
        with db.read() as session:
            export_records(session, entity, principal, buffer, fmt, q=q)
        name = f"{entity.name}-{dt.date.today():%Y%m%d}.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(buffer.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    for entity in nav_entities():
        for fmt in MEDIA_TYPES:
            _add_route(routes, entity, fmt)
    return routes

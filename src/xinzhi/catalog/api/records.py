"""CRUD, filter, paginate and search for every catalog entity, generated from the registry."""

# No `from __future__ import annotations` here: FastAPI must see the real (closure) types.

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, create_model

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES, Entity
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, unit_kwargs
from xinzhi.common.web.limits import anonymous_limit


def page_shape(entity: Entity) -> type[BaseModel]:
    item = entity.read
    return create_model(
        f"{item.__name__.replace('Read', '')}Page",
        items=(list[item], ...),  # type: ignore[valid-type]
        total=(int, ...),
        page=(int, ...),
        size=(int, ...),
        scores=(dict[int, float], {}),
    )


def filter_shape(entity: Entity) -> type[BaseModel]:
    """One optional query parameter per filter, typed as its column: an id filter given text
    is a 422 naming it (PostgreSQL refuses to compare an integer column with text)."""
    columns = entity.model.__table__.c
    fields: dict[str, Any] = {
        name: ((int | None) if columns[name].type.python_type is int else (str | None), None)
        for name in entity.filters
    }
    return create_model(f"{entity.read.__name__.replace('Read', '')}Filters", **fields)


def build_router(entity: Entity) -> APIRouter:
    router = APIRouter(prefix=f"/{entity.name}", tags=[entity.name])
    read, create, update = entity.read, entity.create, entity.update
    filters = filter_shape(entity)

    @router.get(
        "",
        response_model=page_shape(entity),
        summary=f"List {entity.name}",
        dependencies=[anonymous_limit("search", only_with="q")],
    )
    def list_(
        db: DbDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        f: Annotated[filters, Query()],  # type: ignore[valid-type]
        q: str = "",
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        size: Annotated[int | None, Query(ge=1)] = None,
    ) -> dict[str, Any]:
        """Visible records, newest first, or ranked by Chinese full-text relevance when ``q``."""
        size = min(size or settings.page_size, settings.page_size_max)
        wanted: dict[str, Any] = f.model_dump()  # type: ignore[attr-defined]
        with db.read(limited=True) as session:
            result = service.list_records(
                session, entity, principal, q=q, filters=wanted, page=page, size=size
            )
            items = [read.model_validate(o) for o in result.items]
        return {**result.__dict__, "items": items}

    @router.get("/{record_id}", response_model=read, summary=f"Get one of {entity.name}")
    def get(record_id: int, db: DbDep, principal: PrincipalDep) -> Any:
        with db.read() as session:
            return read.model_validate(service.get_record(session, entity, principal, record_id))

    @router.post("", response_model=read, status_code=201, summary=f"Create one of {entity.name}")
    def create_(body: create, db: DbDep, principal: PrincipalDep) -> Any:  # type: ignore[valid-type]
        with db.write(**unit_kwargs(principal)) as session:
            obj = service.create_record(session, entity, principal, body)
            return read.model_validate(obj)

    @router.patch("/{record_id}", response_model=read, summary=f"Update one of {entity.name}")
    def update_(record_id: int, body: update, db: DbDep, principal: PrincipalDep) -> Any:  # type: ignore[valid-type]
        with db.write(**unit_kwargs(principal)) as session:
            obj = service.update_record(session, entity, principal, record_id, body)
            return read.model_validate(obj)

    @router.delete("/{record_id}", status_code=204, summary=f"Delete one of {entity.name}")
    def delete_(record_id: int, db: DbDep, principal: PrincipalDep) -> Response:
        with db.write(**unit_kwargs(principal)) as session:
            service.delete_record(session, entity, principal, record_id)
        return Response(status_code=204)

    return router


def routers() -> list[APIRouter]:
    return [build_router(e) for e in ENTITIES.values()]

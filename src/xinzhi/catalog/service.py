"""Catalog use cases: list, get, create, update and delete any registered entity.

Services take ``*, session`` and a principal, ``flush()`` and never commit: the boundary (API
request, CLI command, job) owns the transaction. Confidential records are filtered in SQL, and a
record a principal may not see is reported as not found, so its existence does not leak.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, Select, String, false, func, or_, select, true
from sqlalchemy.orm import Session

from xinzhi.catalog import access
from xinzhi.catalog.entities import Entity, get_entity
from xinzhi.catalog.models import Confidentiality
from xinzhi.common.permissions import require
from xinzhi.core import search
from xinzhi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xinzhi.core.events import RecordChanged, publish
from xinzhi.core.messages import error_reason
from xinzhi.core.security import Principal


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    size: int
    scores: dict[int, float]


def content_hash(data: dict[str, Any]) -> str:
    """A stable digest of a record's values, used to skip unchanged rows on re-import."""
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def visibility(entity: Entity, principal: Principal) -> ColumnElement[bool]:
    """SQL condition for the records of ``entity`` that ``principal`` may read."""
    if not entity.owned or principal.is_staff:
        return true()
    model = entity.model
    public = model.confidentiality == Confidentiality.PUBLIC.value
    if principal.organisation_id is None:
        return public  # type: ignore[no-any-return]
    return or_(public, model.owner_org_id == principal.organisation_id)


def can_read(entity: Entity, principal: Principal, obj: Any) -> bool:
    if not entity.owned or principal.is_staff:
        return True
    if obj.confidentiality == Confidentiality.PUBLIC.value:
        return True
    return principal.organisation_id is not None and obj.owner_org_id == principal.organisation_id


def check_write(entity: Entity, principal: Principal, owner_org_id: int | None) -> None:
    """Staff curate everything; enterprise and researcher users only their own organisation's."""
    if principal.is_staff:
        return
    require(principal, access.WRITE_OWN)
    own = principal.organisation_id
    if own is None:
        raise Forbidden("your account is not linked to an organisation")
    if entity.owned and owner_org_id == own:
        return
    if entity.name == "organisations" and owner_org_id == own:
        return
    raise Forbidden(f"you may only change your own organisation's {entity.name}")


def list_records(
    session: Session,
    entity: Entity,
    principal: Principal,
    *,
    q: str = "",
    filters: dict[str, Any] | None = None,
    page: int = 1,
    size: int = 20,
    sort: str = "",
) -> Page:
    """One page of the records ``principal`` may see; ``sort`` is a list column, ``-`` first
    for descending (default: search rank, then newest first)."""
    model = entity.model
    stmt = _filtered(entity, principal, filters)
    scores: dict[int, float] = {}
    if q.strip():
        sub = search.match_subquery(session, entity.name, q)
        if sub is None:
            stmt = stmt.where(false())
        else:
            stmt = stmt.join(sub, sub.c.entity_id == model.id).add_columns(sub.c.score)
            stmt = stmt.order_by(sub.c.score.desc(), model.id.desc())
    else:
        stmt = stmt.order_by(model.id.desc())
    if sort:
        stmt = stmt.order_by(None).order_by(_sort_key(entity, sort), model.id.desc())
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(size).offset((page - 1) * size)).all()
    items = [r[0] for r in rows]
    if q.strip():
        scores = {r[0].id: float(r[1]) for r in rows}
    return Page(items=items, total=int(total), page=page, size=size, scores=scores)


def _filtered(entity: Entity, principal: Principal, filters: dict[str, Any] | None) -> Any:
    model = entity.model
    stmt: Select[Any] = select(model).where(visibility(entity, principal))
    for name, value in (filters or {}).items():
        if name not in entity.filters:
            raise InvalidInput(f"{entity.name} cannot be filtered by {name!r}")
        if value not in (None, ""):
            stmt = stmt.where(getattr(model, name) == value)
    return stmt


def _sort_key(entity: Entity, sort: str) -> Any:
    name = sort.removeprefix("-")
    if name not in entity.list_columns:
        raise InvalidInput(f"{entity.name} can be sorted by {', '.join(entity.list_columns)}")
    column = getattr(entity.model, name)
    return column.desc() if sort.startswith("-") else column.asc()


FACET_LIMIT = 12


def facet_counts(
    session: Session,
    entity: Entity,
    principal: Principal,
    name: str,
    filters: dict[str, Any] | None = None,
) -> list[tuple[Any, int]]:
    """The most frequent values of the filter column ``name`` among the records the other
    filters leave, with their counts (a list's facet: 新能源 12, 高端装备 5 …)."""
    others = {k: v for k, v in (filters or {}).items() if k != name}
    base = _filtered(entity, principal, others).subquery()
    column = base.c[name]
    present = column.is_not(None)
    if isinstance(column.type, String):
        present = present & (column != "")
    stmt = (
        select(column, func.count())
        .where(present)
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(FACET_LIMIT)
    )
    return [(value, int(count)) for value, count in session.execute(stmt)]


def get_record(session: Session, entity: Entity, principal: Principal, record_id: int) -> Any:
    obj = session.get(entity.model, record_id)
    if obj is None or not can_read(entity, principal, obj):
        raise NotFound(f"{entity.name} #{record_id} not found")
    return obj


def _values(data: BaseModel, *, exclude_unset: bool = False) -> dict[str, Any]:
    return data.model_dump(mode="python", exclude_unset=exclude_unset)


def _owner_of(entity: Entity, values: dict[str, Any], principal: Principal) -> int | None:
    if entity.name == "organisations":
        return None
    if entity.owned and not principal.is_staff and values.get("owner_org_id") is None:
        values["owner_org_id"] = principal.organisation_id
    owner = values.get("owner_org_id")
    return int(owner) if owner is not None else None


def create_record(session: Session, entity: Entity, principal: Principal, data: BaseModel) -> Any:
    values = _values(data)
    check_write(entity, principal, _owner_of(entity, values, principal))
    key = entity.natural_key(values)
    if session.scalar(select(entity.model.id).where(entity.model.natural_key == key)):
        raise Conflict(f"{entity.name}: a record with the same key already exists ({key})")
    obj = entity.model(**values, natural_key=key, content_hash=content_hash(values))
    session.add(obj)
    session.flush()
    reindex(session, entity, [obj])
    publish(session, RecordChanged(entity.name, obj.id, "create"))
    return obj


def update_record(
    session: Session, entity: Entity, principal: Principal, record_id: int, data: BaseModel
) -> Any:
    obj = get_record(session, entity, principal, record_id)
    check_write(entity, principal, current_owner(entity, obj))
    changes = _values(data, exclude_unset=True)
    if entity.owned and not principal.is_staff and "owner_org_id" in changes:
        raise Forbidden("only brokers and admins can move a record to another organisation")
    merged = {name: getattr(obj, name) for name in entity.create.model_fields} | changes
    values = _values(validate(entity.create, merged))
    for name in changes:
        setattr(obj, name, values[name])
    obj.content_hash = content_hash(values)
    session.flush()
    reindex(session, entity, [obj])
    publish(session, RecordChanged(entity.name, obj.id, "update"))
    return obj


def validate(shape: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """Validate ``data`` against ``shape``, reporting problems as :class:`InvalidInput`."""
    try:
        return shape.model_validate(data)
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "reason": error_reason(dict(e))}
            for e in exc.errors()
        ]
        raise InvalidInput(f"invalid {shape.__name__}", details=details) from exc


def delete_record(session: Session, entity: Entity, principal: Principal, record_id: int) -> None:
    obj = get_record(session, entity, principal, record_id)
    check_write(entity, principal, current_owner(entity, obj))
    session.delete(obj)
    session.flush()
    search.remove_entries(session, entity.name, [record_id])
    publish(session, RecordChanged(entity.name, record_id, "delete"))


def current_owner(entity: Entity, obj: Any) -> int | None:
    if entity.name == "organisations":
        return int(obj.id)
    return getattr(obj, "owner_org_id", None)


def reindex(session: Session, entity: Entity, objs: list[Any]) -> None:
    docs = [(o.id, search.document_text(entity.search_parts(o))) for o in objs]
    search.replace_entries(session, entity.name, docs)


def search_all(
    session: Session, principal: Principal, q: str, names: list[str], limit: int
) -> dict[str, Any]:
    """Each record type's best matches for ``q`` (ranked within its type) and its total."""
    results: dict[str, Any] = {}
    for name in names:
        entity = get_entity(name)
        page = list_records(session, entity, principal, q=q, size=limit)
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
    return results

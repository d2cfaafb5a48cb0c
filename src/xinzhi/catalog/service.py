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
    conditions = _conditions(entity, principal, filters)
    if q.strip() and not sort:
        return _search_page(session, entity, q, conditions, page, size)
    stmt: Select[Any] = select(model).where(*conditions)
    if q.strip():  # matches in the order of the chosen column
        sub = search.match_subquery(session, entity.name, q)
        stmt = stmt.where(false()) if sub is None else stmt.join(sub, sub.c.entity_id == model.id)
    order = [_sort_key(entity, sort)] if sort else []
    stmt = stmt.order_by(*order, model.id.desc())
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(size).offset((page - 1) * size)))
    return Page(items=items, total=int(total), page=page, size=size, scores={})


def _search_page(
    session: Session,
    entity: Entity,
    q: str,
    conditions: list[ColumnElement[bool]],
    page: int,
    size: int,
) -> Page:
    """Full-text matches ranked by relevance: counted and ranked on the index, then only the
    page's records are loaded (see :func:`xinzhi.core.search.ranked_page`)."""
    model = entity.model

    def narrow(stmt: Select[Any], entity_id: Any) -> Select[Any]:
        return stmt.join(model, model.id == entity_id).where(*conditions)

    settings = session.info.get("settings")
    ranked = search.ranked_page(
        session,
        entity.name,
        q,
        offset=(page - 1) * size,
        limit=size,
        window=getattr(settings, "search_rank_window", 300),
        narrow=narrow if conditions else None,
    )
    ids = [entity_id for entity_id, _ in ranked.hits]
    objs = {o.id: o for o in session.scalars(select(model).where(model.id.in_(ids)))}
    items = [objs[i] for i in ids if i in objs]
    scores = {i: score for i, score in ranked.hits if score is not None}
    return Page(items=items, total=ranked.total, page=page, size=size, scores=scores)


def _typed(model: Any, name: str, value: Any) -> Any:
    """A filter value as its column's type (pages and the CLI pass text; PostgreSQL will not
    compare an integer column with text)."""
    if model.__table__.c[name].type.python_type is int and not isinstance(value, int):
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise InvalidInput(
                f"{name} 应为整数 ({name} must be a whole number)",
                details=[{"field": name, "reason": "应为整数 (must be an integer)"}],
            )
        return int(text)
    return value


def _conditions(
    entity: Entity, principal: Principal, filters: dict[str, Any] | None
) -> list[ColumnElement[bool]]:
    """What a list shows ``principal``: the records it may see, narrowed by the filters."""
    model = entity.model
    conditions = [visibility(entity, principal)] if entity.owned and not principal.is_staff else []
    for name, value in (filters or {}).items():
        if name not in entity.filters:
            raise InvalidInput(f"{entity.name} cannot be filtered by {name!r}")
        if value not in (None, ""):
            conditions.append(getattr(model, name) == _typed(model, name, value))
    return conditions


def _filtered(entity: Entity, principal: Principal, filters: dict[str, Any] | None) -> Any:
    return select(entity.model).where(*_conditions(entity, principal, filters))


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
    docs = [search.document(o.id, entity.search_parts(o)) for o in objs]
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

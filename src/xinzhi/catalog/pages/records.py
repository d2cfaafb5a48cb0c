"""List and detail pages of every catalog entity, generated from the entity registry."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from xinzhi.catalog import service
from xinzhi.catalog.entities import Entity, nav_entities
from xinzhi.catalog.pages import related
from xinzhi.catalog.pages.fields import (
    FieldSpec,
    coerce,
    field_specs,
    is_confidential,
    record_title,
    show,
    spec_map,
    to_raw,
)
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.limits import anonymous_limit
from xinzhi.common.web.render import page, record_panels, translator
from xinzhi.core.models import AuditLog
from xinzhi.core.security import Principal

META_FIELDS = ("id", "created_at", "updated_at")  # the natural key is internal: not shown
CHANGE_PREVIEW = 80
EXPORT_FORMATS = ("xlsx", "csv")


def parse_filters(entity: Entity, params: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Typed filter values from the query string, and the names of the ones that did not parse."""
    specs = spec_map(entity.create)
    values: dict[str, Any] = {}
    bad: list[str] = []
    for name in entity.filters:
        raw = params.get(name, "").strip()
        if not raw:
            continue
        try:
            values[name] = coerce(specs[name], raw) if name in specs else raw
        except ValueError:
            bad.append(name)
    return values, bad


def _filter_widget(
    spec: FieldSpec, raw: str, t: Translator, orgs: list[tuple[int, str]]
) -> dict[str, Any]:
    choices: list[tuple[str, str]] | None = None
    if spec.kind == "enum":
        choices = [(o, t.value(o)) for o in spec.options]
    elif spec.kind == "ref":
        choices = [(str(i), name) for i, name in orgs]
    number = spec.kind in ("int", "float")
    return {
        "spec": spec,
        "label": spec.label(t),
        "value": raw,
        "choices": choices,
        "number": number,
    }


def _query(q: str, params: Mapping[str, str], entity: Entity, **extra: Any) -> str:
    kept = {n: params.get(n, "") for n in (*entity.filters, "sort")}
    items = {"q": q} | kept | extra
    return urlencode({k: v for k, v in items.items() if v not in ("", None)})


def _sort_link(
    q: str, params: Mapping[str, str], entity: Entity, spec: FieldSpec, sort: str, t: Translator
) -> dict[str, str]:
    """A column header's link: ascending first, then descending; ``aria-sort`` says which."""
    state = "ascending" if sort == spec.name else "descending" if sort == f"-{spec.name}" else ""
    target = f"-{spec.name}" if state == "ascending" else spec.name
    return {"url": f"?{_query(q, params, entity, sort=target)}", "state": state,
            "hint": t("list.sort_desc" if state == "ascending" else "list.sort_asc")}  # fmt: skip


def _facet(
    session: Any,
    entity: Entity,
    principal: Principal,
    spec: FieldSpec,
    filters: dict[str, Any],
    q: str,
    params: Mapping[str, str],
    t: Translator,
) -> dict[str, Any]:
    """A filter's values with their counts, each a link that sets (or clears) the filter."""
    chosen = params.get(spec.name, "")
    values = []
    for value, count in service.facet_counts(session, entity, principal, spec.name, filters):
        raw = to_raw(spec, value)
        target = "" if raw == chosen else raw
        url = f"?{_query(q, params, entity, **{spec.name: target, 'page': ''})}"
        values.append({"text": show(spec, value, t), "count": count, "url": url,
                       "chosen": raw == chosen})  # fmt: skip
    return {"label": spec.label(t), "name": spec.name, "values": values}


def _cells(entity: Entity, obj: Any, columns: list[FieldSpec], t: Translator) -> dict[str, Any]:
    return {
        "url": f"/{entity.name}/{obj.id}",
        "cells": [show(c, getattr(obj, c.name), t) for c in columns],
        "confidential": is_confidential(entity, obj),
    }


def list_context(
    request: Request, db: DbDep, principal: Principal, size: int, entity: Entity, q: str, at: int
) -> dict[str, Any]:
    t = translator(request)
    specs = spec_map(entity.create)
    params = request.query_params
    filters, bad = parse_filters(entity, params)
    columns = [specs[c] for c in entity.list_columns if c in specs]
    sort = params.get("sort", "")
    sort = sort if sort.removeprefix("-") in entity.list_columns else ""
    with db.read(limited=True) as session:
        result = service.list_records(
            session, entity, principal, q=q, filters=filters, page=at, size=size, sort=sort
        )
        rows = [_cells(entity, o, columns, t) for o in result.items]
        facets = [_facet(session, entity, principal, specs[n], filters, q, params, t)
                  for n in entity.filters if n in specs and specs[n].kind != "ref"]  # fmt: skip
        needs_orgs = any(specs[n].kind == "ref" for n in entity.filters if n in specs)
        orgs = related.organisation_choices(session, principal) if needs_orgs else []
    pages = max(1, math.ceil(result.total / size))
    link_column = (
        entity.list_columns.index(entity.title_field)
        if entity.title_field in (entity.list_columns)
        else 0
    )
    return {
        "entity": entity,
        "q": q,
        "columns": columns,
        "sorts": [_sort_link(q, params, entity, c, sort, t) for c in columns],
        "facets": [f for f in facets if f["values"]],
        "link_column": link_column,
        "rows": rows,
        "total": result.total,
        "page_no": at,
        "pages": pages,
        "prev_url": f"?{_query(q, params, entity, page=at - 1)}" if at > 1 else None,
        "next_url": f"?{_query(q, params, entity, page=at + 1)}" if at < pages else None,
        "filters": [
            _filter_widget(specs[n], params.get(n, ""), t, orgs)
            for n in entity.filters
            if n in specs
        ],
        "bad_filters": [specs[n].label(t) if n in specs else n for n in bad],
        "has_filters": bool(q or filters),
        "can_create": related.may_create(entity, principal),
        # The export holds what the list shows: the same search text and filters.
        "exports": [
            (fmt, f"/{entity.name}/export.{fmt}?{_query(q, params, entity, sort='')}".rstrip("?"))
            for fmt in EXPORT_FORMATS
        ]
        if principal.user_id is not None
        else [],
    }


def _change_rows(
    entry: AuditLog, specs: dict[str, FieldSpec], t: Translator
) -> list[tuple[str, str, str]]:
    if entry.action != "update" or not entry.after:
        return []
    before = entry.before or {}
    rows = []
    for name, after in entry.after.items():
        spec = specs.get(name)
        label = spec.label(t) if spec else name
        old, new = (show(spec, v, t) if spec else str(v) for v in (before.get(name), after))
        rows.append((label, old[:CHANGE_PREVIEW], new[:CHANGE_PREVIEW]))
    return rows


def _history_rows(entity: Entity, entries: list[AuditLog], t: Translator) -> list[dict[str, Any]]:
    specs = spec_map(entity.create)
    return [
        {
            "at": e.at.strftime("%Y-%m-%d %H:%M"),
            "actor": e.actor,
            "action": t.maybe(f"audit.action.{e.action}", e.action),
            "changes": _change_rows(e, specs, t),
            "note": e.note,
        }
        for e in entries
    ]


def detail_context(
    request: Request, db: DbDep, principal: Principal, entity: Entity, record_id: int
) -> dict[str, Any]:
    t = translator(request)
    with db.read() as session:
        obj = service.get_record(session, entity, principal, record_id)
        refs = related.references(session, principal, entity, obj)
        fields = [
            {
                "spec": s,
                "label": s.label(t),
                "text": show(s, getattr(obj, s.name), t),
                "ref": refs.get(s.name),
            }
            for s in field_specs(entity.create)
        ]
        meta = [(t(f"meta.{m}"), show(_META_SPEC, getattr(obj, m), t)) for m in META_FIELDS]
        context = {
            "entity": entity,
            "record_id": obj.id,
            "title": record_title(entity, obj),
            "fields": fields,
            "meta": meta,
            "confidential": is_confidential(entity, obj),
            "links": related.links(session, principal, entity, obj.id),
            "owned": related.owned_records(session, principal, obj.id)
            if entity.name == "organisations"
            else [],
            "history": _history_rows(entity, related.history(session, entity, obj.id), t)
            if principal.is_staff
            else None,
            "can_edit": related.may_write(entity, principal, related.owner_of(entity, obj)),
            "citations": related.patent_citations(session, principal, obj)
            if entity.name == "patents"
            else None,
        }
    return context


_META_SPEC = FieldSpec(shape="", name="", title="", kind="text", required=False, nullable=True)


def _add_routes(router: APIRouter, entity: Entity) -> None:
    @router.get(
        f"/{entity.name}",
        name=f"{entity.name}.list",
        dependencies=[anonymous_limit("search", only_with="q")],
    )
    def list_page(
        request: Request,
        db: DbDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        q: str = "",
        page_no: Annotated[int, Query(ge=1, alias="page")] = 1,
    ) -> HTMLResponse:
        context = list_context(request, db, principal, settings.page_size, entity, q, page_no)
        return page(request, "list.html", context)

    @router.get(f"/{entity.name}/{{record_id:int}}", name=f"{entity.name}.detail")
    def detail_page(
        request: Request, db: DbDep, principal: PrincipalDep, record_id: int
    ) -> HTMLResponse:
        context = detail_context(request, db, principal, entity, record_id)
        context["panels"] = record_panels(request, entity.name, record_id)
        return page(request, "detail.html", context)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    for entity in nav_entities():
        _add_routes(routes, entity)
    return routes

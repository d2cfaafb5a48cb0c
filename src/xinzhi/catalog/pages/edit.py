"""Create and edit pages for catalog records: brokers and admins for every type, enterprise and
researcher users for their own organisation's records. Who may write is decided by
``catalog.service.check_write``; these pages only ask it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError

from xinzhi.catalog import service
from xinzhi.catalog.entities import Entity, nav_entities
from xinzhi.catalog.pages import forms, related, widgets
from xinzhi.catalog.pages.fields import FieldSpec, field_specs, record_title
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, unit_kwargs
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.security import Principal

HIDDEN = frozenset({"extra"})  # other imported columns: kept, edited through the API only


def form_specs(entity: Entity, principal: Principal) -> list[FieldSpec]:
    """The fields a user fills in; only staff move records between organisations."""
    specs = [s for s in field_specs(entity.create) if s.name not in HIDDEN]
    if principal.is_staff:
        return specs
    return [s for s in specs if not (s.ref and entity.owned)]


def _render_form(
    request: Request,
    db: DbDep,
    principal: Principal,
    entity: Entity,
    state: forms.FormState,
    *,
    record_id: int | None = None,
    title: str = "",
    status: int = 200,
) -> Response:
    t = translator(request)
    specs = form_specs(entity, principal)
    refs: list[tuple[str, str]] = []
    if any(s.kind == "ref" for s in specs):
        with db.read() as session:
            refs = [(str(i), n) for i, n in related.organisation_choices(session, principal)]
    base = f"/{entity.name}"
    context: dict[str, Any] = {
        "entity": entity,
        "fields": [widgets.field_context(s, state, t, refs) for s in specs],
        "general_errors": state.general_errors,
        "has_errors": bool(state.errors),
        "action": f"{base}/{record_id}/edit" if record_id else f"{base}/new",
        "cancel": f"{base}/{record_id}" if record_id else base,
        "heading": t("form.edit_title", title=title)
        if record_id
        else t("form.new_title", label=entity.label(t.lang)),
    }
    return page(request, "form.html", context, status=status)


def _service_problem(state: forms.FormState, exc: Exception, t: Translator) -> None:
    if isinstance(exc, InvalidInput) and exc.details:
        for d in exc.details:
            name = str(d.get("field", "")).split(".")[0]
            state.add(name if name in state.values else forms.GENERAL, str(d.get("reason", "")))
    elif isinstance(exc, Conflict):
        state.add(forms.GENERAL, f"{t('error.409')}：{exc.message}")
    elif isinstance(exc, InvalidInput):
        state.add(forms.GENERAL, exc.message)
    else:
        state.add(forms.GENERAL, t("error.409"))


def _create(
    request: Request, db: DbDep, principal: Principal, entity: Entity, form: Any
) -> Response:
    t = translator(request)
    data, state = forms.parse(form_specs(entity, principal), form, t)
    widgets.derive_budget(data)
    model = forms.validate(entity.create, data, state, t)
    if model is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                new_id = service.create_record(session, entity, principal, model).id
        except (InvalidInput, Conflict, IntegrityError) as exc:
            _service_problem(state, exc, t)
        else:
            flash(request, "form.created")
            return redirect(f"/{entity.name}/{new_id}")
    return _render_form(request, db, principal, entity, state, status=422)


def _current(db: DbDep, principal: Principal, entity: Entity, record_id: int) -> dict[str, Any]:
    """The record's values, after checking that ``principal`` may read and change it."""
    with db.read() as session:
        obj = service.get_record(session, entity, principal, record_id)
        service.check_write(entity, principal, related.owner_of(entity, obj))
        values = {name: getattr(obj, name) for name in entity.create.model_fields}
        return {"values": values, "title": record_title(entity, obj)}


def _update(
    request: Request, db: DbDep, principal: Principal, entity: Entity, record_id: int, form: Any
) -> Response:
    t = translator(request)
    current = _current(db, principal, entity, record_id)
    specs = form_specs(entity, principal)
    data, state = forms.parse(specs, form, t)
    widgets.derive_budget(data)
    shown = {s.name for s in specs}
    kept = {k: v for k, v in current["values"].items() if k not in shown}
    model = forms.validate(entity.create, kept | data, state, t)
    if model is not None:
        new = model.model_dump()
        changes = {k: v for k, v in new.items() if v != current["values"][k]}
        if not changes:
            flash(request, "form.unchanged")
            return redirect(f"/{entity.name}/{record_id}")
        try:
            with db.write(**unit_kwargs(principal)) as session:
                update = entity.update.model_validate(changes)
                service.update_record(session, entity, principal, record_id, update)
        except (InvalidInput, Conflict, IntegrityError) as exc:
            _service_problem(state, exc, t)
        else:
            flash(request, "form.saved")
            return redirect(f"/{entity.name}/{record_id}")
    return _render_form(
        request,
        db,
        principal,
        entity,
        state,
        record_id=record_id,
        title=current["title"],
        status=422,
    )


def _add_routes(router: APIRouter, entity: Entity) -> None:
    base = f"/{entity.name}"

    @router.get(f"{base}/new", name=f"{entity.name}.new")
    def new_form(request: Request, db: DbDep, principal: PrincipalDep) -> Response:
        service.check_write(entity, principal, principal.organisation_id if entity.owned else None)
        state = forms.initial(form_specs(entity, principal), entity.create)
        return _render_form(request, db, principal, entity, state)

    @router.post(f"{base}/new")
    def create(request: Request, db: DbDep, principal: PrincipalDep, form: CheckedForm) -> Response:
        return _create(request, db, principal, entity, form)

    @router.get(f"{base}/{{record_id:int}}/edit", name=f"{entity.name}.edit")
    def edit_form(request: Request, db: DbDep, principal: PrincipalDep, record_id: int) -> Response:
        current = _current(db, principal, entity, record_id)
        state = forms.initial(form_specs(entity, principal), entity.create, current["values"])
        return _render_form(
            request, db, principal, entity, state, record_id=record_id, title=current["title"]
        )

    @router.post(f"{base}/{{record_id:int}}/edit")
    def update(
        request: Request, db: DbDep, principal: PrincipalDep, record_id: int, form: CheckedForm
    ) -> Response:
        return _update(request, db, principal, entity, record_id, form)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    for entity in nav_entities():
        _add_routes(routes, entity)
    return routes

"""企业画像 as a form: basic facts, a row per fiscal year (营业收入, 研发费用, 职工人数 …), rows of
IP rights, titles and certificates, awards, R&D institutions and standards, and the declarations
as 是/否/未填. The form is generated from :class:`EnterpriseProfile` (the catalog's form machinery),
so a field added to the profile appears here without a template change.

One form, two buttons: 测评 assesses what was typed without storing it; 保存并测评 stores the
profile (one row per year, every change audited) and shows its assessment.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from xinzhi.catalog.pages import forms, widgets
from xinzhi.catalog.pages.fields import FieldSpec, field_specs
from xinzhi.common.permissions import allowed, require
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.security import Principal
from xinzhi.enterprise import access, service
from xinzhi.enterprise.pages import RULE_SETS, results
from xinzhi.enterprise.profiles.profile import EnterpriseProfile

router = APIRouter(include_in_schema=False)
HIDDEN = frozenset({"expert_scores"})  # set by experts through the API, kept on save
SECTIONS = ("years", "ip", "titles", "awards", "rd_institutions", "standards", "declarations")


def profile_specs() -> list[FieldSpec]:
    return [s for s in field_specs(EnterpriseProfile) if s.name not in HIDDEN]


def _render(
    request: Request,
    principal: Principal,
    state: forms.FormState,
    *,
    profile_id: int | None = None,
    status: int = 200,
) -> HTMLResponse:
    t = translator(request)
    fields = [widgets.field_context(s, state, t) for s in profile_specs()]
    context: dict[str, Any] = {
        "basic": [f for f in fields if f["spec"].name not in SECTIONS],
        "sections": [f for f in fields if f["spec"].name in SECTIONS],
        "general_errors": state.general_errors,
        "has_errors": bool(state.errors),
        "profile_id": profile_id,
        "can_save": allowed(principal, access.PROFILE_WRITE_OWN),
        "rule_sets": RULE_SETS,
    }
    return page(request, "enterprise_form.html", context, status=status)


def _stored(db: DbDep, principal: Principal, profile_id: int) -> EnterpriseProfile:
    with db.read() as session:
        row = service.get_row(session, profile_id)
        access.require_edit_profile(principal, row.organisation_id)
        return service.to_profile(row)


@router.get("/enterprise/profiles/new", name="enterprise_profile_new")
def new_form(request: Request, principal: PrincipalDep) -> HTMLResponse:
    return _render(request, principal, forms.initial(profile_specs(), EnterpriseProfile))


@router.get("/enterprise/profiles/{profile_id:int}/edit", name="enterprise_profile_edit")
def edit_form(request: Request, db: DbDep, principal: PrincipalDep, profile_id: int) -> Response:
    profile = _stored(db, principal, profile_id)
    values = profile.model_dump(mode="json")
    state = forms.initial(profile_specs(), EnterpriseProfile, values)
    return _render(request, principal, state, profile_id=profile_id)


@router.post("/enterprise/profiles/form", name="enterprise_profile_submit")
def submit(request: Request, db: DbDep, principal: PrincipalDep, form: CheckedForm) -> Response:
    """测评 (nothing stored) or 保存并测评 (stored, then the profile's page)."""
    t = translator(request)
    raw_id = str(form.get("profile_id") or "")
    profile_id = int(raw_id) if raw_id.isdigit() else None
    data, state = forms.parse(profile_specs(), form, t)
    if profile_id is not None:
        data["expert_scores"] = _stored(db, principal, profile_id).expert_scores
    model = forms.validate(EnterpriseProfile, data, state, t)
    if not isinstance(model, EnterpriseProfile):
        return _render(request, principal, state, profile_id=profile_id, status=422)
    rules, mode = str(form.get("rules") or ""), str(form.get("mode") or "")
    if form.get("action") != "save":
        context = {**results(db, model, rules, mode, t), "profile_id": None, "can_edit": False}
        return page(request, "enterprise_result.html", context)
    require(principal, access.PROFILE_WRITE_OWN)
    with db.write(**unit_kwargs(principal)) as session:
        row = service.save_profile(session, model)
        access.require_edit_profile(principal, row.organisation_id)
        saved_id = row.id
    flash(request, "enterprise.saved")
    return redirect(f"/enterprise/profiles/{saved_id}?rules={rules}&mode={mode}")

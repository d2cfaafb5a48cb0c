"""企业服务 pages: tier assessment with the gap advisor, risk warning and policy matches for a
stored profile; local policies added by operators. The profile form is in ``profile_pages``;
``POST /enterprise/assess`` and ``POST /enterprise/profiles`` still take a profile as JSON for
scripts (no page shows a JSON box)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from xinzhi.common.divisions import full_name
from xinzhi.common.permissions import require
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, unit_kwargs
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise import access, service
from xinzhi.enterprise.assessment import assess
from xinzhi.enterprise.policies.matching import match_all
from xinzhi.enterprise.policies.service import matchable, save_policy
from xinzhi.enterprise.present import Presenter
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.risk.indicators import assess_risk

router = APIRouter(include_in_schema=False)
RULE_SETS = ("miit-2026", "miit-2022")
EXAMPLE = {
    "name": "示例科技有限公司",
    "region_code": "440300",
    "industry": "专用设备制造业",
    "niche_since": 2019,
    "strategic_emerging": True,
    "years": [
        {"year": 2024, "revenue": 5200, "main_revenue": 4700, "rd_expense": 180,
         "total_assets": 4000, "total_liabilities": 2100},
        {"year": 2025, "revenue": 6000, "main_revenue": 5400, "rd_expense": 156,
         "total_assets": 4200, "total_liabilities": 2300, "employees": 120, "tech_staff": 30,
         "total_income": 6100, "non_taxable_income": 50, "high_tech_revenue": 4200},
    ],
    "ip": [{"kind": "invention", "granted_on": "2021-06-01"}],
    "declarations": {"no_dishonesty": True, "not_restricted": True, "no_incident_3y": True},
}  # fmt: skip


def _parse(raw: str) -> EnterpriseProfile:
    try:
        return EnterpriseProfile.model_validate(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc}") from None
    except ValidationError as exc:
        details = [
            {"field": ".".join(map(str, e["loc"])), "reason": e["msg"]} for e in exc.errors()
        ]
        raise InvalidInput("the profile is invalid", details=details) from None


def results(
    db: DbDep, profile: EnterpriseProfile, rules: str, mode: str, t: Translator
) -> dict[str, Any]:
    rules = rules if rules in RULE_SETS else RULE_SETS[0]
    mode = mode if mode in ("new", "review") else "new"
    with db.read() as session:
        policies = matchable(session)
    return {
        "assessment": assess(profile, rules, mode=mode),
        "risk": assess_risk(profile, rules=rules),
        "matches": match_all(profile, policies),
        "rules": rules,
        "mode": mode,
        "fmt": Presenter(t),
    }


@router.get("/enterprise", name="enterprise")
def index(request: Request, db: DbDep, principal: PrincipalDep) -> HTMLResponse:
    profiles: list[Any] = []
    with db.read() as session:
        rows = access.visible_profiles(principal, service.list_profiles(session))
        profiles = [(r.id, r.name, full_name(r.region_code)) for r in rows]
    context = {"profiles": profiles, "rule_sets": RULE_SETS}
    return page(request, "enterprise.html", context)


@router.post("/enterprise/assess", name="enterprise_assess")
def assess_pasted(request: Request, db: DbDep, form: CheckedForm) -> HTMLResponse:
    """Assess a pasted profile (nothing is stored)."""
    raw = str(form.get("profile") or "")
    try:
        profile = _parse(raw)
    except InvalidInput as exc:
        context = {"profiles": [], "rule_sets": RULE_SETS, "error": exc}
        return page(request, "enterprise.html", context, status=422)
    found = results(db, profile, str(form.get("rules")), str(form.get("mode")), translator(request))
    return page(request, "enterprise_result.html", {**found, "profile_id": None, "can_edit": False})


@router.get("/enterprise/profiles/{profile_id:int}", name="enterprise_profile")
def stored(
    request: Request, db: DbDep, principal: PrincipalDep, profile_id: int,
    rules: str = "miit-2026", mode: str = "new",
) -> HTMLResponse:  # fmt: skip
    with db.read() as session:
        row = service.get_row(session, profile_id)
        org_id = row.organisation_id
        access.require_read_profile(principal, org_id)
        profile = service.to_profile(row)
    can_edit = access.may_edit_profile(principal, org_id)
    context = {**results(db, profile, rules, mode, translator(request)), "profile_id": profile_id,
               "can_edit": can_edit}  # fmt: skip
    return page(request, "enterprise_result.html", context)


@router.post("/enterprise/profiles", name="enterprise_save")
def save(request: Request, db: DbDep, principal: PrincipalDep, form: CheckedForm) -> Response:
    """Create or update a stored profile from the edited JSON (every change is audited)."""
    require(principal, access.PROFILE_WRITE_OWN)
    profile = _parse(str(form.get("profile") or ""))
    with db.write(**unit_kwargs(principal)) as session:
        row = service.save_profile(session, profile)
        access.require_edit_profile(principal, row.organisation_id)
        profile_id = row.id
    flash(request, "enterprise.saved")
    return redirect(f"/enterprise/profiles/{profile_id}")


@router.get("/enterprise/policies/new", name="enterprise_policy_form")
def policy_form(request: Request, principal: PrincipalDep) -> HTMLResponse:
    require(principal, access.POLICY_MANAGE)
    example = {"regions": ["4403"], "conditions": [
        {"id": "rd", "text": "上年度研发费用500万元以上", "metric": "value",
         "args": {"name": "rd_expense"}, "op": "ge", "value": 500}],
        "benefit": {"formula": "rate", "field": "rd_expense", "rate": 0.1, "cap": 100}}  # fmt: skip
    return page(
        request,
        "enterprise_policy.html",
        {"conditions": json.dumps(example, ensure_ascii=False, indent=2), "error": None},
    )


@router.post("/enterprise/policies", name="enterprise_policy_add")
def add_policy(request: Request, db: DbDep, principal: PrincipalDep, form: CheckedForm) -> Response:
    """Operators add a local policy; its conditions are validated before it is stored."""
    require(principal, access.POLICY_MANAGE)
    raw = str(form.get("conditions") or "{}")
    data: dict[str, Any] = {
        k: str(form.get(k) or "").strip() for k in ("title", "doc_number", "issuer", "text")
    }
    data["region_code"] = str(form.get("region_code") or "").strip() or None
    data["level"] = "local"
    try:
        deadline = str(form.get("effective_to") or "").strip()
        data["effective_to"] = dt.date.fromisoformat(deadline) if deadline else None
        with db.write(**unit_kwargs(principal)) as session:
            save_policy(session, {**data, "conditions": json.loads(raw)}, source="web")
    except (InvalidInput, ValueError) as exc:
        return page(request, "enterprise_policy.html", {"conditions": raw, "error": exc},
                    status=422)  # fmt: skip
    flash(request, "enterprise.policy_saved")
    return redirect("/enterprise")

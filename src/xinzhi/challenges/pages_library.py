"""揭榜挂帅 pages, second part: the create form (rubric rows), statistics, the failure-case
library (list with search, one case with the 有价值的失败 assessment, new case) and the
需求清单. Declared before ``pages`` so ``/challenges/new`` and ``/challenges/stats`` are not
read as ids."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from xinzhi.catalog.models import Demand
from xinzhi.challenges import access, failures, needs, service, stats
from xinzhi.challenges.messages import CAUSES, CHECKLIST
from xinzhi.challenges.pages_forms import (
    INDICATOR_ROWS,
    RUBRIC_ROWS,
    Form,
    challenge_data,
    refusal,
    validated,
)
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import (
    ChallengeCreate,
    FailureCaseCreate,
    FailureDecision,
    KeyNeedCreate,
    KeyNeedReview,
)
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import XinzhiError
from xinzhi.core.security import Principal

router = APIRouter(include_in_schema=False)


def _form_page(request: Request, form: Form, status: int = 200) -> Response:
    context = {
        "form": form,
        "rubric_rows": range(RUBRIC_ROWS),
        "indicator_rows": range(INDICATOR_ROWS),
    }
    return page(request, "challenges_form.html", context, status=status)


@router.get("/challenges/new", name="challenges.new")
def new_form(request: Request, principal: UserDep, kind: str = "challenge") -> Response:
    """The create form; ``?kind=scenario`` adds the 场景 fields (site, offers, TRL, partner)."""
    access.require_manage(principal)
    kind = "scenario" if kind == "scenario" else "challenge"
    return _form_page(request, Form(values={"blind": True, "funding_mode": "reward", "kind": kind}))


@router.post("/challenges/new", name="challenges.create")
def create_post(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    access.require_manage(principal)
    t = translator(request)
    values, data = challenge_data(form)
    state = Form(values=values)
    body = validated(ChallengeCreate, data, state, t)
    created = 0
    if body is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                created = service.create(session, principal, body).id
        except XinzhiError as exc:
            state.errors.append(refusal(exc, t))
    if state or not created:
        return _form_page(request, state, 422)
    flash(request, "chl.created")
    return redirect(f"/challenges/{created}")


@router.get("/challenges/stats", name="challenges.stats")
def stats_page(request: Request, db: DbDep, principal: UserDep, settings: SettingsDep) -> Response:
    with db.read(limited=True) as session:
        figures = stats.compute(session, principal, Policy.of(settings))
    return page(request, "challenges_stats.html", {"s": figures})


@router.get("/failure-cases", name="challenges.failures")
def failures_page(request: Request, db: DbDep, principal: PrincipalDep, q: str = "") -> Response:
    with db.read(limited=True) as session:
        items, total = failures.search_cases(session, principal, q, limit=200)
        rows = [failures.read(c, principal) for c in items]
    context = {
        "rows": rows,
        "total": total,
        "q": q,
        "staff": access.is_staff(principal),
        "causes": tuple(CAUSES),
        "form": Form(),
    }
    return page(request, "challenges_failures.html", context)


@router.post("/failure-cases", name="challenges.failure_create")
def failure_post(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    access.require_manage(principal)
    t = translator(request)
    names = (
        "title",
        "field",
        "tried",
        "route",
        "trl_reached",
        "spent_wan",
        "main_cause",
        "lessons",
        "reusable",
        "publication",
    )
    data: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in names}
    data["trl_reached"] = data["trl_reached"] or None
    data["spent_wan"] = data["spent_wan"] or 0
    data["causes"] = [str(v) for v in form.getlist("causes")]
    state = Form(values=data)
    body = validated(FailureCaseCreate, data, state, t)
    if body is None:
        with db.read() as session:
            items, total = failures.search_cases(session, principal, "", limit=200)
            rows = [failures.read(c, principal) for c in items]
        context = {
            "rows": rows,
            "total": total,
            "q": "",
            "staff": True,
            "causes": tuple(CAUSES),
            "form": state,
        }
        return page(request, "challenges_failures.html", context, status=422)
    with db.write(**unit_kwargs(principal)) as session:
        case_id = failures.create(session, principal, body).id
    flash(request, "chl.case_created")
    return redirect(f"/failure-cases/{case_id}")


def _case_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    case_id: int,
    error: str = "",
    status: int = 200,
) -> Response:
    with db.read() as session:
        case = failures.read(failures.get(session, principal, case_id), principal)
    context = {
        "case": case,
        "staff": access.is_staff(principal),
        "checks": tuple(CHECKLIST),
        "error": error,
    }
    return page(request, "challenges_failure.html", context, status=status)


@router.get("/failure-cases/{case_id:int}", name="challenges.failure")
def case_page(request: Request, db: DbDep, principal: PrincipalDep, case_id: int) -> Response:
    return _case_page(request, db, principal, case_id)


@router.post("/failure-cases/{case_id:int}/decision", name="challenges.failure_decide")
def decide_post(
    request: Request,
    db: DbDep,
    principal: UserDep,
    settings: SettingsDep,
    case_id: int,
    form: CheckedForm,
) -> Response:
    access.require_manage(principal)
    t = translator(request)
    data = {
        "checklist": {k: form.get(k) == "on" for k in CHECKLIST},
        "decision": str(form.get("decision") or ""),
        "note": str(form.get("note") or ""),
    }
    state = Form()
    body = validated(FailureDecision, data, state, t)
    if body is None:
        return _case_page(request, db, principal, case_id, "；".join(state.errors), 422)
    try:
        with db.write(**unit_kwargs(principal)) as session:
            failures.decide(session, principal, case_id, body, Policy.of(settings))
    except XinzhiError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        return _case_page(request, db, principal, case_id, refusal(exc, t), exc.status_code)
    flash(request, "chl.decided")
    return redirect(f"/failure-cases/{case_id}")


def _needs_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    uncovered: bool,
    error: str = "",
    status: int = 200,
) -> Response:
    with db.read() as session:
        rows = needs.list_needs(session, principal, uncovered=uncovered)
        own: list[tuple[int, str]] = []
        if principal.organisation_id is not None:
            stmt = select(Demand.id, Demand.title).where(
                Demand.owner_org_id == principal.organisation_id
            )
            own = [(int(i), str(n)) for i, n in session.execute(stmt.order_by(Demand.id))]
    context = {
        "rows": rows,
        "uncovered": uncovered,
        "own": own,
        "error": error,
        "staff": access.is_staff(principal),
    }
    return page(request, "challenges_needs.html", context, status=status)


@router.get("/key-needs", name="challenges.needs")
def needs_page(request: Request, db: DbDep, principal: UserDep, uncovered: str = "") -> Response:
    return _needs_page(request, db, principal, uncovered == "1")


@router.post("/key-needs", name="challenges.flag_need")
def flag_post(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    t = translator(request)
    raw = str(form.get("demand_id") or "")
    state = Form()
    data = {"demand_id": raw or None, "chokepoint": str(form.get("chokepoint") or "").strip()}
    body = validated(KeyNeedCreate, data, state, t)
    try:
        if body is not None:
            with db.write(**unit_kwargs(principal)) as session:
                needs.flag(session, principal, body)
    except XinzhiError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        state.errors.append(refusal(exc, t))
    if state or body is None:
        return _needs_page(request, db, principal, False, "；".join(state.errors), 422)
    flash(request, "chl.need_flagged")
    return redirect("/key-needs")


@router.post("/key-needs/{need_id:int}/review", name="challenges.review_need")
def review_need_post(
    request: Request, db: DbDep, principal: UserDep, need_id: int, form: CheckedForm
) -> Response:
    body = KeyNeedReview(status="accepted" if form.get("status") == "accepted" else "rejected")
    with db.write(**unit_kwargs(principal)) as session:
        needs.review(session, principal, need_id, body)
    flash(request, "form.saved")
    return redirect("/key-needs")

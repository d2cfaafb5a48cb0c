"""对接 pages: the list (table and board by stage) and one engagement with its timeline, stage
buttons, contact log and contract form. Every POST carries the CSRF token and calls the same
service and access functions as the API; a refused form is shown again with what was typed
and the message next to its field. Dashboards are in ``pages_workbench``, the 加入对接 and 响应
forms in ``pages_respond``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Demand, Organisation
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, UserDep, unit_kwargs
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.models import Role, User
from xinzhi.core.security import Principal
from xinzhi.engagements import access, contracts, followups, service
from xinzhi.engagements.messages import (
    CHANNELS,
    CONTRACT_TYPES,
    PAYMENT_FORMS,
    TERMINATION_REASONS,
    TRANSFER_MODES,
)
from xinzhi.engagements.models import Engagement
from xinzhi.engagements.pages_forms import (
    GENERAL,
    FormErrors,
    localise,
    service_error,
    validate_contact,
    validate_contract,
    validated,
)
from xinzhi.engagements.schemas import StageChange
from xinzhi.engagements.stages import ORDER, SIGNED_OR_LATER, TERMINATED, next_stage
from xinzhi.engagements.views import read_detail, stay_days

router = APIRouter(include_in_schema=False)
STAGE_CODES = (*ORDER, TERMINATED)
LIST_LIMIT = 500
VIEWS = ("table", "board")


def candidate_url(candidate_type: str, candidate_id: int) -> str:
    return f"/{service.CANDIDATE_ENTITY[candidate_type]}/{candidate_id}"


def usernames(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {int(i): str(n) for i, n in rows}


def rows_of(session: Session, items: list[Engagement]) -> list[dict[str, Any]]:
    """Table and board rows: titles, links, days in the current stage, broker name."""
    names = service.labels(session, items)
    brokers = usernames(session, {e.broker_id for e in items})
    return [
        {
            "id": e.id,
            "stage": e.stage,
            "demand_id": e.demand_id,
            "demand": names.get("demand", {}).get(e.demand_id, ""),
            "candidate_type": e.candidate_type,
            "candidate": names.get(e.candidate_type, {}).get(e.candidate_id, ""),
            "candidate_url": candidate_url(e.candidate_type, e.candidate_id),
            "days": round(stay_days(e.history[-1]), 1) if e.history else 0,
            "broker": brokers.get(e.broker_id or 0, ""),
            "score": e.score,
        }
        for e in items
    ]


def _int(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


@router.get("/engagements", name="engagements.list")
def list_page(
    request: Request,
    db: DbDep,
    principal: UserDep,
    stage: str = "",
    demand: str = "",
    broker: str = "",
    overdue: str = "",
    view: str = "table",
) -> Response:
    """The caller's engagements as a table or a board by stage, with filters."""
    stage = stage if stage in STAGE_CODES else ""
    view = view if view in VIEWS else "table"
    with db.read(limited=True) as session:
        items, _total = service.list_engagements(
            session,
            principal,
            demand_id=_int(demand),
            stage=stage,
            broker_id=_int(broker),
            limit=LIST_LIMIT,
        )
        due = {f.engagement_id: f for f in followups.overdue_follow_ups(session, principal)}
        if overdue == "1":
            items = [e for e in items if e.id in due and due[e.id].overdue]
        rows = rows_of(session, items)
        for row in rows:
            row["follow_up"] = due.get(row["id"])
        demands = session.execute(
            select(Demand.id, Demand.title)
            .join(Engagement, Engagement.demand_id == Demand.id)
            .where(access.scope(principal))
            .distinct()
            .order_by(Demand.id)
        ).all()
        brokers = _broker_choices(session) if principal.is_staff else []
    board = [(code, [r for r in rows if r["stage"] == code]) for code in STAGE_CODES]
    context = {
        "rows": rows,
        "board": board,
        "stages": STAGE_CODES,
        "demands": demands,
        "brokers": brokers,
        "values": {"stage": stage, "demand": demand, "broker": broker, "overdue": overdue},
        "view": view,
        "filter_query": _query(stage=stage, demand=demand, broker=broker, overdue=overdue),
    }
    return page(request, "engagements_list.html", context)


def _query(**params: str) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items() if v)


def _broker_choices(session: Session) -> list[tuple[int, str]]:
    stmt = (
        select(User.id, User.username)
        .where(User.role == Role.BROKER.value, User.active.is_(True))
        .order_by(User.username)
    )
    return [(int(i), str(n)) for i, n in session.execute(stmt)]


def detail_context(
    session: Session, principal: Principal, e: Engagement, t: Translator
) -> dict[str, Any]:
    detail = read_detail(session, e)
    demand = session.get_one(Demand, e.demand_id)
    owner = session.get(Organisation, demand.owner_org_id) if demand.owner_org_id else None
    broker = usernames(session, {e.broker_id}).get(e.broker_id or 0, "")
    reasons = [r if isinstance(r, str) else str(r) for r in (e.reasons or [])]
    return {
        "e": detail,
        "demand": {"id": demand.id, "title": demand.title},
        "owner": owner.name if owner else "",
        "candidate_url": candidate_url(e.candidate_type, e.candidate_id),
        "broker": broker,
        "reasons": reasons,
        "next_stage": next_stage(e.stage),
        "is_final": next_stage(e.stage) is None,
        "contract_open": e.stage in SIGNED_OR_LATER,
        "channels": tuple(CHANNELS),
        "termination_reasons": tuple(TERMINATION_REASONS),
        "contract_types": tuple(CONTRACT_TYPES),
        "transfer_modes": tuple(c for c in TRANSFER_MODES if c),
        "payment_forms": tuple(c for c in PAYMENT_FORMS if c),
        "today": dt.date.today().isoformat(),
        "stage_form": FormErrors(values={"reason": "", "note": ""}),
        "contact_form": FormErrors(values={"date": dt.date.today().isoformat()}),
        "contract_form": FormErrors(values={"type": "transfer", "milestones": []}),
        "general": GENERAL,
    }


def _detail(
    request: Request,
    db: DbDep,
    principal: Principal,
    engagement_id: int,
    status: int = 200,
    **forms: FormErrors,
) -> Response:
    t = translator(request)
    with db.read() as session:
        e = access.get_visible(session, principal, engagement_id)
        context = detail_context(session, principal, e, t)
    context.update(forms)
    return page(request, "engagements_detail.html", context, status=status)


@router.get("/engagements/{engagement_id:int}", name="engagements.detail")
def detail_page(request: Request, db: DbDep, principal: UserDep, engagement_id: int) -> Response:
    return _detail(request, db, principal, engagement_id)


@router.post("/engagements/{engagement_id:int}/stage", name="engagements.stage")
def stage_post(
    request: Request, db: DbDep, principal: UserDep, engagement_id: int, form: CheckedForm
) -> Response:
    """Move one stage forward, or terminate with a reason; a refusal is shown in Chinese."""
    t = translator(request)
    target = str(form.get("stage") or "")
    values = {"reason": str(form.get("reason") or ""), "note": str(form.get("note") or "")}
    state = FormErrors(values=values)
    data = {"stage": target, "reason": values["reason"] or None, "note": values["note"]}
    body = validated(StageChange, data, state, t)
    if body is None:
        return _detail(request, db, principal, engagement_id, 422, stage_form=state)
    try:
        with db.write(**unit_kwargs(principal)) as session:
            service.change_stage(session, principal, engagement_id, body)
    except Conflict as exc:
        state.add(GENERAL, _skip_message(exc, target, t))
        return _detail(request, db, principal, engagement_id, 409, stage_form=state)
    except InvalidInput as exc:
        service_error(state, exc, t)
        return _detail(request, db, principal, engagement_id, 422, stage_form=state)
    flash(request, "eng.moved")
    return redirect(f"/engagements/{engagement_id}")


def _skip_message(exc: Conflict, target: str, t: Translator) -> str:
    """The refusal of a skipped stage in the page's language, naming the allowed stage."""
    details = exc.details[0] if exc.details else {}
    allowed = details.get("allowed") if isinstance(details, dict) else None
    if not allowed:
        return localise(exc.message, t.lang)
    return t(
        "eng.err.skip",
        current=t(f"eng.stage.{details['current']}"),
        target=t(f"eng.stage.{target}"),
        allowed=t(f"eng.stage.{allowed[0]}"),
    )


@router.post("/engagements/{engagement_id:int}/contacts", name="engagements.contact")
def contact_post(
    request: Request, db: DbDep, principal: UserDep, engagement_id: int, form: CheckedForm
) -> Response:
    t = translator(request)
    body, state = validate_contact(form, t)
    if body is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                service.add_contact(session, principal, engagement_id, body)
        except InvalidInput as exc:
            service_error(state, exc, t)
    if state or body is None:
        return _detail(request, db, principal, engagement_id, 422, contact_form=state)
    flash(request, "eng.contact.saved")
    return redirect(f"/engagements/{engagement_id}#contacts")


@router.post("/engagements/{engagement_id:int}/contract", name="engagements.contract")
def contract_post(
    request: Request, db: DbDep, principal: UserDep, engagement_id: int, form: CheckedForm
) -> Response:
    """技术合同登记 from the form: amounts in 万元, payment milestones as rows."""
    t = translator(request)
    body, state = validate_contract(form, t)
    status = 422
    if body is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                contracts.record_contract(session, principal, engagement_id, body)
        except InvalidInput as exc:
            service_error(state, exc, t)
        except Conflict as exc:
            state.add(GENERAL, localise(exc.message, t.lang))
            status = 409
    if state or body is None:
        return _detail(request, db, principal, engagement_id, status, contract_form=state)
    flash(request, "eng.contract.saved")
    return redirect(f"/engagements/{engagement_id}#contract")

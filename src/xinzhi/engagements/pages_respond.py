"""The two ways into 对接 from other pages, without those pages importing this domain:

- 加入对接 on each result of a demand's match page: ``match_action`` is registered by the
  composition as ``app.state.match_action`` (see ``domain.py``), the matching page asks it
  whether to offer the button, and the button posts to ``/engagements/from-match``.
- 响应该需求 on a public demand's page: ``record_panels`` (``app.state.record_panels``) gives
  the catalog's detail page a panel to include; the form posts to ``/demands/{id}/responses``.

``HOME_PATH`` (``app.state.home_path``) sends a signed-in user from ``/`` to the workbench.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Achievement, Confidentiality, Demand
from xinzhi.catalog.pages.records import detail_context
from xinzhi.catalog.service import get_record
from xinzhi.common.permissions import allowed
from xinzhi.common.web import deps
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import Conflict, InvalidInput, XinzhiError
from xinzhi.core.security import Principal
from xinzhi.engagements import access, service
from xinzhi.engagements.models import Engagement
from xinzhi.engagements.pages_forms import GENERAL, FormErrors, localise, service_error, validated
from xinzhi.engagements.schemas import EngagementCreate, ResponseCreate

router = APIRouter(include_in_schema=False)
HOME_PATH = "/workbench"
FROM_MATCH = "/engagements/from-match"


def match_action(request: Request, source_type: str, record_id: int) -> dict[str, str] | None:
    """加入对接 for a demand's results, when this user may open engagements on the demand."""
    principal = deps.get_principal(request)
    if source_type != "demand" or principal.user_id is None:
        return None
    with deps.get_db(request).read() as session:
        try:
            access.check_create(
                principal, get_record(session, get_entity("demands"), principal, record_id)
            )
        except XinzhiError:
            return None
    return {"url": FROM_MATCH, "label": "eng.add_from_match"}


@router.post(FROM_MATCH, name="engagements.from_match")
def from_match(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    """One step from a match to an engagement: demand, candidate, score and reasons kept."""
    t = translator(request)
    data = {
        "demand_id": str(form.get("demand_id") or ""),
        "candidate_type": str(form.get("candidate_type") or ""),
        "candidate_id": str(form.get("candidate_id") or ""),
        "score": str(form.get("score") or "") or None,
        "reasons": [str(r) for r in form.getlist("reasons")] or None,
        "origin": "match",
    }
    state = FormErrors(values=data)
    body = validated(EngagementCreate, data, state, t)
    if body is None:
        raise InvalidInput("; ".join(m for ms in state.errors.values() for m in ms))
    try:
        with db.write(**unit_kwargs(principal)) as session:
            engagement_id = service.create(session, principal, body).id
    except Conflict as exc:
        existing = next((d.get("engagement_id") for d in exc.details if "engagement_id" in d), None)
        if existing is None:
            raise
        flash(request, "eng.already")
        return redirect(f"/engagements/{existing}")
    flash(request, "eng.created")
    return redirect(f"/engagements/{engagement_id}")


def _may_respond(principal: Principal, demand: Demand) -> bool:
    return (
        principal.user_id is not None
        and allowed(principal, access.RESPOND)
        and principal.organisation_id is not None
        and demand.confidentiality == Confidentiality.PUBLIC.value
        and demand.owner_org_id != principal.organisation_id
    )


def respond_panel(
    request: Request, record_id: int, form: FormErrors | None = None
) -> list[dict[str, Any]]:
    principal = deps.get_principal(request)
    if principal.user_id is None:
        return []
    with deps.get_db(request).read() as session:
        demand = session.get(Demand, record_id)
        if demand is None or not _may_respond(principal, demand):
            return []
        achievements = session.execute(
            select(Achievement.id, Achievement.title)
            .where(Achievement.owner_org_id == principal.organisation_id)
            .order_by(Achievement.id)
        ).all()
        mine = [
            e.id
            for e in session.scalars(
                access.visible().where(
                    access.scope(principal),
                    Engagement.demand_id == record_id,
                    Engagement.origin == "response",
                )
            )
        ]
    panel = {
        "template": "engagements_respond.html",
        "demand_id": record_id,
        "achievements": [(int(i), str(title)) for i, title in achievements],
        "responses": mine,
        "form": form or FormErrors(values={"proposal": "", "achievement_id": ""}),
        "general": GENERAL,
    }
    return [panel]


def record_panels(request: Request, entity: str, record_id: int) -> list[dict[str, Any]]:
    """Panels for the catalog's record page: the 响应 form on a demand."""
    return respond_panel(request, record_id) if entity == "demands" else []


@router.post("/demands/{demand_id:int}/responses", name="engagements.respond")
def respond_post(
    request: Request, db: DbDep, principal: UserDep, demand_id: int, form: CheckedForm
) -> Response:
    """响应: the same service as ``POST /api/v1/demands/{id}/responses``."""
    t = translator(request)
    values = {
        "proposal": str(form.get("proposal") or "").strip(),
        "achievement_id": str(form.get("achievement_id") or ""),
    }
    state = FormErrors(values=values)
    data = {**values, "achievement_id": values["achievement_id"] or None}
    body = validated(ResponseCreate, data, state, t)
    if body is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                engagement_id = service.respond(session, principal, demand_id, body).id
        except (InvalidInput, Conflict) as exc:
            if isinstance(exc, Conflict):
                state.add(GENERAL, localise(exc.message, t.lang))
            else:
                service_error(state, exc, t)
    if body is None or state:
        entity = get_entity("demands")
        context = detail_context(request, db, principal, entity, demand_id)
        context["panels"] = respond_panel(request, demand_id, state)
        return page(request, "detail.html", context, status=422)
    flash(request, "eng.respond.sent")
    return redirect(f"/engagements/{engagement_id}")

"""揭榜挂帅 pages: the list, one challenge (status buttons, applications, reviewers, milestones,
payments, similar failures), the 揭榜 form, the reviewer's blind scoring page and the ranking.

Every POST carries the CSRF token and calls the same service and access functions as the API;
a refusal is shown on the page in Chinese. The reviewer's page uses ``flow.visible_applications``,
so the blind rule is the API's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation
from xinzhi.challenges import access, delivery, failures, flow, review, service
from xinzhi.challenges.pages_forms import (
    MEMBER_ROWS,
    Form,
    application_data,
    refusal,
    scores_data,
    validated,
)
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import (
    ApplicationCreate,
    AwardIn,
    MilestoneCreate,
    ReviewerAssign,
    ScoresIn,
    StatusChange,
)
from xinzhi.challenges.views import read_challenge
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core.errors import XinzhiError
from xinzhi.core.models import Role, User
from xinzhi.core.security import Principal

router = APIRouter(include_in_schema=False)


@router.get("/challenges", name="challenges.list")
def list_page(
    request: Request, db: DbDep, principal: PrincipalDep, status: str = "", kind: str = ""
) -> Response:
    """榜单 and 应用场景 (``?kind=scenario``: the 场景清单) with a status filter."""
    kind = kind if kind in ("challenge", "scenario") else ""
    with db.read() as session:
        found = service.list_challenges(session, principal, status=status, kind=kind, limit=500)
        items, total = found
        rows = [read_challenge(c) for c in items]
    return page(
        request,
        "challenges_list.html",
        dict(rows=rows, total=total, status=status, kind=kind, staff=access.is_staff(principal)),
    )


def _reviewer_choices(session: Session) -> list[tuple[int, str]]:
    stmt = select(User.id, User.display_name, User.username).where(
        User.role == Role.REVIEWER.value, User.active.is_(True)
    )
    return [(int(i), str(d or u)) for i, d, u in session.execute(stmt.order_by(User.username))]


def _detail_context(session: Session, principal: Principal, challenge_id: int) -> dict[str, Any]:
    challenge = access.get_challenge(session, principal, challenge_id)
    staff = access.is_staff(principal)
    reviewer = access.is_assigned(session, principal, challenge.id)
    context: dict[str, Any] = {
        "c": read_challenge(challenge),
        "staff": staff,
        "reviewer": reviewer,
        "can_apply": challenge.status == "published"
        and principal.role in access.APPLICANTS
        and principal.organisation_id is not None,
        "milestones": [
            {
                c: getattr(m, c)
                for c in ("id", "title", "due", "trl_target", "payment_share", "status")
            }
            for m in delivery.milestones_of(session, challenge.id)
        ],
        "applications": [],
        "history": [],
        "reviewers": [],
        "reviewer_choices": [],
        "payments": [],
        "similar": [],
        "error": "",
    }
    if staff:
        context["applications"] = flow.visible_applications(session, principal, challenge.id)
        context["history"] = [
            {"to_status": h.to_status, "at": h.at, "actor": h.actor} for h in challenge.history
        ]
        context["reviewers"] = review.reviewer_rows(session, challenge.id)
        context["reviewer_choices"] = _reviewer_choices(session)
        context["payments"] = delivery.payment_rows(session, challenge.id)
        context["similar"] = failures.similar(session, principal, challenge)
    elif not reviewer:  # the team sees its own application; a reviewer uses the review page
        context["applications"] = flow.visible_applications(session, principal, challenge.id)
        for a in context["applications"]:
            a["feedback"] = review.feedback(session, principal, a["id"])
    return context


def _detail(
    request: Request,
    db: DbDep,
    principal: Principal,
    challenge_id: int,
    error: str = "",
    status: int = 200,
) -> Response:
    with db.read() as session:
        context = _detail_context(session, principal, challenge_id)
    context["error"] = error
    return page(request, "challenges_detail.html", context, status=status)


@router.get("/challenges/{challenge_id:int}", name="challenges.detail")
def detail_page(
    request: Request, db: DbDep, principal: PrincipalDep, challenge_id: int
) -> Response:
    return _detail(request, db, principal, challenge_id)


def _act(
    request: Request,
    db: DbDep,
    principal: Principal,
    challenge_id: int,
    action: Any,
    done: str,
    anchor: str = "",
) -> Response:
    """Run ``action(session)`` in a write unit; a refusal re-renders the detail with it."""
    try:
        with db.write(**unit_kwargs(principal)) as session:
            action(session)
    except XinzhiError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        return _detail(
            request, db, principal, challenge_id, refusal(exc, translator(request)), exc.status_code
        )
    flash(request, done)
    return redirect(f"/challenges/{challenge_id}{anchor}")


@router.post("/challenges/{challenge_id:int}/status", name="challenges.status")
def status_post(
    request: Request, db: DbDep, principal: UserDep, challenge_id: int, form: CheckedForm
) -> Response:
    body = StatusChange.model_validate(
        {"status": str(form.get("status") or "draft"), "note": str(form.get("note") or "")}
    )
    return _act(
        request,
        db,
        principal,
        challenge_id,
        lambda s: flow.change_status(s, principal, challenge_id, body),
        "chl.moved",
    )


@router.post("/challenges/{challenge_id:int}/reviewers", name="challenges.assign")
def assign_post(
    request: Request,
    db: DbDep,
    principal: UserDep,
    settings: SettingsDep,
    challenge_id: int,
    form: CheckedForm,
) -> Response:
    raw = str(form.get("user_id") or "")
    body = ReviewerAssign(
        user_id=int(raw) if raw.isdigit() else 0,
        recuse_conflicted=form.get("recuse_conflicted") == "on",
    )
    policy = Policy.of(settings)
    return _act(
        request,
        db,
        principal,
        challenge_id,
        lambda s: review.assign(s, principal, challenge_id, body, policy),
        "chl.assigned",
        "#reviewers",
    )


@router.post("/challenges/{challenge_id:int}/award", name="challenges.award")
def award_post(
    request: Request,
    db: DbDep,
    principal: UserDep,
    settings: SettingsDep,
    challenge_id: int,
    form: CheckedForm,
) -> Response:
    ids = [int(str(v)) for v in form.getlist("shortlist") if str(v).isdigit()]
    raw = str(form.get("application_id") or "0")
    body = AwardIn(application_id=int(raw) if raw.isdigit() else 0, shortlist=ids)
    policy = Policy.of(settings)
    return _act(
        request,
        db,
        principal,
        challenge_id,
        lambda s: delivery.award(s, principal, challenge_id, body, policy),
        "chl.awarded",
    )


@router.post("/challenges/{challenge_id:int}/milestones", name="challenges.milestone")
def milestone_post(
    request: Request, db: DbDep, principal: UserDep, challenge_id: int, form: CheckedForm
) -> Response:
    t = translator(request)
    state = Form()
    data = {
        k: str(form.get(k) or "").strip() or None
        for k in ("title", "due", "trl_target", "payment_share", "achievement_id")
    }
    body = validated(MilestoneCreate, data, state, t)
    if body is None:
        return _detail(request, db, principal, challenge_id, "；".join(state.errors), 422)
    return _act(
        request,
        db,
        principal,
        challenge_id,
        lambda s: delivery.add_milestone(s, principal, challenge_id, body),
        "chl.milestone_added",
        "#milestones",
    )


@router.post("/milestones/{milestone_id:int}/accept", name="challenges.accept")
def accept_post(
    request: Request,
    db: DbDep,
    principal: UserDep,
    settings: SettingsDep,
    milestone_id: int,
    form: CheckedForm,
) -> Response:
    raw = str(form.get("challenge_id") or "0")
    challenge_id = int(raw) if raw.isdigit() else 0
    policy = Policy.of(settings)
    return _act(
        request,
        db,
        principal,
        challenge_id,
        lambda s: delivery.accept_milestone(s, principal, milestone_id, "", policy),
        "chl.milestone_accepted",
        "#milestones",
    )


def _orgs(session: Session) -> list[tuple[int, str]]:
    stmt = select(Organisation.id, Organisation.name).where(
        Organisation.kind.in_(("enterprise", "university", "institute"))
    )
    return [
        (int(i), str(n)) for i, n in session.execute(stmt.order_by(Organisation.name).limit(500))
    ]


def _apply_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    challenge_id: int,
    form: Form,
    status: int = 200,
) -> Response:
    with db.read() as session:
        challenge = access.get_challenge(session, principal, challenge_id)
        lead = session.get(Organisation, principal.organisation_id or 0)
        context = {
            "c": read_challenge(challenge),
            "lead": lead.name if lead else "",
            "orgs": _orgs(session),
            "form": form,
            "rows": range(MEMBER_ROWS),
        }
    return page(request, "challenges_apply.html", context, status=status)


@router.get("/challenges/{challenge_id:int}/apply", name="challenges.apply_form")
def apply_form(request: Request, db: DbDep, principal: UserDep, challenge_id: int) -> Response:
    access.require_apply(principal, principal.organisation_id or -1)
    return _apply_page(request, db, principal, challenge_id, Form())


@router.post("/challenges/{challenge_id:int}/apply", name="challenges.apply")
def apply_post(
    request: Request, db: DbDep, principal: UserDep, challenge_id: int, form: CheckedForm
) -> Response:
    t = translator(request)
    access.require_apply(principal, principal.organisation_id or -1)
    values, data = application_data(form, principal.organisation_id or 0)
    state = Form(values=values)
    body = validated(ApplicationCreate, data, state, t)
    if body is not None:
        try:
            with db.write(**unit_kwargs(principal)) as session:
                flow.apply(session, principal, challenge_id, body)
        except XinzhiError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            state.errors.append(refusal(exc, t))
    if state or body is None:
        return _apply_page(request, db, principal, challenge_id, state, 422)
    flash(request, "chl.applied")
    return redirect(f"/challenges/{challenge_id}")


def _review_page(
    request: Request,
    db: DbDep,
    principal: Principal,
    challenge_id: int,
    error: str = "",
    status: int = 200,
) -> Response:
    with db.read() as session:
        access.require_reviewer_of(session, principal, challenge_id)
        challenge = access.get_challenge(session, principal, challenge_id)
        apps = flow.visible_applications(session, principal, challenge_id)
        mine = review.my_scores(session, principal, [a["id"] for a in apps])
        context = {
            "c": read_challenge(challenge),
            "apps": apps,
            "mine": mine,
            "error": error,
            "criteria": [r["criterion"] for r in challenge.rubric],
        }
    return page(request, "challenges_review.html", context, status=status)


@router.get("/challenges/{challenge_id:int}/review", name="challenges.review")
def review_page(request: Request, db: DbDep, principal: UserDep, challenge_id: int) -> Response:
    """The assigned reviewer's page: blind applications and a scoring form for each."""
    return _review_page(request, db, principal, challenge_id)


@router.post("/applications/{application_id:int}/scores", name="challenges.score")
def score_post(
    request: Request, db: DbDep, principal: UserDep, application_id: int, form: CheckedForm
) -> Response:
    t = translator(request)
    with db.read() as session:
        application, _how = access.application_view(session, principal, application_id)
        challenge_id = application.challenge_id
        criteria = [
            r["criterion"] for r in access.get_challenge(session, principal, challenge_id).rubric
        ]
    state = Form()
    body = validated(ScoresIn, scores_data(form, criteria), state, t)
    if body is None:
        return _review_page(request, db, principal, challenge_id, "；".join(state.errors), 422)
    try:
        with db.write(**unit_kwargs(principal)) as session:
            review.put_scores(session, principal, application_id, body)
    except XinzhiError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        return _review_page(request, db, principal, challenge_id, refusal(exc, t), exc.status_code)
    flash(request, "chl.scored")
    return redirect(f"/challenges/{challenge_id}/review#app-{application_id}")


@router.get("/challenges/{challenge_id:int}/ranking", name="challenges.ranking")
def ranking_page(
    request: Request, db: DbDep, principal: UserDep, settings: SettingsDep, challenge_id: int
) -> Response:
    with db.read() as session:
        result = review.ranking(session, principal, challenge_id, Policy.of(settings))
        c = read_challenge(access.get_challenge(session, principal, challenge_id))
        names = {
            a["id"]: a["lead_org_name"]
            for a in flow.visible_applications(session, principal, challenge_id)
        }
    return page(request, "challenges_ranking.html", {"c": c, "result": result, "names": names})

"""技术成熟度 pages: an achievement's TRL assessments — the automatic prior, the history, and the
current assessment's evidence-gated checklist (answer with evidence upload, reviewer approval,
prior confirmation or override). Old assessments are shown read-only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData, UploadFile

from xinzhi.common import permissions
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect
from xinzhi.core.errors import InvalidInput, XinzhiError
from xinzhi.core.security import Principal
from xinzhi.maturity import access, service, views
from xinzhi.maturity import evidence as files
from xinzhi.maturity.scales import scales

router = APIRouter(include_in_schema=False)


def _context(
    db: DbDep, principal: Principal, achievement_id: int, assessment_id: int | None = None
) -> dict[str, Any]:
    with db.read() as session:
        achievement = access.visible_achievement(session, principal, achievement_id)
        rows = service.history(session, principal, achievement_id)
        shown = None
        if assessment_id is not None:
            shown = service.get_assessment(session, principal, assessment_id)
            if shown.achievement_id != achievement_id:
                raise InvalidInput("this assessment belongs to another achievement")
        elif rows:
            shown = service.get_assessment(session, principal, rows[0].id)
        return {
            "achievement": {"id": achievement.id, "title": achievement.title,
                            "trl": achievement.trl, "trl_scale": achievement.trl_scale},
            "scale_names": {k: v.name_zh for k, v in scales().items()},
            "prior": service.prior_for(session, principal, achievement_id, "gbt"),
            "history": [views.summary(r) for r in rows],
            "view": views.view(session, shown) if shown is not None else None,
            "can_edit": access.can_edit(principal, achievement),
            "can_review": permissions.allowed(principal, access.APPROVE),
            "error": None,
        }  # fmt: skip


@router.get("/maturity/achievements/{achievement_id}", name="maturity")
def achievement_page(
    request: Request, db: DbDep, principal: PrincipalDep, achievement_id: int,
    assessment: int | None = None,
) -> Response:  # fmt: skip
    return page(request, "maturity.html", _context(db, principal, achievement_id, assessment))


def _back(achievement_id: int) -> str:
    return f"/maturity/achievements/{achievement_id}"


def _do(
    request: Request, db: DbDep, principal: Principal, achievement_id: int, action: Any
) -> Response:
    """Run ``action(session)`` in a unit of work; on an error show the page with the message."""
    try:
        with db.write(**unit_kwargs(principal)) as session:
            action(session)
    except (InvalidInput, XinzhiError) as exc:
        if exc.status_code not in (404, 409, 422):
            raise
        context = _context(db, principal, achievement_id) | {"error": exc}
        return page(request, "maturity.html", context, status=exc.status_code)
    flash(request, "maturity.saved")
    return redirect(_back(achievement_id))


def _text(form: FormData, name: str) -> str:
    return str(form.get(name) or "").strip()


@router.post("/maturity/achievements/{achievement_id}/assess", name="maturity_start")
def start(
    request: Request, db: DbDep, principal: UserDep, achievement_id: int, form: CheckedForm
) -> Response:
    return _do(request, db, principal, achievement_id, lambda s: service.start_assessment(
        s, principal, achievement_id, scale=_text(form, "scale") or "gbt",
        track=_text(form, "track") or "hardware", note=_text(form, "note"),
        carry_over=form.get("carry_over") == "on"))  # fmt: skip


def _assessment_achievement(db: DbDep, principal: Principal, assessment_id: int) -> int:
    with db.read() as session:
        return service.get_assessment(session, principal, assessment_id).achievement_id


@router.post("/maturity/assessments/{assessment_id}/answer", name="maturity_answer")
def answer(
    request: Request, db: DbDep, settings: SettingsDep, principal: UserDep, assessment_id: int,
    form: CheckedForm,
) -> Response:  # fmt: skip
    achievement_id = _assessment_achievement(db, principal, assessment_id)
    criterion = _text(form, "criterion_id")
    upload = form.get("file")

    def action(session: Any) -> None:
        service.answer(session, principal, assessment_id, criterion, _text(form, "answer"),
                       _text(form, "note"))  # fmt: skip
        if isinstance(upload, UploadFile) and upload.filename:
            service.add_evidence(session, settings, principal, assessment_id, criterion,
                                 upload.filename, upload.file)  # fmt: skip

    return _do(request, db, principal, achievement_id, action)


def _level(form: FormData) -> int:
    try:
        return int(_text(form, "level"))
    except ValueError:
        raise InvalidInput("level must be a number from 1 to 9") from None


@router.post("/maturity/assessments/{assessment_id}/approve", name="maturity_approve")
def approve(
    request: Request, db: DbDep, principal: UserDep, assessment_id: int, form: CheckedForm
) -> Response:
    achievement_id = _assessment_achievement(db, principal, assessment_id)
    return _do(request, db, principal, achievement_id, lambda s: service.approve_level(
        s, principal, assessment_id, _level(form), _text(form, "note")))  # fmt: skip


@router.post("/maturity/assessments/{assessment_id}/revoke", name="maturity_revoke")
def revoke(
    request: Request, db: DbDep, principal: UserDep, assessment_id: int, form: CheckedForm
) -> Response:
    achievement_id = _assessment_achievement(db, principal, assessment_id)
    return _do(request, db, principal, achievement_id, lambda s: service.revoke_approval(
        s, principal, assessment_id, _level(form), _text(form, "reason")))  # fmt: skip


@router.post("/maturity/assessments/{assessment_id}/prior", name="maturity_prior")
def decide_prior(
    request: Request, db: DbDep, principal: UserDep, assessment_id: int, form: CheckedForm
) -> Response:
    achievement_id = _assessment_achievement(db, principal, assessment_id)
    level = None if _text(form, "decision") == "confirm" else _level(form)
    return _do(request, db, principal, achievement_id, lambda s: service.decide_prior(
        s, principal, assessment_id, level=level, reason=_text(form, "reason")))  # fmt: skip


@router.get("/maturity/evidence/{evidence_id}", name="maturity_evidence")
def evidence_file(
    db: DbDep, settings: SettingsDep, principal: UserDep, evidence_id: int
) -> FileResponse:
    with db.read() as session:
        item = service.get_evidence(session, principal, evidence_id)
        path, name = files.path_of(settings, item.stored_path), item.filename
    return FileResponse(path, filename=name)

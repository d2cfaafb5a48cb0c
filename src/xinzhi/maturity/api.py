"""TRL API: scales and conversion, the automatic prior, assessments (answer, evidence upload,
approve, revoke, prior decision), history, evidence download and a track's maturity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import FileResponse

from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.maturity import evidence as files
from xinzhi.maturity import service, views
from xinzhi.maturity.prior import Prior
from xinzhi.maturity.scales import Conversion, convert, mapping, scales
from xinzhi.maturity.schemas import (
    AnswerIn,
    ApproveIn,
    AssessmentCreate,
    AssessmentSummary,
    AssessmentView,
    EvidenceView,
    PriorDecision,
    RevokeIn,
    TrackReport,
)

router = APIRouter(prefix="/maturity", tags=["maturity"])


@router.get("/scales")
def list_scales() -> dict[str, Any]:
    """The NASA, EU and GB/T scales with their sources, and the mapping table."""
    return {
        "scales": [s.model_dump(mode="json") for s in scales().values()],
        "mapping": mapping().model_dump(),
    }


@router.get("/convert")
def convert_level(
    level: int, from_scale: str = Query(alias="from"), to_scale: str = Query(alias="to")
) -> Conversion:
    """``level`` of scale ``from`` on scale ``to``; ``approximate`` says when meaning differs."""
    return convert(level, from_scale, to_scale)


@router.get("/track")
def track(
    db: DbDep, principal: PrincipalDep, q: str = "", field: str | None = None, scale: str = "gbt"
) -> TrackReport:
    """A track's maturity: TRL distribution of the visible achievements matching ``q``."""
    with db.read(limited=True) as session:
        return service.track_report(session, principal, q=q, field=field, scale=scale)


@router.get("/achievements/{achievement_id}/prior")
def prior(achievement_id: int, db: DbDep, principal: PrincipalDep, scale: str = "gbt") -> Prior:
    with db.read() as session:
        return service.prior_for(session, principal, achievement_id, scale)


@router.get("/achievements/{achievement_id}/assessments")
def history(achievement_id: int, db: DbDep, principal: PrincipalDep) -> list[AssessmentSummary]:
    """Every assessment of the achievement, newest first."""
    with db.read() as session:
        return [views.summary(r) for r in service.history(session, principal, achievement_id)]


@router.post("/achievements/{achievement_id}/assessments", status_code=201)
def start(
    achievement_id: int, body: AssessmentCreate, db: DbDep, principal: UserDep
) -> AssessmentView:
    """Start a (re-)assessment; the previous one is kept, superseded."""
    with db.write(**unit_kwargs(principal)) as session:
        row = service.start_assessment(session, principal, achievement_id, **body.model_dump())
        return views.view(session, row)


@router.get("/assessments/{assessment_id}")
def get(assessment_id: int, db: DbDep, principal: PrincipalDep) -> AssessmentView:
    with db.read() as session:
        return views.view(session, service.get_assessment(session, principal, assessment_id))


@router.put("/assessments/{assessment_id}/answers/{criterion_id}")
def answer(
    assessment_id: int, criterion_id: str, body: AnswerIn, db: DbDep, principal: UserDep
) -> AssessmentView:
    with db.write(**unit_kwargs(principal)) as session:
        service.answer(session, principal, assessment_id, criterion_id, body.answer, body.note)
        return views.view(session, service.get_assessment(session, principal, assessment_id))


@router.post("/assessments/{assessment_id}/answers/{criterion_id}/evidence", status_code=201)
def upload_evidence(
    assessment_id: int, criterion_id: str, db: DbDep, settings: SettingsDep, principal: UserDep,
    file: UploadFile = File(...),
) -> EvidenceView:  # fmt: skip
    """Attach an evidence file (multipart ``file``); its SHA-256 is stored."""
    with db.write(**unit_kwargs(principal)) as session:
        item = service.add_evidence(session, settings, principal, assessment_id, criterion_id,
                                    file.filename or "evidence", file.file)  # fmt: skip
        return views.evidence_view(item)


@router.get("/evidence/{evidence_id}")
def download_evidence(
    evidence_id: int, db: DbDep, settings: SettingsDep, principal: UserDep
) -> FileResponse:
    with db.read() as session:
        item = service.get_evidence(session, principal, evidence_id)
        path, name = files.path_of(settings, item.stored_path), item.filename
    return FileResponse(path, filename=name)


@router.post("/assessments/{assessment_id}/levels/{level}/approve")
def approve(
    assessment_id: int, level: int, body: ApproveIn, db: DbDep, principal: UserDep
) -> AssessmentSummary:
    """A reviewer approves a level; refused (422 with the blockers) unless every applicable
    criterion is met and has evidence."""
    with db.write(**unit_kwargs(principal)) as session:
        service.approve_level(session, principal, assessment_id, level, body.note)
        return views.summary(service.get_assessment(session, principal, assessment_id))


@router.post("/assessments/{assessment_id}/levels/{level}/revoke")
def revoke(
    assessment_id: int, level: int, body: RevokeIn, db: DbDep, principal: UserDep
) -> AssessmentSummary:
    with db.write(**unit_kwargs(principal)) as session:
        service.revoke_approval(session, principal, assessment_id, level, body.reason)
        return views.summary(service.get_assessment(session, principal, assessment_id))


@router.post("/assessments/{assessment_id}/prior")
def decide_prior(
    assessment_id: int, body: PriorDecision, db: DbDep, principal: UserDep
) -> AssessmentSummary:
    """A reviewer confirms the prior (no ``level``) or overrides it (``level`` + ``reason``)."""
    with db.write(**unit_kwargs(principal)) as session:
        row = service.decide_prior(session, principal, assessment_id, level=body.level,
                                   reason=body.reason)  # fmt: skip
        return views.summary(row)

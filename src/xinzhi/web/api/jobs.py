"""Background jobs and the audit trail, as seen through the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from xinzhi.common.web.deps import DbDep, HueyDep, PrincipalDep, SettingsDep, UserDep
from xinzhi.common.web.params import Limit
from xinzhi.core import jobs
from xinzhi.core.models import AuditLog, Role

router = APIRouter(tags=["jobs"])


@router.get("/jobs")
def list_jobs(db: DbDep, principal: UserDep, settings: SettingsDep) -> list[dict[str, Any]]:
    with db.read() as session:
        return [jobs.describe(settings, j) for j in jobs.list_jobs(session, principal)]


@router.get("/jobs/{job_id}")
def get_job(job_id: int, db: DbDep, principal: UserDep, settings: SettingsDep) -> dict[str, Any]:
    with db.read() as session:
        job = jobs.get_job(session, principal, job_id)
        return jobs.describe(settings, job)


@router.post("/jobs/{job_id}/retry", status_code=202)
def retry_job(job_id: int, db: DbDep, principal: UserDep, huey: HueyDep) -> dict[str, Any]:
    with db.read() as session:
        jobs.get_job(session, principal, job_id)
    jobs.retry(db, huey, job_id)
    return {"id": job_id, "status": "queued"}


@router.get("/audit")
def audit(
    db: DbDep,
    principal: PrincipalDep,
    entity_type: str = "",
    entity_id: int | None = None,
    limit: Limit = 100,
) -> list[dict[str, Any]]:
    """The audit trail (admins and brokers): who changed what, when, before and after."""
    principal.require(Role.ADMIN, Role.BROKER)
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if entity_type:
        stmt = stmt.where(AuditLog.entity_type == entity_type)
    if entity_id is not None:
        stmt = stmt.where(AuditLog.entity_id == entity_id)
    with db.read() as session:
        return [
            {
                "id": a.id,
                "at": a.at,
                "actor": a.actor,
                "action": a.action,
                "entity_type": a.entity_type,
                "entity_id": a.entity_id,
                "before": a.before,
                "after": a.after,
                "note": a.note,
            }
            for a in session.scalars(stmt)
        ]

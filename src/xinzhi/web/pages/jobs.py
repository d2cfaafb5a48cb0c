"""Background jobs: the list, one job's status and progress (polled by htmx while it runs),
its import report, the rejected-rows file, and retry of failed or interrupted jobs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from xinzhi.common.web import uploads
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, HueyDep, SettingsDep, UserDep
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core import jobs
from xinzhi.core.errors import NotFound
from xinzhi.core.models import Job, JobStatus
from xinzhi.core.settings import Settings

router = APIRouter(include_in_schema=False)
ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
RETRYABLE = (JobStatus.FAILED.value, JobStatus.INTERRUPTED.value)
REPORT_ROWS = 200
IMPORT_KIND = "catalog.import"
COUNT_ORDER = (
    "created",
    "updated",
    "unchanged",
    "repeated",
    "rejected",
    "skipped_empty",
    "organisations_matched",
    "organisations_created",
)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "—"


def report_of(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """The import report inside a job result (a failed import carries it under ``report``)."""
    if not result:
        return None
    report = result.get("report", result)
    return report if isinstance(report, dict) and "counts" in report else None


def report_view(job_id: int, report: dict[str, Any], t: Translator) -> dict[str, Any]:
    counts = report.get("counts") or {}
    names = [n for n in COUNT_ORDER if n in counts] + [n for n in counts if n not in COUNT_ORDER]
    errors = list(report.get("errors") or [])
    shown = errors[:REPORT_ROWS]
    return {
        "total_rows": report.get("total_rows", 0),
        "counts": [(n, t.maybe(f"report.count.{n}", n), counts[n]) for n in names],
        "errors": shown,
        "errors_total": len(errors) + int(report.get("errors_truncated") or 0),
        "warnings": list(report.get("warnings") or [])[:REPORT_ROWS],
        "duplicates": list(report.get("duplicates") or [])[:REPORT_ROWS],
        "notes": report.get("notes") or [],
        "entity": report.get("entity", ""),
        "dry_run": bool(report.get("dry_run")),
        "rejects_url": f"/jobs/{job_id}/rejects" if report.get("rejects_path") else None,
    }


def job_view(job: Job, settings: Settings, t: Translator) -> dict[str, Any]:
    report = report_of(job.result)
    path = str((job.params or {}).get("path", ""))
    return {
        "id": job.id,
        "kind": t.maybe(f"job.kind.{job.kind}", job.kind),
        "is_import": job.kind == IMPORT_KIND,
        "status": job.status,
        "active": job.status in ACTIVE,
        "can_retry": job.status in RETRYABLE,
        "progress": jobs.read_progress(settings, job),
        "created": _when(job.created_at),
        "started": _when(job.started_at),
        "finished": _when(job.finished_at),
        "actor": job.actor,
        "attempts": job.attempts,
        "error": job.error,
        "file": uploads.original_name(settings, path) if path else "",
        "report": report_view(job.id, report, t) if report else None,
    }


def _load(db: DbDep, principal: UserDep, settings: Settings, job_id: int, t: Translator) -> Any:
    with db.read() as session:
        return job_view(jobs.get_job(session, principal, job_id), settings, t)


@router.get("/jobs", name="jobs")
def job_list(
    request: Request, db: DbDep, principal: UserDep, settings: SettingsDep
) -> HTMLResponse:
    t = translator(request)
    with db.read() as session:
        views = [job_view(j, settings, t) for j in jobs.list_jobs(session, principal)]
    return page(request, "jobs.html", {"jobs": views})


@router.get("/jobs/{job_id:int}", name="job")
def job_page(
    request: Request, db: DbDep, principal: UserDep, settings: SettingsDep, job_id: int
) -> HTMLResponse:
    job = _load(db, principal, settings, job_id, translator(request))
    return page(request, "job.html", {"job": job})


@router.get("/jobs/{job_id:int}/status", name="job.status")
def job_status(
    request: Request, db: DbDep, principal: UserDep, settings: SettingsDep, job_id: int
) -> HTMLResponse:
    """The live part of the job page alone: what htmx fetches every second while it runs."""
    job = _load(db, principal, settings, job_id, translator(request))
    return page(request, "_job_status.html", {"job": job})


@router.post("/jobs/{job_id:int}/retry", name="job.retry")
def job_retry(
    request: Request, db: DbDep, principal: UserDep, huey: HueyDep, job_id: int, form: CheckedForm
) -> Response:
    with db.read() as session:
        jobs.get_job(session, principal, job_id)
    jobs.retry(db, huey, job_id)
    flash(request, "job.retried")
    return redirect(f"/jobs/{job_id}")


@router.get("/jobs/{job_id:int}/rejects", name="job.rejects")
def job_rejects(db: DbDep, principal: UserDep, settings: SettingsDep, job_id: int) -> Response:
    """The rows an import refused, as the importer wrote them (only files under ``data_dir``)."""
    with db.read() as session:
        report = report_of(jobs.get_job(session, principal, job_id).result)
    raw = (report or {}).get("rejects_path")
    path = Path(str(raw)).resolve() if raw else None
    if path is None or not path.is_file() or not path.is_relative_to(settings.data_dir.resolve()):
        raise NotFound(f"job #{job_id} has no rejects file")
    return FileResponse(path, filename=path.name)

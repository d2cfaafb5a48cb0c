"""The catalog.import job kind: report as result, rejected files fail with the report kept."""

from __future__ import annotations

from pathlib import Path

from tests.catalog.importing.helpers import write_csv
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.models import Job, JobStatus
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings

ADMIN = system_principal("test")


def _job(db: Database, job_id: int) -> Job:
    with db.read() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def test_import_job_is_registered_and_returns_the_report(
    db: Database, settings: Settings, demands_csv: Path
) -> None:
    assert "catalog.import" in jobs.registered_kinds()
    params = {"entity": "demands", "path": str(demands_csv), "mapping": {}, "skip_invalid": False}
    job_id = jobs.submit(db, jobs.make_huey(settings), "catalog.import", params, ADMIN)
    job = _job(db, job_id)
    assert job.status == JobStatus.SUCCEEDED.value and job.result is not None
    assert job.result["counts"]["created"] == 607
    assert job.result["duplicate_counts"]["exact_in_file"] == 61


def test_rejected_import_job_fails_and_keeps_the_report(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "需求名称,截止日期\n储能,明年\n热泵,2021-01-01\n")
    params = {"entity": "demands", "path": str(path), "mapping": {"截止日期": "deadline"}}
    job_id = jobs.submit(db, jobs.make_huey(settings), "catalog.import", params, ADMIN)
    job = _job(db, job_id)
    assert job.status == JobStatus.FAILED.value and job.error and "nothing was written" in job.error
    assert job.result is not None and job.result["code"] == "invalid_input"
    assert job.result["report"]["errors"][0]["row"] == 2
    assert job.result["details"][0]["column"] == "截止日期"


def test_import_job_with_skip_invalid_and_dry_run(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "需求名称,截止日期\n储能,明年\n热泵,2021-01-01\n")
    params = {"entity": "demands", "path": str(path), "skip_invalid": True, "dry_run": True}
    job = _job(db, jobs.submit(db, jobs.make_huey(settings), "catalog.import", params, ADMIN))
    assert job.status == JobStatus.SUCCEEDED.value and job.result is not None
    assert job.result["counts"]["created"] == 1 and job.result["counts"]["rejected"] == 1
    assert job.result["written"] is False and job.result["rejects_path"] is None

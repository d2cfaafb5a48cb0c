"""Background jobs: stored status, errors kept, interrupted jobs recovered, real huey worker."""

from __future__ import annotations

import time
from typing import Any

import pytest

from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.models import Job, JobStatus
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings

ADMIN = system_principal("test")
CALLS: list[dict[str, Any]] = []


@jobs.job_kind("test.echo")
def _echo(ctx: jobs.JobContext) -> dict[str, Any]:
    CALLS.append(ctx.params)
    ctx.progress(1, 2, "half way", force=True)
    if ctx.params.get("fail"):
        raise InvalidInput("the input file has 3 invalid rows")
    if ctx.params.get("crash"):
        raise ZeroDivisionError("division by zero")
    return {"echo": ctx.params["value"]}


def _job(db: Database, job_id: int) -> Job:
    with db.read() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def test_job_runs_and_stores_result(db: Database, settings: Settings) -> None:
    huey = jobs.make_huey(settings)
    job_id = jobs.submit(db, huey, "test.echo", {"value": 42}, ADMIN)
    job = _job(db, job_id)
    assert job.status == JobStatus.SUCCEEDED.value and job.result == {"echo": 42}
    assert job.started_at is not None and job.finished_at is not None and job.attempts == 1
    assert job.actor == ADMIN.actor


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fail": True}, "the input file has 3 invalid rows"),
        ({"crash": True}, "ZeroDivisionError: division by zero"),
    ],
)
def test_failed_job_keeps_status_and_error(
    db: Database, settings: Settings, params: dict[str, Any], message: str
) -> None:
    job_id = jobs.submit(db, jobs.make_huey(settings), "test.echo", params, ADMIN)
    job = _job(db, job_id)
    assert job.status == JobStatus.FAILED.value
    assert job.error == message


def test_unknown_job_kind_is_refused(db: Database, settings: Settings) -> None:
    with pytest.raises(InvalidInput):
        jobs.submit(db, jobs.make_huey(settings), "no.such.kind", {}, ADMIN)


def test_interrupted_job_is_marked_and_can_be_retried(db: Database, settings: Settings) -> None:
    with db.write() as session:
        job = Job(kind="test.echo", params={"value": 7}, status=JobStatus.RUNNING.value)
        session.add(job)
        session.flush()
        job_id = job.id
    assert jobs.recover_interrupted(db) == 1
    assert _job(db, job_id).status == JobStatus.INTERRUPTED.value
    jobs.retry(db, jobs.make_huey(settings), job_id)
    job = _job(db, job_id)
    assert job.status == JobStatus.SUCCEEDED.value and job.result == {"echo": 7}
    with pytest.raises(Conflict):
        jobs.retry(db, jobs.make_huey(settings), job_id)


def test_progress_is_read_from_the_side_file_while_running(settings: Settings) -> None:
    job = Job(id=5, status=JobStatus.RUNNING.value, progress=0.0, message="")
    jobs.write_progress(settings, 5, {"done": 30, "total": 120, "message": "写入"})
    progress = jobs.read_progress(settings, job)
    assert progress["fraction"] == pytest.approx(0.25) and progress["message"] == "写入"


def test_real_huey_consumer_runs_queued_jobs(db: Database, settings: Settings) -> None:
    worker_settings = settings.model_copy(update={"jobs_mode": "worker"})
    huey = jobs.make_huey(worker_settings)
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        job_id = jobs.submit(db, huey, "test.echo", {"value": "队列"}, ADMIN)
        deadline = time.monotonic() + 30
        while _job(db, job_id).status in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    assert _job(db, job_id).result == {"echo": "队列"}

"""The job pages: live progress while a job runs, and retry of interrupted jobs."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.world import World, csrf_token, log_in
from xinzhi.core.db import Database
from xinzhi.core.jobs import write_progress
from xinzhi.core.models import Job, JobStatus, User
from xinzhi.core.settings import Settings


def _job(db: Database, username: str, status: JobStatus, params: dict[str, object]) -> int:
    with db.write(actor="test") as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        job = Job(
            kind="catalog.import",
            params=params,
            status=status.value,
            created_by=user_id,
            actor=f"user:{username}",
        )
        session.add(job)
        session.flush()
        return job.id


def test_running_job_polls_every_second_and_shows_live_progress(
    client: TestClient, world: World, db: Database, settings: Settings
) -> None:
    log_in(client, world, "broker")
    job_id = _job(db, "broker", JobStatus.RUNNING, {"entity": "demands", "path": "x.csv"})
    write_progress(settings, job_id, {"done": 30, "total": 120, "message": "写入记录"})
    page = client.get(f"/jobs/{job_id}").text
    assert f'hx-get="/jobs/{job_id}/status" hx-trigger="every 1s"' in page
    assert 'aria-valuenow="25"' in page and "写入记录" in page
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>, for pages without JS
    assert "运行中" in client.get("/jobs").text


def test_interrupted_import_can_be_retried_from_the_jobs_list(
    client: TestClient, world: World, db: Database, settings: Settings, tmp_path: Path
) -> None:
    log_in(client, world, "admin")
    source = settings.data_dir / "uploads" / "f00d.csv"
    source.parent.mkdir(parents=True, exist_ok=True)
    rows = "需求名称,所属领域\n高温合金涡轮叶片单晶铸造良率提升,航空\n"
    source.write_text(rows, encoding="utf-8")
    params = {"entity": "demands", "path": str(source), "mapping": {}, "skip_invalid": False}
    job_id = _job(db, "admin", JobStatus.INTERRUPTED, params)
    listing = client.get("/jobs").text
    assert f'action="/jobs/{job_id}/retry"' in listing and "已中断" in listing
    token = csrf_token(client, "/jobs")
    response = client.post(f"/jobs/{job_id}/retry", data={"csrf_token": token})
    assert response.status_code == 200 and "任务已重新排队" in response.text
    assert 'data-status="succeeded"' in response.text
    assert "高温合金涡轮叶片单晶铸造良率提升" in client.get("/demands").text


def test_succeeded_jobs_cannot_be_retried(client: TestClient, world: World, db: Database) -> None:
    log_in(client, world, "admin")
    job_id = _job(db, "admin", JobStatus.SUCCEEDED, {})
    assert "/retry" not in client.get(f"/jobs/{job_id}").text
    token = csrf_token(client, "/jobs")
    assert client.post(f"/jobs/{job_id}/retry", data={"csrf_token": token}).status_code == 409


def test_jobs_need_a_login(client: TestClient) -> None:
    response = client.get("/jobs")
    assert response.status_code == 401 and 'href="/login?next=/jobs"' in response.text

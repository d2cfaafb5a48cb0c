"""Production refuses to start while an account has the demo password, and refuses the demo
loader; a job the queue cannot take is marked failed with the reason, never left queued."""

from __future__ import annotations

import pytest
from huey import Huey
from sqlalchemy import select

from tests.clients import run_cli, web_client
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import ConfigError, InvalidInput, Unavailable
from xinzhi.core.models import Job, Role
from xinzhi.core.security import create_user, system_principal
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

STRONG = "Kq3v-8ZpLr_2mWx9TyB4nHc7JdF0sGe6UaQ1oVi5"


@pytest.fixture
def production(settings: Settings) -> Settings:
    return settings.model_copy(update={"env": "production", "secret_key": STRONG})


def _demo_admin(db: Database, settings: Settings) -> None:
    with db.write() as session:
        create_user(session, username="admin", password=settings.demo_password, role=Role.ADMIN)


def test_production_refuses_to_start_while_an_account_has_the_demo_password(
    settings: Settings, production: Settings, db: Database
) -> None:
    _demo_admin(db, settings)
    with pytest.raises(ConfigError, match="admin"):
        create_app(production)

    worker = run_cli(production, "worker")
    assert worker.exit_code == 6
    assert "demo password" in worker.output and "admin" in worker.output

    changed = run_cli(settings, "users", "set-password", "admin", "--password", "a-real-password")
    assert changed.exit_code == 0, changed.output
    with web_client(create_app(production), "api") as client:
        assert client.get("/api/v1/health").status_code == 200


def test_development_starts_with_demo_accounts(settings: Settings, db: Database) -> None:
    _demo_admin(db, settings)
    with web_client(create_app(settings), "api") as client:
        assert client.get("/api/v1/health").status_code == 200


def test_production_refuses_the_demo_loader_and_the_demo_password(
    production: Settings, db: Database
) -> None:
    refused = run_cli(production, "demo", "load")
    assert refused.exit_code == 6 and "production" in refused.output
    prod_db = Database(engine=db.engine, settings=production)
    with pytest.raises(InvalidInput, match="演示密码"), prod_db.write() as session:
        create_user(session, username="x", password=production.demo_password, role=Role.PUBLIC)


def _break_queue(huey: Huey, settings: Settings) -> None:
    """The queue file becomes unopenable (as a lost disk or a deleted volume would make it)."""
    huey.storage.close()
    queue = settings.data_dir / "jobs" / "queue.db"
    queue.unlink()
    queue.mkdir()


def test_a_job_the_queue_cannot_take_is_marked_failed_with_the_reason(
    settings: Settings, db: Database
) -> None:
    worker_mode = settings.model_copy(update={"jobs_mode": "worker"})
    huey = jobs.make_huey(worker_mode)
    _break_queue(huey, worker_mode)
    with pytest.raises(Unavailable, match="could not queue"):
        jobs.submit(db, huey, "matching.index", {}, system_principal())
    with db.read() as session:
        job = session.scalars(select(Job)).one()
        job_id = job.id
        assert job.status == "failed"
        assert job.error and "could not queue" in job.error

    with pytest.raises(Unavailable):
        jobs.retry(db, huey, job_id)
    with db.read() as session:
        assert session.get(Job, job_id).status == "failed"  # type: ignore[union-attr]


def test_the_api_answers_503_when_the_queue_is_down(settings: Settings, db: Database) -> None:
    worker_mode = settings.model_copy(update={"jobs_mode": "worker"})
    with db.write() as session:
        create_user(session, username="boss", password="boss-password", role=Role.ADMIN)
    app = create_app(worker_mode)
    _break_queue(app.state.huey, worker_mode)
    with web_client(app, "api") as client:
        client.post("/api/v1/auth/login", json={"username": "boss", "password": "boss-password"})
        answer = client.post("/api/v1/match/index", json={})
        assert answer.status_code == 503
    with db.read() as session:
        job = session.scalars(select(Job)).one()
        assert job.status == "failed" and "could not queue" in (job.error or "")

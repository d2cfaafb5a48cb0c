"""Background jobs: records in our database, execution by huey.

A job row holds kind, parameters, status, progress, result and error. huey (SQLite queue file
in ``data_dir`` with no server, or Redis) delivers the job id to a consumer, which runs the
registered function for the kind. Live progress is written to a small JSON file beside the
queue instead of the database: on SQLite a long import holds the single write lock, and a
progress update must not wait for it. Status, result and error always land in the database.
"""

from __future__ import annotations

import importlib
import json
import os
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput, NotFound, Unavailable, XinzhiError
from xinzhi.core.models import Job, JobStatus, utcnow
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings

JobFn = Callable[["JobContext"], dict[str, Any]]
_KINDS: dict[str, JobFn] = {}
_MODULES: list[str] = ["xinzhi.core.housekeeping"]  # core's own; domains add theirs
PROGRESS_INTERVAL = 0.5


def job_kind(kind: str) -> Callable[[JobFn], JobFn]:
    """Register ``fn`` as the runner of jobs of ``kind``."""

    def register(fn: JobFn) -> JobFn:
        _KINDS[kind] = fn
        return fn

    return register


PeriodicFn = Callable[[Database, Huey], object]
_PERIODIC: dict[str, tuple[str, PeriodicFn]] = {}


def periodic(name: str, minute: str = "*/15") -> Callable[[PeriodicFn], PeriodicFn]:
    """Register ``fn(db, huey)`` to run in the consumer on huey's crontab ``minute`` field."""

    def register(fn: PeriodicFn) -> PeriodicFn:
        _PERIODIC[name] = (minute, fn)
        return fn

    return register


def add_job_modules(modules: Iterable[str]) -> None:
    """Modules whose import registers job kinds (the composition root names each domain's).
    They are imported the first time kinds are needed, so a command that runs no job does
    not pay for them."""
    _MODULES.extend(m for m in modules if m not in _MODULES)


def _load_job_modules() -> None:
    for module in _MODULES:
        importlib.import_module(module)


def registered_kinds() -> list[str]:
    """Kinds registered so far: domains register theirs when ``xinzhi.app.install()`` runs."""
    _load_job_modules()
    return sorted(_KINDS)


@dataclass
class JobContext:
    db: Database
    job_id: int
    params: dict[str, Any]
    actor: str
    user_id: int | None
    _last: float = field(default=0.0)

    @property
    def settings(self) -> Settings:
        return self.db.settings

    def progress(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        payload = {"done": done, "total": total, "message": message}
        write_progress(self.settings, self.job_id, payload)


def jobs_dir(settings: Settings) -> Path:
    path = settings.data_dir / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_progress(settings: Settings, job_id: int, payload: dict[str, Any]) -> None:
    target = jobs_dir(settings) / f"{job_id}.progress.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)


def read_progress(settings: Settings, job: Job) -> dict[str, Any]:
    """The job's progress: live from the side file while it runs, else from its record."""
    path = settings.data_dir / "jobs" / f"{job.id}.progress.json"
    if job.status == JobStatus.RUNNING.value and path.exists():
        try:
            live: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            live = {}
        if live.get("total"):
            live["fraction"] = min(1.0, live["done"] / live["total"])
            return live
    return {"fraction": job.progress, "message": job.message}


def describe(settings: Settings, job: Job) -> dict[str, Any]:
    """A job as the API and the CLI show it, with live progress while it runs."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "params": job.params,
        "progress": read_progress(settings, job),
        "result": job.result,
        "error": job.error,
        "attempts": job.attempts,
        "actor": job.actor,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


_QUEUES: dict[str, Huey] = {}


def queue_for(engine_url: str) -> Huey | None:
    """The queue this process last made for the database at ``engine_url`` (``str`` of the
    engine's URL), so that work a transaction causes can be queued by whoever subscribed."""
    return _QUEUES.get(engine_url)


def make_huey(settings: Settings) -> Huey:
    """The huey instance for ``settings`` with the job runner task registered."""
    immediate = settings.jobs_mode == "immediate"
    if settings.jobs_redis_url:
        huey: Huey = RedisHuey("xinzhi", url=settings.jobs_redis_url, immediate=immediate)
    else:
        queue = jobs_dir(settings) / "queue.db"
        huey = SqliteHuey("xinzhi", filename=str(queue), immediate=immediate)
    if immediate:
        # huey's immediate mode defaults to in-memory storage; keep the real one instead.
        huey.immediate_use_memory = False

    def run_job(job_id: int) -> None:
        from xinzhi.core.db import open_database

        db = open_database(settings)
        try:
            execute(db, job_id)
        finally:
            db.dispose()

    huey.xinzhi_run_job = huey.task(name="xinzhi.run_job")(run_job)
    _load_job_modules()
    for name, (minute, fn) in _PERIODIC.items():
        huey.periodic_task(crontab(minute=minute), name=name)(_periodic_runner(settings, huey, fn))
    _QUEUES[str(make_url(settings.sqlalchemy_url))] = huey
    return huey


def _periodic_runner(settings: Settings, huey: Huey, fn: PeriodicFn) -> Callable[[], None]:
    def run() -> None:
        from xinzhi.core.db import open_database

        db = open_database(settings)
        try:
            fn(db, huey)
        finally:
            db.dispose()

    return run


def submit(
    db: Database, huey: Huey, kind: str, params: dict[str, Any], principal: Principal
) -> int:
    """Record a job and hand it to the queue; returns the job id."""
    _load_job_modules()
    if kind not in _KINDS:
        raise InvalidInput(f"unknown job kind {kind!r}")
    with db.write(actor=principal.actor, user_id=principal.user_id) as session:
        job = Job(kind=kind, params=params, actor=principal.actor, created_by=principal.user_id)
        session.add(job)
        session.flush()
        job_id = job.id
    deliver(db.engine, huey, job_id)
    return job_id


def deliver(engine: Engine | Connection, huey: Huey, job_id: int) -> None:
    """Hand a recorded job to the queue. When the queue cannot take it (Redis down, queue file
    unwritable), the job is marked failed with the reason, so it never waits ``queued`` for
    ever, and :class:`Unavailable` (503) is raised; it can be retried once the queue is back."""
    try:
        huey.xinzhi_run_job(job_id)
    except Exception as exc:
        reason = f"could not queue the job 任务无法进入队列: {type(exc).__name__}: {exc}"
        fail_undelivered(engine, job_id, reason)
        raise Unavailable(reason) from exc


def fail_undelivered(bind: Engine | Connection, job_id: int, reason: str) -> None:
    """Mark job ``job_id`` failed with ``reason`` if it is still waiting in ``queued``."""
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.begin() as conn:
        conn.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.FAILED.value, error=reason, message=reason[:500],
                    finished_at=utcnow())
        )  # fmt: skip


def execute(db: Database, job_id: int) -> None:
    """Run one job to a final status. Errors are stored on the job, never swallowed."""
    with db.write() as session:
        job = session.get(Job, job_id)
        if job is None or job.status not in (JobStatus.QUEUED.value, JobStatus.INTERRUPTED.value):
            return
        job.status, job.started_at, job.error = JobStatus.RUNNING.value, utcnow(), None
        job.attempts += 1
        ctx = JobContext(db, job_id, dict(job.params), job.actor, job.created_by)
        _load_job_modules()
        fn = _KINDS.get(job.kind)
    try:
        if fn is None:
            raise InvalidInput(f"no runner registered for job kind {job.kind!r}")
        result = fn(ctx)
    except XinzhiError as exc:
        _finish(db, job_id, JobStatus.FAILED, error=exc.message, result=_error_result(exc))
    except Exception as exc:
        _finish(
            db,
            job_id,
            JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            result={"traceback": traceback.format_exc(limit=8)},
        )
    else:
        _finish(db, job_id, JobStatus.SUCCEEDED, result=result)


def _error_result(exc: XinzhiError) -> dict[str, Any]:
    return exc.to_dict()


def _finish(
    db: Database,
    job_id: int,
    status: JobStatus,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    with db.write() as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        job.status, job.finished_at, job.error, job.result = status.value, utcnow(), error, result
        job.progress = 1.0 if status == JobStatus.SUCCEEDED else job.progress
        job.message = "" if error is None else error[:500]


def recover_interrupted(db: Database) -> int:
    """Mark jobs left running by a stopped worker as interrupted; returns how many."""
    with db.write() as session:
        res = session.execute(
            update(Job)
            .where(Job.status == JobStatus.RUNNING.value)
            .values(status=JobStatus.INTERRUPTED.value, message="worker stopped while running")
        )
        return int(res.rowcount or 0)  # type: ignore[attr-defined]


def retry(db: Database, huey: Huey, job_id: int) -> None:
    """Queue a failed or interrupted job again with its stored parameters."""
    with db.write() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"job #{job_id} not found")
        if job.status not in (JobStatus.FAILED.value, JobStatus.INTERRUPTED.value):
            raise Conflict(f"job #{job_id} is {job.status}; only failed or interrupted jobs retry")
        job.status, job.error = JobStatus.QUEUED.value, None
    deliver(db.engine, huey, job_id)


def list_jobs(session: Session, principal: Principal, limit: int = 50) -> list[Job]:
    stmt = select(Job).order_by(Job.id.desc()).limit(limit)
    if not principal.is_staff:
        stmt = stmt.where(Job.created_by == principal.user_id)
    return list(session.scalars(stmt))


def get_job(session: Session, principal: Principal, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or not (principal.is_staff or job.created_by == principal.user_id):
        raise NotFound(f"job #{job_id} not found")
    return job

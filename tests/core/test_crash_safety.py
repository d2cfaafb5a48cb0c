"""kill -9 during a matching-index build or a watchlist run: the previous index and results
stay usable, the job is marked interrupted when the worker starts again, and its retry
succeeds (the same guarantees imports have)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.clients import cli_env
from tests.world import World
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.models import Job
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings
from xinzhi.matching import service as matching
from xinzhi.matching.local import LocalBackend
from xinzhi.patents.watch import service as watch
from xinzhi.patents.watch.models import WatchRun
from xinzhi.patents.watch.schemas import WatchlistCreate

SRC = Path(__file__).resolve().parents[2] / "src"
SUBMIT = (
    "import sys, json; from xinzhi import app; app.install(); "
    "from xinzhi.core import jobs; from xinzhi.core.db import open_database; "
    "from xinzhi.core.security import system_principal; from xinzhi.core.settings import Settings; "
    "s = Settings(); db = open_database(s); "
    "jobs.submit(db, jobs.make_huey(s), sys.argv[1], json.loads(sys.argv[2]), system_principal())"
)


def _kill_while_running(settings: Settings, db: Database, kind: str, params: str) -> int:
    """Run a job of ``kind`` in another process (jobs inline) and kill -9 it while the job is
    ``running``; returns the job id."""
    env = {**os.environ, **{k: v for k, v in cli_env(settings).items() if v is not None}}
    env |= {"PYTHONPATH": str(SRC), "XINZHI_DATABASE_URL": settings.sqlalchemy_url,
            "XINZHI_DATA_DIR": str(settings.data_dir)}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", SUBMIT, kind, params], env=env)
    job_id = None
    try:
        while process.poll() is None and job_id is None:
            with db.read() as session:
                job_id = session.scalar(
                    select(Job.id).where(Job.kind == kind, Job.status == "running")
                )
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL and job_id is not None, "ended before the kill"
    return job_id


def _recover_and_retry(db: Database, job_id: int) -> Job:
    assert jobs.recover_interrupted(db) == 1  # what `xinzhi serve` / `worker` do on start
    with db.read() as session:
        assert session.get(Job, job_id).status == "interrupted"  # type: ignore[union-attr]
    jobs.retry(db, jobs.make_huey(db.settings), job_id)
    with db.read() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _documents(settings: Settings) -> int:
    matching.forget_retrievers()
    return LocalBackend(matching.index_dir(settings), dim=256).stats().documents


def test_kill_9_during_an_index_build_keeps_the_previous_index(
    settings: Settings, db: Database, world: World
) -> None:
    jobs.submit(db, jobs.make_huey(settings), "matching.index", {}, system_principal())
    before = _documents(settings)
    assert before > 0
    job_id = _kill_while_running(settings, db, "matching.index", '{"full": true}')
    assert _documents(settings) == before  # the previous index loads and answers
    job = _recover_and_retry(db, job_id)
    assert job.status == "succeeded", job.error
    assert _documents(settings) == before


def test_an_index_save_killed_between_its_renames_is_recovered_on_open(
    settings: Settings, db: Database, world: World
) -> None:
    jobs.submit(db, jobs.make_huey(settings), "matching.index", {}, system_principal())
    before = _documents(settings)
    directory = matching.index_dir(settings)
    # The state a kill between `rename(dir, dir.old)` and `rename(dir.tmp, dir)` leaves:
    directory.rename(directory.with_name(directory.name + ".old"))
    partial = directory.with_name(directory.name + ".tmp")
    partial.mkdir()
    (partial / "docs.parquet").write_bytes(b"half-written")
    assert _documents(settings) == before
    assert (directory / "manifest.json").exists()
    shutil.rmtree(partial)


def test_kill_9_during_a_watchlist_run_keeps_the_previous_results(
    settings: Settings, db: Database, world: World
) -> None:
    data = WatchlistCreate.model_validate({"name": "电池赛道", "thresholds": {}})
    with db.write() as session:
        watchlist_id = watch.create_watchlist(session, system_principal(), data).id
    params = f'{{"watchlist_id": {watchlist_id}}}'
    jobs.submit(db, jobs.make_huey(settings), "patents.watch", {"watchlist_id": watchlist_id},
                system_principal())  # fmt: skip
    with db.read() as session:
        first = [(r.id, r.status, r.snapshot) for r in watch.list_runs(session, watchlist_id)]
    assert [status for _, status, _ in first] == ["succeeded"]

    job_id = _kill_while_running(settings, db, "patents.watch", params)
    with db.read() as session:
        runs = session.scalars(select(WatchRun).where(WatchRun.watchlist_id == watchlist_id))
        assert [(r.id, r.status, r.snapshot) for r in runs] == first  # nothing half-written
    job = _recover_and_retry(db, job_id)
    assert job.status == "succeeded", job.error
    with db.read() as session:
        assert len(watch.list_runs(session, watchlist_id)) == 2


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> None:
    matching.forget_retrievers()

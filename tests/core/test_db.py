"""The unit-of-work helpers of ``xinzhi.core.db`` on a real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from xinzhi.core.db import Database, open_database
from xinzhi.core.errors import QueryTimeout
from xinzhi.core.models import Job
from xinzhi.core.settings import Settings

RUNAWAY_QUERY = text(
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) "
    "SELECT count(*) FROM c"
)


def job_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Job)) or 0)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_write_units_of_two_threads_run_one_after_the_other(db: Database) -> None:
    first_inside = threading.Event()
    second_inside = threading.Event()
    overlapped: list[bool] = []

    def first() -> None:
        with db.write(actor="first") as session:
            session.add(Job(kind="first"))
            session.flush()
            first_inside.set()
            # While this unit is open the second thread must not get into its own.
            overlapped.append(second_inside.wait(timeout=0.5))

    def second() -> None:
        assert first_inside.wait(timeout=10)
        with db.write(actor="second") as session:
            second_inside.set()
            session.add(Job(kind="second"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(first), pool.submit(second)]
        for future in futures:
            future.result(timeout=30)

    assert overlapped == [False]
    with db.read() as session:
        assert sorted(session.scalars(select(Job.kind))) == ["first", "second"]


def test_write_unit_that_raises_rolls_back_everything(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"), db.write() as session:
        session.add_all([Job(kind="a"), Job(kind="b")])
        session.flush()
        assert session.scalar(select(func.count()).select_from(Job)) == 2
        raise RuntimeError("boom")
    assert job_count(db) == 0


def test_limited_read_interrupts_a_runaway_query(db: Database, settings: Settings) -> None:
    limit = 0.5
    limited = open_database(settings.model_copy(update={"query_timeout_seconds": limit}))
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout) as caught, limited.read(limited=True) as session:
            session.execute(RUNAWAY_QUERY).scalar()
        elapsed = time.monotonic() - started
    finally:
        limited.dispose()
    assert elapsed < limit + 2.0
    assert "longer than 0.5 s" in caught.value.message
    assert caught.value.status_code == 503

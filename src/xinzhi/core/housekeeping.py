"""Core's background work, run by the job consumer of ``xinzhi serve`` / ``xinzhi worker``.

- The scheduled backup: a ``db.backup`` job (seen on /jobs like any other) queued by a periodic
  task when the newest backup is older than ``backup_interval_hours``; after each backup all
  but the newest ``backup_keep`` are deleted.
- Expired web sessions are deleted every hour (they no longer authenticate anyway).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from huey import Huey
from sqlalchemy import select

from xinzhi.core import backup, tokens
from xinzhi.core.db import Database
from xinzhi.core.jobs import JobContext, job_kind, periodic, submit
from xinzhi.core.models import Job, JobStatus
from xinzhi.core.security import system_principal

KIND = "db.backup"


@job_kind(KIND)
def run_backup(ctx: JobContext) -> dict[str, Any]:
    settings = ctx.settings
    ctx.progress(0, 2, "backing up", force=True)
    info = backup.backup(ctx.db)
    removed = backup.prune(backup.backup_root(settings), settings.backup_keep)
    ctx.progress(2, 2, "done", force=True)
    return {
        "path": str(info.path),
        "files": info.files,
        "bytes": info.bytes,
        "pruned": [p.name for p in removed],
    }


def due(db: Database) -> bool:
    hours = db.settings.backup_interval_hours
    if hours <= 0:
        return False
    age = backup.newest_age(backup.backup_root(db.settings))
    return age is None or age >= dt.timedelta(hours=hours)


@periodic("db.backup.schedule", minute="17")
def schedule_backup(db: Database, huey: Huey) -> None:
    """Hourly check: queue a backup job when one is due and none is waiting or running."""
    with db.read() as session:
        busy = session.scalar(
            select(Job.id).where(
                Job.kind == KIND,
                Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
            )
        )
    if busy is None and due(db):
        submit(db, huey, KIND, {}, system_principal("scheduler"))


@periodic("core.sessions.purge", minute="41")
def purge_sessions(db: Database, huey: Huey) -> int:
    """Delete expired web sessions; returns how many."""
    with db.write(actor="scheduler:sessions") as session:
        return tokens.purge_expired(session)

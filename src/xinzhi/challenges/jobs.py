"""Overdue-milestone warnings: inbox notices of kind ``challenge.deadline`` (the kind the inbox
knows for 揭榜挂帅), once per milestone; hourly in the consumer, or as a job on demand."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from xinzhi.core.jobs import JobContext, job_kind, periodic
from xinzhi.core.security import system_principal

if TYPE_CHECKING:
    from huey import Huey

    from xinzhi.core.db import Database

KIND = "challenges.overdue"
SCHEDULER = "scheduler:challenges.overdue"


def run(db: Database, actor: str = SCHEDULER) -> int:
    from xinzhi.challenges.delivery import warn_overdue

    with db.write(actor=actor) as session:
        return warn_overdue(session, system_principal(actor), dt.date.today())


@job_kind(KIND)
def overdue_job(ctx: JobContext) -> dict[str, Any]:
    ctx.progress(0, 1, "检查逾期里程碑", force=True)
    told = run(ctx.db, ctx.actor)
    ctx.progress(1, 1, f"已提醒 {told} 个逾期里程碑", force=True)
    return {"notified": told}


@periodic(KIND, minute="17")
def overdue_milestones(db: Database, huey: Huey) -> int:
    """Hourly: tell staff and the winning team about milestones past due."""
    return run(db)

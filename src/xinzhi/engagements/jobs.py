"""Periodic follow-up reminders: ``engagement.follow_up_due`` notices, once per follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinzhi.core.jobs import periodic
from xinzhi.core.security import system_principal

if TYPE_CHECKING:
    from huey import Huey

    from xinzhi.core.db import Database

SCHEDULER = "scheduler:engagements.follow_ups"


@periodic("engagements.follow_ups", minute="7")
def follow_ups_due(db: Database, huey: Huey) -> int:
    """Hourly: tell brokers about follow-ups due today or earlier that nobody was told about."""
    from xinzhi.engagements.followups import notify_due_follow_ups

    with db.write(actor=SCHEDULER) as session:
        return notify_due_follow_ups(session, system_principal(SCHEDULER))

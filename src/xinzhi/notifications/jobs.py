"""Background work of notifications.

- Job kind ``notifications.send_outbox``: send the due pending e-mail (``email.send_outbox``).
- Job kind ``notifications.digest`` (parameter ``force``: every daily digest now): queue the
  daily digests that are due (``digest.run_digests``); the outbox job then sends them.
- Periodic ``notifications.outbox`` (every minute) and ``notifications.digest`` (every hour at
  :05) in the consumer that ``xinzhi serve`` and ``xinzhi worker`` start: they queue a job only
  when there is something to do, so the jobs list is not flooded. Without a consumer, run
  ``xinzhi notifications send`` / ``digest`` from cron.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xinzhi.core.jobs import JobContext, job_kind, periodic, submit
from xinzhi.core.security import system_principal

if TYPE_CHECKING:
    from huey import Huey

    from xinzhi.core.db import Database

SEND = "notifications.send_outbox"
DIGEST = "notifications.digest"
SCHEDULER = "scheduler:notifications"


@job_kind(SEND)
def send_outbox_job(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.notifications.email import send_outbox

    return send_outbox(ctx.db, ctx.settings)


@job_kind(DIGEST)
def digest_job(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.notifications.digest import run_digests

    return run_digests(ctx.db, ctx.settings, force=bool(ctx.params.get("force")))


@periodic("notifications.outbox", minute="*")
def enqueue_outbox(db: Database, huey: Huey) -> int | None:
    from xinzhi.notifications.email import due_count

    if not db.settings.smtp_host or due_count(db) == 0:
        return None
    return submit(db, huey, SEND, {}, system_principal(SCHEDULER))


@periodic("notifications.digest", minute="5")
def enqueue_digest(db: Database, huey: Huey) -> int | None:
    from xinzhi.notifications.digest import due_count

    if due_count(db, db.settings) == 0:
        return None
    return submit(db, huey, DIGEST, {}, system_principal(SCHEDULER))

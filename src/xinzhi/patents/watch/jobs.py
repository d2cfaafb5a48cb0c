"""Background work of watchlists.

- Job kind ``patents.watch`` (parameters ``{watchlist_id}``): run one watchlist; the result is
  the run id and the number of new warnings. A failed run is stored with its error and the job
  fails with the same message.
- Periodic task ``patents.watch.due`` (every 15 minutes in the job consumer that ``xinzhi serve``
  and ``xinzhi worker`` start): queue one ``patents.watch`` job per due watchlist, moving its
  next run time forward so that a slow queue never gets it twice. Without a consumer (jobs in
  immediate mode) run ``xinzhi patents watch run-due`` from cron instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xinzhi.core.errors import InvalidInput
from xinzhi.core.jobs import JobContext, job_kind, periodic, submit
from xinzhi.core.security import system_principal

if TYPE_CHECKING:
    from huey import Huey

    from xinzhi.core.db import Database

KIND = "patents.watch"
SCHEDULER = "scheduler:patents.watch"


@job_kind(KIND)
def run_watch(ctx: JobContext) -> dict[str, Any]:
    from xinzhi.patents.watch.runner import run_watchlist

    watchlist_id = ctx.params.get("watchlist_id")
    if not isinstance(watchlist_id, int):
        raise InvalidInput("patents.watch needs the parameter watchlist_id (an integer)")
    trigger = str(ctx.params.get("trigger") or "job")
    outcome = run_watchlist(
        ctx.db, watchlist_id, trigger=trigger, job_id=ctx.job_id, actor=ctx.actor
    )
    return outcome.to_dict()


@periodic("patents.watch.due", minute="*/15")
def enqueue_due(db: Database, huey: Huey) -> list[int]:
    """Queue a ``patents.watch`` job for each due watchlist; returns the job ids."""
    from xinzhi.patents.watch.service import claim_due

    with db.write(actor=SCHEDULER) as session:
        due = claim_due(session)
    principal = system_principal(SCHEDULER)
    return [
        submit(db, huey, KIND, {"watchlist_id": w, "trigger": "schedule"}, principal) for w in due
    ]

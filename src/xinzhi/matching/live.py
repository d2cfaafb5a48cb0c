"""The index follows the catalog: every announced change queues one small incremental update.

The catalog publishes :class:`~xinzhi.core.events.RecordChanged` in the transaction that made
the change (create, update, delete, one event per import batch). :func:`on_record_changed` then,
in that same transaction:

- finds the one *queued* ``matching.update`` job (row-locked, so a worker that is starting it
  either waits for our commit or is seen as running) and adds the changed record types to it,
  or records a new one — so changes coalesce into at most one pending update;
- delivers a new job's id to the queue only *after* the commit (``after_commit`` hook), so the
  worker always finds both the job row and the changed records.

The job (``jobs.run_update``) diffs the affected record types by content hash, the same path as
``matching.index``, so it picks up every change made before it started. A queued job older than
``STALE_MINUTES`` is not joined (its delivery may have been lost); a new one is made.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from huey import Huey
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from xinzhi.core.events import RecordChanged, subscribe
from xinzhi.core.jobs import deliver, make_huey, queue_for
from xinzhi.core.models import Job, JobStatus, utcnow

log = logging.getLogger(__name__)
UPDATE_KIND = "matching.update"
STALE_MINUTES = 10
ALL_TYPES = ("achievement", "patent", "demand", "person", "organisation")

# Catalog entity → the document types whose text or metadata it feeds. An expert's and an
# organisation's profile lists their works; an organisation's kind and region are metadata of
# every record it owns; links (developed_by, applicant_of) build profiles.
AFFECTS: dict[str, tuple[str, ...]] = {
    "achievements": ("achievement", "person", "organisation"),
    "patents": ("patent", "organisation"),
    "demands": ("demand",),
    "experts": ("person",),
    "organisations": ALL_TYPES,
    "links": ("person", "organisation"),
}


def _url(session: Session) -> str:
    return str(session.get_bind().engine.url)


def install() -> None:
    """Keep the index live (subscribed by the composition root). Changes are queued on the
    queue the web app or the worker made for that database (``core.jobs.queue_for``), or
    in a process with none (a CLI import) on the configured queue."""
    subscribe(RecordChanged, on_record_changed)


def _queue(session: Session) -> Huey | None:
    """The queue the web app or worker made for this database; in a process without one (a
    CLI import) the configured queue, so the worker of `xinzhi serve` picks the update up.
    Tests run jobs inline and build their queue with the app, so none is made for them here."""
    found = queue_for(_url(session))
    settings = session.info.get("settings")
    if found is None and settings is not None and settings.jobs_mode != "immediate":
        found = make_huey(settings)
    return found


def on_record_changed(session: Session, event: RecordChanged) -> None:
    """Queue (or join) the pending incremental update for ``event``'s record types."""
    types = AFFECTS.get(event.entity)
    huey = _queue(session)
    if not types or huey is None:
        return
    fresh = utcnow() - dt.timedelta(minutes=STALE_MINUTES)
    pending = session.scalars(
        select(Job)
        .where(Job.kind == UPDATE_KIND, Job.status == JobStatus.QUEUED.value)
        .where(Job.created_at >= fresh)
        .order_by(Job.id)
        .limit(1)
        .with_for_update()
    ).first()
    if pending is not None:
        merged = sorted(set(pending.params.get("entity_types", ())) | set(types))
        if merged != pending.params.get("entity_types"):
            pending.params = {**pending.params, "entity_types": merged}
            flag_modified(pending, "params")
            session.flush()
        return
    job = Job(
        kind=UPDATE_KIND,
        params={"entity_types": sorted(types)},
        actor=str(session.info.get("actor") or "system"),
        created_by=session.info.get("user_id"),
    )
    session.add(job)
    session.flush()
    _deliver_after_commit(session, huey, job.id)


def _deliver_after_commit(session: Session, huey: Huey, job_id: int) -> None:
    from sqlalchemy import event

    engine = session.get_bind()

    def on_commit(_session: Any) -> None:
        try:
            deliver(engine, huey, job_id)  # immediate mode (tests) runs it here
        except Exception:  # the change is committed; the job is marked failed with the reason
            log.exception("could not deliver matching update job %s", job_id)

    event.listen(session, "after_commit", on_commit, once=True)

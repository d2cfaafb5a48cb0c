"""Running a watchlist: read the selection (one read unit), evaluate it against the last
succeeded run (:mod:`evaluate`, no database), then store the run and its new warnings in one
write unit. A run that fails is stored with status ``failed`` and its error, and the error is
raised again (a job then fails too); its watchlist is scheduled again as after a success."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xinzhi.core.db import Database
from xinzhi.core.errors import NotFound, XinzhiError
from xinzhi.core.events import Notice, publish
from xinzhi.core.models import utcnow
from xinzhi.patents.watch import service
from xinzhi.patents.watch.evaluate import Evaluation, evaluate
from xinzhi.patents.watch.models import Watchlist, WatchRun, WatchWarning
from xinzhi.patents.watch.schemas import WatchQuery
from xinzhi.patents.watch.thresholds import Thresholds


@dataclass(frozen=True)
class RunOutcome:
    run_id: int
    watchlist_id: int
    status: str
    warnings: int
    suppressed: int
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def run_watchlist(
    db: Database,
    watchlist_id: int,
    *,
    trigger: str = "manual",
    job_id: int | None = None,
    actor: str = "",
) -> RunOutcome:
    """Evaluate one watchlist now and store the run; raises what made a run fail."""
    started = utcnow()
    params: dict[str, Any] = {}
    try:
        with db.read(limited=False) as session:
            watchlist = session.get(Watchlist, watchlist_id)
            if watchlist is None:
                raise NotFound(f"watchlist #{watchlist_id} not found")
            thresholds = Thresholds.from_dict(watchlist.thresholds)
            query = WatchQuery.model_validate(watchlist.query)
            competitors = list(watchlist.competitors)
            params = {
                "query": query.model_dump(),
                "competitors": competitors,
                "thresholds": thresholds.to_dict(),
            }
            previous = service.previous_run(session, watchlist_id)
            baseline = (previous.id, previous.snapshot) if previous else (None, None)
            principal = service.run_principal(session, watchlist)
            frame = service.watch_frame(session, principal, query)
            corpus = service.corpus_years(session, principal)
        result = evaluate(frame, corpus, competitors, thresholds, baseline[1])
    except Exception as exc:
        _store_failure(db, watchlist_id, started, trigger, job_id, actor, params, exc)
        raise
    return _store(db, watchlist_id, started, trigger, job_id, actor, params, baseline[0], result)


def _store(
    db: Database,
    watchlist_id: int,
    started: dt.datetime,
    trigger: str,
    job_id: int | None,
    actor: str,
    params: dict[str, Any],
    previous_id: int | None,
    result: Evaluation,
) -> RunOutcome:
    with db.write(actor=actor or "watchlist") as session:
        run = WatchRun(
            watchlist_id=watchlist_id,
            status="succeeded",
            trigger=trigger,
            job_id=job_id,
            params=params,
            snapshot=result.snapshot,
            previous_run_id=previous_id,
            actor=actor,
            started_at=started,
            finished_at=utcnow(),
        )
        session.add(run)
        session.flush()
        keys = [t.dedupe_key for t in result.triggers]
        seen = service.existing_keys(session, watchlist_id, keys)
        fresh = {t.dedupe_key: t for t in result.triggers if t.dedupe_key not in seen}
        for trigger_ in fresh.values():
            session.add(
                WatchWarning(
                    watchlist_id=watchlist_id,
                    run_id=run.id,
                    kind=trigger_.kind,
                    severity=trigger_.severity,
                    title=trigger_.title[:300],
                    explanation=trigger_.explanation,
                    details=trigger_.details,
                    dedupe_key=trigger_.dedupe_key[:255],
                )
            )
        run.warnings_raised = len(fresh)
        watchlist = session.get(Watchlist, watchlist_id)
        if watchlist is not None:
            service.schedule_next(watchlist, "succeeded", run.finished_at or utcnow())
            if fresh and watchlist.owner_id:
                publish(session, _warning_notice(watchlist, list(fresh.values())))
        session.flush()
        return RunOutcome(run.id, watchlist_id, "succeeded", len(fresh), len(keys) - len(fresh))


def _warning_notice(watchlist: Watchlist, triggers: list[Any]) -> Notice:
    """Tell the watchlist's owner about its new warnings (one notice per run)."""
    titles = "；".join(t.title for t in triggers[:5])
    more = f" 等 {len(triggers)} 条" if len(triggers) > 5 else ""
    return Notice(
        kind="watch.warning",
        recipients=(watchlist.owner_id,) if watchlist.owner_id else (),
        title=f"专利预警“{watchlist.name}”有 {len(triggers)} 条新预警",
        body=titles + more,
        link=f"/watchlists/{watchlist.id}",
        subject_type="watchlist",
        subject_id=watchlist.id,
    )


def _store_failure(
    db: Database,
    watchlist_id: int,
    started: dt.datetime,
    trigger: str,
    job_id: int | None,
    actor: str,
    params: dict[str, Any],
    exc: Exception,
) -> None:
    message = exc.message if isinstance(exc, XinzhiError) else f"{type(exc).__name__}: {exc}"
    with db.write(actor=actor or "watchlist") as session:
        watchlist = session.get(Watchlist, watchlist_id)
        if watchlist is None:
            return
        session.add(
            WatchRun(
                watchlist_id=watchlist_id,
                status="failed",
                trigger=trigger,
                job_id=job_id,
                params=params,
                error=message,
                actor=actor,
                started_at=started,
                finished_at=utcnow(),
            )
        )
        service.schedule_next(watchlist, "failed", utcnow())


def run_due(db: Database, *, actor: str = "") -> list[RunOutcome]:
    """Run every due watchlist now, one after another; a failure does not stop the others."""
    with db.read() as session:
        due = service.due_watchlists(session)
    outcomes = []
    for watchlist_id in due:
        try:
            outcomes.append(run_watchlist(db, watchlist_id, trigger="schedule", actor=actor))
        except Exception as exc:  # stored on the run by run_watchlist; report and go on
            message = exc.message if isinstance(exc, XinzhiError) else str(exc)
            outcomes.append(RunOutcome(0, watchlist_id, "failed", 0, 0, message))
    return outcomes

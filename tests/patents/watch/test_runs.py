"""Watchlist runs on real 光伏 patents: importing later publications raises the right warnings,
the same trigger warns once, a failed run keeps its error, due watchlists run on schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from xinzhi.catalog.importing.run import import_file
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.models import Job
from xinzhi.core.security import system_principal
from xinzhi.patents.watch import service
from xinzhi.patents.watch.models import Watchlist, WatchRun, WatchWarning
from xinzhi.patents.watch.runner import run_due, run_watchlist
from xinzhi.patents.watch.schemas import WarningRead, WatchlistCreate, WatchQuery

OPERATOR = system_principal("cli:test")
COMPETITOR = "王永向"  # the most frequent inventor of the 光伏 titles


def _create(db: Database, **fields: object) -> int:
    data = WatchlistCreate.model_validate({"name": "光伏赛道", **fields})
    with db.write() as session:
        return service.create_watchlist(session, OPERATOR, data).id


def _warnings(db: Database, run_id: int) -> list[WarningRead]:
    with db.read() as session:
        return [w for w in service.list_warnings(session, OPERATOR) if w.run_id == run_id]


def _direct_pub_nos(frame: pd.DataFrame, inventor: str) -> set[str]:
    names = frame["inventors"].str.split(";")
    return set(frame.loc[names.map(lambda n: inventor in n), "pub_no"])


def test_later_publications_raise_filing_burst_and_stage_warnings(
    db: Database, pv_patents: pd.DataFrame, pv_slices: list[Path]
) -> None:
    # The database holds only the 光伏 patents, so the watchlist covers all of them.
    watchlist_id = _create(
        db, competitors=[COMPETITOR], thresholds={"maturity": [0.9], "burst_fields": ["query"]}
    )
    year = pv_patents["pub_date"].str[:4].astype(int)
    import_file(db, "patents", pv_slices[0])
    first = run_watchlist(db, watchlist_id)
    assert (first.status, first.warnings) == ("succeeded", 0)  # the baseline
    with db.read() as session:
        snapshot = session.get(WatchRun, first.run_id).snapshot  # type: ignore[union-attr]
    direct = pv_patents[year <= 2014]["app_date"].str[:4].astype(int).value_counts()
    assert {int(k): v for k, v in snapshot["applications"].items()} == direct.to_dict()
    early = _direct_pub_nos(pv_patents[year <= 2014], COMPETITOR)
    assert snapshot["competitors"] == {COMPETITOR: len(early)}
    assert snapshot["lifecycle"]["stage"] == "maturity"

    import_file(db, "patents", pv_slices[1])
    second = run_watchlist(db, watchlist_id)
    filings = [w for w in _warnings(db, second.run_id) if w.kind == "new_filing"]
    (filing,) = filings
    named = {p["pub_no"] for p in filing.details["patents"]}
    assert named == _direct_pub_nos(pv_patents[(year >= 2015) & (year <= 2016)], COMPETITOR)
    assert filing.title == f"竞争对手 {COMPETITOR} 新增 {len(named)} 件专利"

    import_file(db, "patents", pv_slices[2])
    third = run_watchlist(db, watchlist_id)
    kinds = {w.kind: w for w in _warnings(db, third.run_id)}
    stage = kinds["stage_change"]
    assert (stage.details["before"]["stage"], stage.details["after"]["stage"]) == (
        "maturity",
        "decline",
    )
    assert stage.severity == "critical" and "成熟期 → 衰退期" in stage.title
    crossing = kinds["maturity"]
    assert crossing.details["before"] < 0.9 <= crossing.details["after"]
    assert "90%" in crossing.explanation


def test_the_same_trigger_warns_only_once(db: Database, pv_slices: list[Path]) -> None:
    watchlist_id = _create(db, competitors=[COMPETITOR], thresholds={"burst_fields": []})
    import_file(db, "patents", pv_slices[0])
    run_watchlist(db, watchlist_id)
    import_file(db, "patents", pv_slices[1])
    second = run_watchlist(db, watchlist_id)
    assert second.warnings >= 1
    with db.write() as session:  # forget the second run: the next one compares with the first
        session.execute(delete(WatchRun).where(WatchRun.id == second.run_id))
    again = run_watchlist(db, watchlist_id)
    assert (again.warnings, again.suppressed) == (0, second.warnings)
    quiet = run_watchlist(db, watchlist_id)  # nothing new since the last run
    assert (quiet.warnings, quiet.suppressed) == (0, 0)
    with db.read() as session:
        total = session.scalars(select(WatchWarning.id)).all()
    assert len(total) == second.warnings


def test_a_failed_run_keeps_its_status_and_error(db: Database) -> None:
    watchlist_id = _create(db, schedule="daily")
    with db.write() as session:  # thresholds edited behind the service's back
        session.execute(
            update(Watchlist).where(Watchlist.id == watchlist_id).values(thresholds={"s": 0.5})
        )
    with pytest.raises(InvalidInput):
        run_watchlist(db, watchlist_id)
    with db.read() as session:
        (run,) = service.list_runs(session, watchlist_id)
        watchlist = session.get(Watchlist, watchlist_id)
        assert (run.status, run.error) == ("failed", "s must be > 1 and gamma > 0")
        assert watchlist is not None and watchlist.last_status == "failed"
        assert watchlist.next_run_at is not None  # tried again at the next scheduled time


def test_due_watchlists_run_and_move_their_next_time(db: Database, pv_slices: list[Path]) -> None:
    import_file(db, "patents", pv_slices[2])
    due = _create(db, schedule="daily", thresholds={"burst_fields": []})
    _create(db, name="手动", schedule="manual")
    with db.read() as session:
        assert service.due_watchlists(session) == [due]
    (outcome,) = run_due(db)
    assert outcome.status == "succeeded"
    with db.read() as session:
        assert service.due_watchlists(session) == []
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
        assert service.due_watchlists(session, later) == [due]


def test_the_job_kind_runs_a_watchlist_and_the_scheduler_queues_due_ones(
    db: Database, pv_slices: list[Path]
) -> None:
    import_file(db, "patents", pv_slices[2])
    watchlist_id = _create(db, schedule="weekly", thresholds={"burst_fields": []})
    huey = jobs.make_huey(db.settings)  # immediate mode in tests: jobs run on submit
    quarter = huey.read_periodic(dt.datetime(2026, 1, 5, 9, 15))
    assert "patents.watch.due" in {t.name for t in quarter}
    # other domains' tasks may run every minute (the notifications outbox); this one may not
    assert "patents.watch.due" not in {
        t.name for t in huey.read_periodic(dt.datetime(2026, 1, 5, 9, 16))
    }
    from xinzhi.patents.watch.jobs import enqueue_due

    (job_id,) = enqueue_due(db, huey)
    with db.read() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == "succeeded", job.error if job else None
        assert job.result["watchlist_id"] == watchlist_id
        (run,) = service.list_runs(session, watchlist_id)
        assert (run.trigger, run.job_id) == ("schedule", job_id)
    assert enqueue_due(db, huey) == []  # claimed: not queued twice


def test_keywords_select_the_same_patents_as_the_patents_commands(
    db: Database, pv_slices: list[Path]
) -> None:
    from xinzhi.patents.service import PatentFilter, patent_frame

    import_file(db, "patents", pv_slices[2])
    query = WatchQuery(keywords=["逆变器", "支架"], year_from=2015)
    with db.read() as session:
        frame = service.watch_frame(session, OPERATOR, query)
        one = patent_frame(session, OPERATOR, PatentFilter("逆变器", year_from=2015))
        two = patent_frame(session, OPERATOR, PatentFilter("支架", year_from=2015))
    assert set(frame["id"]) == set(one["id"]) | set(two["id"]) and len(frame) > len(one)


def test_new_warnings_notify_the_watchlist_owner(db: Database, pv_slices: list[Path]) -> None:
    from tests.factories import make_user, principal
    from xinzhi.core.models import Role
    from xinzhi.notifications import subscribers
    from xinzhi.notifications.models import Notification

    subscribers.install()  # the composition root does this where the app starts
    owner = make_user(db, "analyst", Role.RESEARCHER)
    data = WatchlistCreate.model_validate({"name": "光伏赛道", "competitors": [COMPETITOR]})
    with db.write() as session:
        watchlist_id = service.create_watchlist(
            session, principal(owner, "analyst", Role.RESEARCHER), data
        ).id
    import_file(db, "patents", pv_slices[0])
    run_watchlist(db, watchlist_id)  # the baseline raises nothing, so tells nobody
    import_file(db, "patents", pv_slices[1])
    second = run_watchlist(db, watchlist_id)
    with db.read() as session:
        rows = list(session.scalars(select(Notification)))
        assert [(n.user_id, n.kind, n.link) for n in rows] == [
            (owner, "watch.warning", f"/watchlists/{watchlist_id}")
        ]
        assert rows[0].title == f"专利预警“光伏赛道”有 {second.warnings} 条新预警"

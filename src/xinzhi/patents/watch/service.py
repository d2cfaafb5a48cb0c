"""Watchlists, runs and warnings in the database. Functions take a Session and only flush; the
caller owns the unit of work. Running a watchlist (several units of work) is in ``runner``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Patent
from xinzhi.catalog.service import visibility
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import User, utcnow
from xinzhi.core.security import Principal, principal_of, system_principal
from xinzhi.patents.service import PatentFilter, patent_frame
from xinzhi.patents.watch.models import Watchlist, WatchRun, WatchWarning
from xinzhi.patents.watch.schemas import (
    WarningRead,
    WatchlistCreate,
    WatchlistRead,
    WatchlistUpdate,
    WatchQuery,
    WatchRunRead,
)
from xinzhi.patents.watch.thresholds import Thresholds, fold

INTERVALS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


# --- the patents of a watchlist ---------------------------------------------------------------


def patent_filters(query: WatchQuery) -> list[PatentFilter]:
    """One :class:`PatentFilter` per keyword (OR), or one without a keyword."""
    keywords = [k.strip() for k in query.keywords if k.strip()] or [""]
    return [PatentFilter(k, query.province, query.year_from, query.year_to) for k in keywords]


def watch_frame(session: Session, principal: Principal, query: WatchQuery) -> pd.DataFrame:
    """The landscape table (:mod:`xinzhi.patents.landscape`) of the watchlist's patents."""
    frames = [patent_frame(session, principal, flt) for flt in patent_filters(query)]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame = frame.drop_duplicates("id").sort_values("id", ignore_index=True)
    if query.ipc:
        prefixes = tuple(p.replace(" ", "").upper() for p in query.ipc)
        keep = frame["ipc"].map(
            lambda codes: any(str(c).replace(" ", "").upper().startswith(prefixes) for c in codes)
        )
        frame = frame[keep.astype(bool)].reset_index(drop=True)
    if query.applicants:
        names = [fold(a) for a in query.applicants]
        keep = frame["applicants"].map(
            lambda found: any(n in fold(str(a)) for a in found or () for n in names)
        )
        frame = frame[keep.astype(bool)].reset_index(drop=True)
    return frame


def corpus_years(session: Session, principal: Principal) -> dict[int, int]:
    """All patents ``principal`` may read per application year (d_t of the query burst)."""
    stmt = select(Patent.app_date).where(
        visibility(get_entity("patents"), principal), Patent.app_date.is_not(None)
    )
    years = pd.Series([d.year for d in session.scalars(stmt) if d is not None], dtype="int64")
    counts = years.value_counts().sort_index()
    return {int(k): int(v) for k, v in zip(counts.index.tolist(), counts.tolist(), strict=True)}


# --- watchlists -------------------------------------------------------------------------------


def _mine(principal: Principal) -> ColumnElement[bool]:
    if principal.is_staff:
        return true()
    if principal.user_id is None:
        return false()
    return Watchlist.owner_id == principal.user_id


def create_watchlist(session: Session, principal: Principal, data: WatchlistCreate) -> Watchlist:
    thresholds = data.thresholds.stored()
    Thresholds.from_dict(thresholds)
    _check_query(data.query)
    if session.scalar(select(Watchlist.id).where(Watchlist.name == data.name)) is not None:
        raise Conflict(f"监测清单“{data.name}”已存在 a watchlist named {data.name!r} exists")
    watchlist = Watchlist(
        name=data.name,
        description=data.description,
        owner_id=principal.user_id,
        owner=principal.actor,
        query=data.query.model_dump(),
        competitors=[c.strip() for c in data.competitors if c.strip()],
        schedule=data.schedule,
        thresholds=thresholds,
        active=data.active,
        next_run_at=utcnow() if data.schedule in INTERVALS else None,
    )
    session.add(watchlist)
    session.flush()
    return watchlist


def _check_query(query: WatchQuery) -> None:
    if query.year_from and query.year_to and query.year_from > query.year_to:
        raise InvalidInput("the first application year is after the last")


def update_watchlist(
    session: Session, principal: Principal, watchlist_id: int, data: WatchlistUpdate
) -> Watchlist:
    watchlist = get_watchlist(session, principal, watchlist_id)
    changes = data.model_dump(exclude_unset=True)
    if data.thresholds is not None:
        changes["thresholds"] = data.thresholds.stored()
        Thresholds.from_dict(changes["thresholds"])
    if data.query is not None:
        _check_query(data.query)
        changes["query"] = data.query.model_dump()
    for key, value in changes.items():
        setattr(watchlist, key, value)
    if "schedule" in changes:
        watchlist.next_run_at = utcnow() if watchlist.schedule in INTERVALS else None
    session.flush()
    return watchlist


def get_watchlist(session: Session, principal: Principal, watchlist_id: int) -> Watchlist:
    found = session.scalar(select(Watchlist).where(Watchlist.id == watchlist_id, _mine(principal)))
    if found is None:
        raise NotFound(f"watchlist #{watchlist_id} not found")
    return found


def find_watchlist(session: Session, principal: Principal, ref: str) -> Watchlist:
    """A watchlist by id or by name (for the CLI)."""
    if ref.isdigit():
        return get_watchlist(session, principal, int(ref))
    found = session.scalar(select(Watchlist).where(Watchlist.name == ref, _mine(principal)))
    if found is None:
        raise NotFound(f"watchlist {ref!r} not found")
    return found


def list_watchlists(session: Session, principal: Principal) -> list[Watchlist]:
    return list(session.scalars(select(Watchlist).where(_mine(principal)).order_by(Watchlist.id)))


def delete_watchlist(session: Session, principal: Principal, watchlist_id: int) -> None:
    session.delete(get_watchlist(session, principal, watchlist_id))
    session.flush()


def open_counts(session: Session, ids: list[int]) -> dict[int, int]:
    """Unacknowledged warnings per watchlist."""
    if not ids:
        return {}
    stmt = (
        select(WatchWarning.watchlist_id, func.count())
        .where(WatchWarning.watchlist_id.in_(ids), WatchWarning.acknowledged_at.is_(None))
        .group_by(WatchWarning.watchlist_id)
    )
    return {int(k): int(v) for k, v in session.execute(stmt).all()}


def read_watchlist(watchlist: Watchlist, open_warnings: int = 0) -> WatchlistRead:
    return WatchlistRead.model_validate(
        {c: getattr(watchlist, c) for c in WatchlistRead.model_fields if c != "open_warnings"}
        | {"open_warnings": open_warnings}
    )


def read_watchlists(session: Session, principal: Principal) -> list[WatchlistRead]:
    found = list_watchlists(session, principal)
    counts = open_counts(session, [w.id for w in found])
    return [read_watchlist(w, counts.get(w.id, 0)) for w in found]


def run_principal(session: Session, watchlist: Watchlist) -> Principal:
    """Runs see the patents the owner may see; a watchlist made at the CLI runs as the system."""
    user = session.get(User, watchlist.owner_id) if watchlist.owner_id else None
    if user is None or not user.active:
        return system_principal(watchlist.owner or "watchlist")
    return principal_of(user)


def due_watchlists(session: Session, now: dt.datetime | None = None) -> list[int]:
    """Active scheduled watchlists whose next run time has come."""
    stmt = (
        select(Watchlist.id)
        .where(
            Watchlist.active.is_(True),
            Watchlist.schedule.in_(list(INTERVALS)),
            Watchlist.next_run_at.is_(None) | (Watchlist.next_run_at <= (now or utcnow())),
        )
        .order_by(Watchlist.id)
    )
    return list(session.scalars(stmt))


# --- runs -------------------------------------------------------------------------------------


def previous_run(session: Session, watchlist_id: int) -> WatchRun | None:
    """The last succeeded run: the baseline the next run compares with."""
    stmt = (
        select(WatchRun)
        .where(WatchRun.watchlist_id == watchlist_id, WatchRun.status == "succeeded")
        .order_by(WatchRun.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def list_runs(session: Session, watchlist_id: int, limit: int = 50) -> list[WatchRun]:
    stmt = (
        select(WatchRun)
        .where(WatchRun.watchlist_id == watchlist_id)
        .order_by(WatchRun.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def read_run(run: WatchRun) -> WatchRunRead:
    return WatchRunRead.model_validate(run, from_attributes=True)


def schedule_next(watchlist: Watchlist, status: str, now: dt.datetime) -> None:
    watchlist.last_run_at, watchlist.last_status = now, status
    interval = INTERVALS.get(watchlist.schedule)
    watchlist.next_run_at = now + interval if interval else None


# --- warnings ---------------------------------------------------------------------------------


def warnings_query(
    principal: Principal,
    *,
    watchlist_id: int | None = None,
    open_only: bool = False,
    kind: str = "",
) -> Any:
    stmt = (
        select(WatchWarning, Watchlist.name)
        .join(Watchlist, Watchlist.id == WatchWarning.watchlist_id)
        .where(_mine(principal))
    )
    if watchlist_id is not None:
        stmt = stmt.where(WatchWarning.watchlist_id == watchlist_id)
    if open_only:
        stmt = stmt.where(WatchWarning.acknowledged_at.is_(None))
    if kind:
        stmt = stmt.where(WatchWarning.kind == kind)
    return stmt


def list_warnings(
    session: Session,
    principal: Principal,
    *,
    watchlist_id: int | None = None,
    open_only: bool = False,
    kind: str = "",
    limit: int = 500,
) -> list[WarningRead]:
    stmt = warnings_query(principal, watchlist_id=watchlist_id, open_only=open_only, kind=kind)
    rows = session.execute(stmt.order_by(WatchWarning.id.desc()).limit(limit)).all()
    return [
        WarningRead.model_validate(w, from_attributes=True).model_copy(update={"watchlist": n})
        for w, n in rows
    ]


def count_open(session: Session, principal: Principal) -> int:
    stmt = warnings_query(principal, open_only=True).with_only_columns(func.count())
    return int(session.scalar(stmt) or 0)


def acknowledge(session: Session, principal: Principal, ids: list[int]) -> int:
    """Mark warnings acknowledged by ``principal``; returns how many changed."""
    stmt = warnings_query(principal).where(WatchWarning.id.in_(ids))
    found = [w for w, _ in session.execute(stmt).all()]
    missing = set(ids) - {w.id for w in found}
    if missing:
        raise NotFound(f"warning(s) {sorted(missing)} not found")
    now, changed = utcnow(), 0
    for warning in found:
        if warning.acknowledged_at is None:
            warning.acknowledged_at, warning.acknowledged_by = now, principal.actor
            changed += 1
    session.flush()
    return changed


def existing_keys(session: Session, watchlist_id: int, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    stmt = select(WatchWarning.dedupe_key).where(
        WatchWarning.watchlist_id == watchlist_id, WatchWarning.dedupe_key.in_(keys)
    )
    return set(session.scalars(stmt))


def claim_due(session: Session, now: dt.datetime | None = None) -> list[int]:
    """The due watchlists, with their next run moved one interval on (the queue has them)."""
    now = now or utcnow()
    due = due_watchlists(session, now)
    for watchlist_id in due:
        watchlist = session.get(Watchlist, watchlist_id)
        if watchlist is not None:
            watchlist.next_run_at = now + INTERVALS[watchlist.schedule]
    session.flush()
    return due

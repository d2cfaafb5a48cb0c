"""Patent watchlists and their warnings through the API (``xinzhi.patents.watch``).

Logged-in users keep their own watchlists; admins and brokers see all. Running a watchlist is a
``patents.watch`` job (``GET /api/v1/jobs/{id}`` follows it)."""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Response

from xinzhi.common.web.deps import DbDep, HueyDep, UserDep, unit_kwargs
from xinzhi.common.web.params import Limit
from xinzhi.core import jobs
from xinzhi.core.errors import NotFound
from xinzhi.patents.watch import service
from xinzhi.patents.watch.export import FORMATS, write_warnings
from xinzhi.patents.watch.schemas import (
    AckRequest,
    WarningRead,
    WatchlistCreate,
    WatchlistRead,
    WatchlistUpdate,
    WatchRunRead,
)

router = APIRouter(prefix="/watchlists", tags=["watchlists"])
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@router.get("/warnings")
def list_warnings(
    db: DbDep,
    principal: UserDep,
    watchlist_id: int | None = None,
    open: bool = False,
    kind: str = "",
    limit: Limit = 200,
) -> list[WarningRead]:
    """Warnings, newest first; ``open=true`` keeps the unacknowledged ones."""
    with db.read() as session:
        return service.list_warnings(
            session,
            principal,
            watchlist_id=watchlist_id,
            open_only=open,
            kind=kind,
            limit=min(limit, 1000),
        )


@router.get("/warnings/count")
def count_warnings(db: DbDep, principal: UserDep) -> dict[str, int]:
    with db.read() as session:
        return {"open": service.count_open(session, principal)}


@router.post("/warnings/ack")
def acknowledge(body: AckRequest, db: DbDep, principal: UserDep) -> dict[str, int]:
    with db.write(**unit_kwargs(principal)) as session:
        return {"acknowledged": service.acknowledge(session, principal, body.ids)}


@router.get("/warnings/export.{fmt}")
def export_warnings(
    fmt: str, db: DbDep, principal: UserDep, watchlist_id: int | None = None, open: bool = False
) -> Response:
    """The warnings as .xlsx or .csv, with what triggered each."""
    if fmt not in FORMATS:
        raise NotFound(f"no {fmt} export of warnings; use xlsx or csv")
    with db.read() as session:
        rows = service.list_warnings(
            session, principal, watchlist_id=watchlist_id, open_only=open, limit=100_000
        )
    out = io.BytesIO()
    write_warnings(rows, out, fmt)
    headers = {"Content-Disposition": f'attachment; filename="warnings.{fmt}"'}
    return Response(out.getvalue(), media_type=MEDIA[fmt], headers=headers)


@router.get("")
def list_watchlists(db: DbDep, principal: UserDep) -> list[WatchlistRead]:
    with db.read() as session:
        return service.read_watchlists(session, principal)


@router.post("", status_code=201)
def create_watchlist(body: WatchlistCreate, db: DbDep, principal: UserDep) -> WatchlistRead:
    with db.write(**unit_kwargs(principal)) as session:
        return service.read_watchlist(service.create_watchlist(session, principal, body))


def _read(db: DbDep, principal: Any, watchlist_id: int) -> WatchlistRead:
    with db.read() as session:
        watchlist = service.get_watchlist(session, principal, watchlist_id)
        counts = service.open_counts(session, [watchlist_id])
        return service.read_watchlist(watchlist, counts.get(watchlist_id, 0))


@router.get("/{watchlist_id}")
def get_watchlist(watchlist_id: int, db: DbDep, principal: UserDep) -> WatchlistRead:
    return _read(db, principal, watchlist_id)


@router.patch("/{watchlist_id}")
def update_watchlist(
    watchlist_id: int, body: WatchlistUpdate, db: DbDep, principal: UserDep
) -> WatchlistRead:
    with db.write(**unit_kwargs(principal)) as session:
        service.update_watchlist(session, principal, watchlist_id, body)
    return _read(db, principal, watchlist_id)


@router.delete("/{watchlist_id}", status_code=204)
def delete_watchlist(watchlist_id: int, db: DbDep, principal: UserDep) -> Response:
    with db.write(**unit_kwargs(principal)) as session:
        service.delete_watchlist(session, principal, watchlist_id)
    return Response(status_code=204)


@router.get("/{watchlist_id}/runs")
def list_runs(
    watchlist_id: int, db: DbDep, principal: UserDep, limit: Limit = 20
) -> list[WatchRunRead]:
    """Runs, newest first, each with its parameters, snapshot, status and error."""
    with db.read() as session:
        service.get_watchlist(session, principal, watchlist_id)
        return [service.read_run(r) for r in service.list_runs(session, watchlist_id, limit)]


@router.post("/{watchlist_id}/run", status_code=202)
def run_watchlist(
    watchlist_id: int, db: DbDep, principal: UserDep, huey: HueyDep
) -> dict[str, Any]:
    """Queue a run now; follow it at ``/api/v1/jobs/{job_id}``."""
    with db.read() as session:
        service.get_watchlist(session, principal, watchlist_id)
    params = {"watchlist_id": watchlist_id, "trigger": "manual"}
    return {"job_id": jobs.submit(db, huey, "patents.watch", params, principal)}

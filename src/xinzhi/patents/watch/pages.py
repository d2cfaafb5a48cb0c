"""专利预警 pages: the watchlists (create, list), one watchlist (query, runs with their snapshot,
warnings, run now) and the warnings inbox (unacknowledged first, acknowledge, export)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, HueyDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core import jobs
from xinzhi.core.errors import InvalidInput, XinzhiError
from xinzhi.patents.watch import service
from xinzhi.patents.watch.export import KIND_ZH
from xinzhi.patents.watch.schemas import WatchlistCreate, WatchQuery

router = APIRouter(include_in_schema=False)
SPLIT = re.compile(r"[,，;；、\n]+")


def _words(form: FormData, name: str) -> list[str]:
    return [w.strip() for w in SPLIT.split(str(form.get(name) or "")) if w.strip()]


def _year(form: FormData, name: str) -> int | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"{name}: not a year: {raw}")
    return int(raw)


def _create_shape(form: FormData) -> WatchlistCreate:
    try:
        return WatchlistCreate(
            name=str(form.get("name") or "").strip(),
            query=WatchQuery(
                keywords=_words(form, "keywords"),
                province=str(form.get("province") or "").strip(),
                year_from=_year(form, "year_from"),
                year_to=_year(form, "year_to"),
                ipc=_words(form, "ipc"),
            ),
            competitors=_words(form, "competitors"),
            schedule=str(form.get("schedule") or "weekly"),
        )
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(reasons) from None


def _list_page(
    request: Request, db: DbDep, principal: UserDep, error: str = "", status: int = 200
) -> Response:
    with db.read() as session:
        watchlists = service.read_watchlists(session, principal)
        open_count = service.count_open(session, principal)
    context = {"watchlists": watchlists, "open_count": open_count, "error": error}
    return page(request, "watchlists.html", context, status=status)


@router.get("/watchlists", name="watchlists")
def watchlists_page(request: Request, db: DbDep, principal: UserDep) -> Response:
    return _list_page(request, db, principal)


@router.post("/watchlists")
def create_page(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    t = translator(request)
    try:
        data = _create_shape(form)
        with db.write(**unit_kwargs(principal)) as session:
            watchlist_id = service.create_watchlist(session, principal, data).id
    except XinzhiError as exc:
        message = t("watch.failed", reason=exc.message)
        return _list_page(request, db, principal, error=message, status=422)
    flash(request, "watch.created")
    return redirect(f"/watchlists/{watchlist_id}")


def _inbox_rows(rows: list[Any]) -> list[dict[str, Any]]:
    return [w.model_dump() | {"kind_zh": KIND_ZH.get(w.kind, w.kind)} for w in rows]


@router.get("/watchlists/warnings", name="watch.warnings")
def inbox_page(request: Request, db: DbDep, principal: UserDep, show: str = "open") -> Response:
    with db.read() as session:
        rows = service.list_warnings(session, principal, open_only=show != "all")
        open_count = service.count_open(session, principal)
    context = {"warnings": _inbox_rows(rows), "open_count": open_count, "show": show}
    return page(request, "watch_warnings.html", context)


@router.post("/watchlists/warnings/ack")
def ack_page(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    ids = [int(v) for v in form.getlist("ids") if isinstance(v, str) and v.isdigit()]
    if ids:
        with db.write(**unit_kwargs(principal)) as session:
            service.acknowledge(session, principal, ids)
        flash(request, "watch.acknowledged")
    back = str(form.get("next") or "/watchlists/warnings")
    return redirect(back if back.startswith("/watchlists") else "/watchlists/warnings")


@router.get("/watchlists/{watchlist_id}", name="watch.detail")
def detail_page(request: Request, db: DbDep, principal: UserDep, watchlist_id: int) -> Response:
    with db.read() as session:
        watchlist = service.get_watchlist(session, principal, watchlist_id)
        counts = service.open_counts(session, [watchlist_id])
        data = service.read_watchlist(watchlist, counts.get(watchlist_id, 0))
        runs = [service.read_run(r) for r in service.list_runs(session, watchlist_id, 20)]
        rows = service.list_warnings(session, principal, watchlist_id=watchlist_id, limit=100)
    last = next((r for r in runs if r.status == "succeeded"), None)
    snapshot = last.snapshot if last else {}
    context = {
        "w": data,
        "runs": runs,
        "snapshot": snapshot,
        "warnings": _inbox_rows(rows),
    }
    return page(request, "watchlist.html", context)


@router.post("/watchlists/{watchlist_id}/run")
def run_page(
    request: Request,
    db: DbDep,
    principal: UserDep,
    huey: HueyDep,
    watchlist_id: int,
    form: CheckedForm,
) -> Response:
    with db.read() as session:
        service.get_watchlist(session, principal, watchlist_id)
    params = {"watchlist_id": watchlist_id, "trigger": "manual"}
    job_id = jobs.submit(db, huey, "patents.watch", params, principal)
    flash(request, "watch.queued")
    return redirect(f"/jobs/{job_id}" if form.get("follow") else f"/watchlists/{watchlist_id}")

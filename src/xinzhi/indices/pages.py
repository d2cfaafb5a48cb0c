"""Evaluation indices in the browser: pick a system, upload a panel, choose the variants, run;
then read the ranking, weights, coupling and obstacles with charts, and download the reports.

The run is computed in the request (a 31 × 11 panel takes a few seconds with its reports).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData, UploadFile

from xinzhi.catalog.importing.limits import use_limits
from xinzhi.common.web import uploads
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, SettingsDep, UserDep
from xinzhi.common.web.render import page, redirect, translator
from xinzhi.core.errors import InvalidInput, NotFound, XinzhiError
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings
from xinzhi.indices import service
from xinzhi.indices.models import IndexRun
from xinzhi.indices.systems import shipped_system, shipped_systems

router = APIRouter(include_in_schema=False)

CHOICES: dict[str, tuple[str, ...]] = {
    "weighting": ("entropy", "critic", "std"),
    "zero": ("shift", "limit", "rescale", "clip"),
    "mode": ("global", "per_year"),
    "scoring": ("weighted_sum", "topsis"),
    "topsis_variant": ("weighted_distance", "vector", "minmax_weighted"),
    "coupling_form": ("standard", "adjusted"),
    "scheme": ("10", "6", "5"),
    "fill": ("fail", "interpolate"),
    "kde_rule": ("silverman", "scott", "scipy_silverman"),
}
DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _form_page(request: Request, db: DbDep, error: str = "", status: int = 200) -> Response:
    with db.read() as session:
        runs = [service.run_brief(r) for r in service.list_runs(session, 20)]
    context = {
        "systems": [s for s in shipped_systems() if s.runnable],
        "structures": [s for s in shipped_systems() if not s.runnable],
        "choices": CHOICES,
        "runs": runs,
        "error": error,
    }
    return page(request, "indices.html", context, status=status)


@router.get("/indices", name="indices")
def indices_page(request: Request, db: DbDep, _user: UserDep) -> Response:
    return _form_page(request, db)


def _options(form: FormData) -> Any:
    from xinzhi.indices.run import RunOptions

    values: dict[str, Any] = {n: str(form.get(n) or allowed[0]) for n, allowed in CHOICES.items()}
    bad = [name for name, value in values.items() if value not in CHOICES[name]]
    if bad:
        raise InvalidInput(f"unknown choice for {', '.join(bad)}")
    return RunOptions(**values)


def _compute(settings: Settings, form: FormData, principal: Principal) -> tuple[Any, Path]:
    from xinzhi.indices.panel import read_panel
    from xinzhi.indices.run import run_index

    file = form.get("panel")
    if not isinstance(file, UploadFile) or not file.filename:
        raise InvalidInput("choose a panel file (CSV or xlsx)")
    try:
        saved = uploads.save(settings, file.file, file.filename, "indices", principal)
    except uploads.UploadRefused as exc:
        raise InvalidInput(exc.key) from exc
    system = shipped_system(str(form.get("system") or ""))
    with use_limits(settings):
        panel = read_panel(saved.path(settings))
    result = run_index(system, panel, _options(form))
    return result, saved.path(settings)


@router.post("/indices")
def run_page(
    request: Request, db: DbDep, settings: SettingsDep, principal: UserDep, form: CheckedForm
) -> Response:
    from xinzhi.indices.report import write_all

    t = translator(request)
    try:
        result, _path = _compute(settings, form, principal)
    except XinzhiError as exc:
        return _form_page(request, db, error=t("indices.failed", reason=exc.message), status=422)
    with db.write(actor=principal.actor, user_id=principal.user_id) as session:
        run = service.save_run(session, result, actor=principal.actor)
        run_id = run.id
        out_dir = settings.data_dir / "indices" / f"run-{run_id}"
        write_all(result, out_dir)
        run.out_dir = str(out_dir)
    return redirect(f"/indices/runs/{run_id}")


def _charts(run: IndexRun) -> dict[str, Any]:
    """The data the page's ECharts read from ``data-*`` attributes."""
    results = run.results
    latest = run.summary["latest_year"]
    latest_rows = sorted(
        (r for r in results["scores"] if r["year"] == latest), key=lambda r: r["rank"]
    )
    obstacles: dict[str, list[float]] = {}
    for row in results["obstacles_top"]:
        if row["year"] == latest:
            obstacles.setdefault(row["indicator"], []).append(row["obstacle_pct"])
    return {
        "ranking": {
            "labels": [r["region"] for r in latest_rows],
            "values": [r["score"] for r in latest_rows],
        },
        "density": results["density"],
        "obstacles": {
            k: sum(v) / len(v)
            for k, v in sorted(obstacles.items(), key=lambda kv: -len(kv[1]))[:10]
        },
    }


@router.get("/indices/runs/{run_id}", name="indices.run")
def run_detail(request: Request, db: DbDep, _user: UserDep, run_id: int) -> Response:
    with db.read() as session:
        context = _detail_context(service.get_run(session, run_id))
    return page(request, "indices_run.html", context)


def _detail_context(run: IndexRun) -> dict[str, Any]:
    latest = run.summary["latest_year"]
    rows = sorted(
        (r for r in run.results["scores"] if r["year"] == latest), key=lambda r: r["rank"]
    )
    return {
        "run": service.run_brief(run) | {"system_name": run.system_name},
        "latest": latest,
        "rows": rows,
        "weights": run.results["weights"],
        "subsystems": [k for k in rows[0] if k not in _SCORE_KEYS] if rows else [],
        "charts": json.dumps(_charts(run), ensure_ascii=False),
        "downloads": [k for k in DOWNLOADS if _download_path(run, k) is not None],
    }


_SCORE_KEYS = {"code", "region", "year", "score", "rank", "C", "T", "D", "level", "category", "lag"}


def _download_path(run: IndexRun, kind: str) -> Path | None:
    if not run.out_dir:
        return None
    path = Path(run.out_dir) / f"{run.system_id}.{kind}"
    return path if path.is_file() else None


@router.get("/indices/runs/{run_id}/{kind}", name="indices.download")
def download(db: DbDep, _user: UserDep, run_id: int, kind: str) -> Response:
    if kind not in DOWNLOADS:
        raise NotFound(f"no {kind} file for index runs")
    with db.read() as session:
        run = service.get_run(session, run_id)
        path, system_id = _download_path(run, kind), run.system_id
    if path is None:
        raise NotFound(f"run {run_id} has no {kind} report")
    name = f"{system_id}-run{run_id}.{kind}"
    return FileResponse(path, media_type=DOWNLOADS[kind], filename=name)

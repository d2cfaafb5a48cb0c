"""Storing and reading evaluation runs. Callers own the unit of work (``db.write()``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.core.errors import NotFound
from xinzhi.indices.models import IndexRun
from xinzhi.indices.run import RunResult
from xinzhi.indices.tables import results_payload, summary_payload


def save_run(
    session: Session, result: RunResult, *, out_dir: str = "", actor: str = ""
) -> IndexRun:
    """Add ``result`` with its parameters and results; flushed, not committed."""
    run = IndexRun(
        system_id=result.system.id,
        system_name=result.system.name,
        system_version=result.system.version,
        panel_name=result.panel.source,
        panel_sha256=result.panel.sha256,
        params=result.options.to_dict(),
        summary=summary_payload(result),
        results=results_payload(result),
        out_dir=out_dir,
        actor=actor,
    )
    session.add(run)
    session.flush()
    return run


def get_run(session: Session, run_id: int) -> IndexRun:
    run = session.get(IndexRun, run_id)
    if run is None:
        raise NotFound(f"index run {run_id} not found")
    return run


def list_runs(session: Session, limit: int = 50) -> list[IndexRun]:
    query = select(IndexRun).order_by(IndexRun.id.desc()).limit(limit)
    return list(session.scalars(query))


def run_brief(run: IndexRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "system_id": run.system_id,
        "system_name": run.system_name,
        "panel_name": run.panel_name,
        "created_at": run.created_at.isoformat(),
        "params": run.params,
        "summary": run.summary,
    }

"""Evaluation indices through the API: the shipped index systems and stored runs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from xinzhi.common.web.deps import DbDep, UserDep
from xinzhi.indices import service
from xinzhi.indices.systems import shipped_system, shipped_systems

router = APIRouter(prefix="/indices", tags=["indices"])


@router.get("/systems")
def list_systems() -> list[dict[str, Any]]:
    """Every shipped index system with its structure (dimensions, indicators, verified flags)."""
    return [s.model_dump() | {"runnable": s.runnable} for s in shipped_systems()]


@router.get("/systems/{system_id}")
def get_system(system_id: str) -> dict[str, Any]:
    system = shipped_system(system_id)
    return system.model_dump() | {"runnable": system.runnable}


@router.get("/runs")
def list_runs(
    db: DbDep, _user: UserDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[dict[str, Any]]:
    with db.read() as session:
        return [service.run_brief(r) for r in service.list_runs(session, limit)]


@router.get("/runs/{run_id}")
def get_run(db: DbDep, _user: UserDep, run_id: int) -> dict[str, Any]:
    """A stored run: parameters, summary and the result tables (scores, weights, obstacles…)."""
    with db.read() as session:
        run = service.get_run(session, run_id)
        return service.run_brief(run) | {"results": run.results}

"""Chains through the API: import, list, read, place (a job), the weak-link table of a region,
a node's recommendations and placements, confirm or move a placement."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from xinzhi.chains import access, service, spec, views
from xinzhi.common import permissions
from xinzhi.common.web.deps import DbDep, HueyDep, UserDep, unit_kwargs
from xinzhi.core import jobs

router = APIRouter(tags=["chains"])


class PlacementDecision(BaseModel):
    move_to: str | None = Field(None, description="Node key to move the record to; empty confirms.")


@router.get("/chains")
def list_chains(db: DbDep, principal: UserDep) -> list[dict[str, Any]]:
    permissions.require(principal, access.READ)
    with db.read() as session:
        return [
            {k: v for k, v in views.chain_read(c).items() if k != "nodes"} | {"nodes": len(c.nodes)}
            for c in service.list_chains(session)
        ]


@router.post("/chains", status_code=201)
def import_chain(db: DbDep, principal: UserDep, body: dict[str, Any] = Body(...)) -> dict[str, Any]:
    """A chain as JSON (the YAML file's shape); the same name makes a new version."""
    permissions.require(principal, access.MANAGE)
    checked = spec.validate(body)
    with db.write(**unit_kwargs(principal)) as session:
        return views.chain_read(service.import_chain(session, checked))


@router.get("/chains/{chain_id}")
def read_chain(chain_id: int, db: DbDep, principal: UserDep) -> dict[str, Any]:
    permissions.require(principal, access.READ)
    with db.read() as session:
        return views.chain_read(service.get_chain(session, chain_id))


@router.post("/chains/{chain_id}/place", status_code=202)
def place(chain_id: int, db: DbDep, huey: HueyDep, principal: UserDep) -> dict[str, Any]:
    """Submit the ``chains.place`` job (progress under ``/api/v1/jobs/{id}``)."""
    permissions.require(principal, access.MANAGE)
    with db.read() as session:
        service.get_chain(session, chain_id)
    job_id = jobs.submit(db, huey, "chains.place", {"chain_id": chain_id}, principal)
    return {"job_id": job_id}


@router.get("/chains/{chain_id}/nodes")
def nodes(chain_id: int, region: str, db: DbDep, principal: UserDep) -> list[dict[str, Any]]:
    """Every node with its weak score (0–1, higher is weaker), measures and reasons."""
    permissions.require(principal, access.READ)
    with db.read(limited=True) as session:
        return views.weak_table(session, principal, chain_id, region)[1]


@router.get("/chains/{chain_id}/nodes/{key}/recommendations")
def recommendations(
    chain_id: int, key: str, region: str, db: DbDep, principal: UserDep
) -> list[dict[str, Any]]:
    """补链/强链 recommendations: {type, id, name, region, kind, reasons}."""
    permissions.require(principal, access.READ)
    with db.read(limited=True) as session:
        return views.node_recommendations(session, principal, chain_id, key, region)


@router.get("/chains/{chain_id}/nodes/{key}/placements")
def placements(
    chain_id: int, key: str, db: DbDep, principal: UserDep, type: str = ""
) -> list[dict[str, Any]]:
    """What is placed on a node (staff: placements are the curation worklist)."""
    permissions.require(principal, access.DECIDE)
    with db.read() as session:
        service.get_node(service.get_chain(session, chain_id), key)
        kind = service.require_entity_type(type) if type else None
        return [
            views.placement_read(p) for p in service.node_placements(session, chain_id, key, kind)
        ]


@router.post("/chains/placements/{placement_id}")
def decide(
    placement_id: int, decision: PlacementDecision, db: DbDep, principal: UserDep
) -> dict[str, Any]:
    """Confirm a placement (empty body) or move it (``move_to``); never overwritten later."""
    permissions.require(principal, access.DECIDE)
    with db.write(**unit_kwargs(principal)) as session:
        placement = service.decide(
            session, placement_id, actor=principal.actor, move_to=decision.move_to or None
        )
        return views.placement_read(placement)

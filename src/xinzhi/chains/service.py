"""Chain use cases: import (versioned), read, place the catalog, confirm or move a placement.

Services take ``*, session`` and only flush; the API, CLI and jobs own the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from xinzhi.chains import placing
from xinzhi.chains.models import AUTO, CONFIRMED, KEPT, MOVED, Chain, ChainNode, Placement
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import utcnow

Progress = Callable[[int, int], None]
ENTITY_TYPES = (
    "patent", "organisation", "achievement", "expert", "demand", "policy", "challenge",
)  # fmt: skip


def import_chain(session: Session, spec: dict[str, Any]) -> Chain:
    """Store a validated chain (``spec.validate``) as the next version of its name."""
    latest = session.scalar(select(func.max(Chain.version)).where(Chain.name == spec["name"]))
    chain = Chain(
        name=spec["name"],
        version=(latest or 0) + 1,
        description=spec.get("description", ""),
        source=spec.get("source", ""),
        spec=spec,
    )
    for position, n in enumerate(spec["nodes"]):
        chain.nodes.append(
            ChainNode(
                position=position,
                key=n["key"],
                name=n["name"],
                stage=n["stage"],
                parent=n.get("parent"),
                flagship=bool(n.get("flagship")),
                upstream=list(n.get("upstream", [])),
                keywords=list(n.get("keywords", [])),
                exclude=list(n.get("exclude", [])),
                ipc=list(n.get("ipc", [])),
                description=n.get("description", ""),
            )
        )
    session.add(chain)
    session.flush()
    return chain


def list_chains(session: Session) -> list[Chain]:
    return list(session.scalars(select(Chain).order_by(Chain.name, Chain.version.desc())))


def get_chain(session: Session, chain_id: int) -> Chain:
    chain = session.get(Chain, chain_id)
    if chain is None:
        raise NotFound(f"产业链不存在 chain {chain_id} not found")
    return chain


def get_node(chain: Chain, key: str) -> ChainNode:
    for node in chain.nodes:
        if node.key == key:
            return node
    raise NotFound(f"环节不存在 node {key!r} is not in chain {chain.id}")


def versions(session: Session, name: str) -> list[Chain]:
    return list(session.scalars(select(Chain).where(Chain.name == name).order_by(Chain.version)))


def place_chain(
    session: Session, chain: Chain, *, progress: Progress | None = None
) -> dict[str, Any]:
    """Place the catalog on ``chain`` again: automatic placements are replaced, a person's
    confirmations and moves are kept and their records are not placed again."""
    kept = {
        (t, i)
        for t, i in session.execute(
            select(Placement.entity_type, Placement.entity_id).where(
                Placement.chain_id == chain.id, Placement.status.in_(KEPT)
            )
        )
    }
    session.execute(
        delete(Placement).where(Placement.chain_id == chain.id, Placement.status == AUTO)
    )
    summary = placing.place_all(session, chain, kept, progress)
    chain.placed_at = utcnow()
    chain.placement_summary = summary
    session.flush()
    return summary


def node_placements(
    session: Session, chain_id: int, node_key: str, entity_type: str | None = None, limit: int = 200
) -> list[Placement]:
    query = select(Placement).where(Placement.chain_id == chain_id, Placement.node_key == node_key)
    if entity_type:
        query = query.where(Placement.entity_type == entity_type)
    query = query.order_by(Placement.confidence.desc(), Placement.id).limit(limit)
    return list(session.scalars(query))


def decide(
    session: Session, placement_id: int, *, actor: str, move_to: str | None = None
) -> Placement:
    """Confirm a placement, or move it to node ``move_to``; either way it is never replaced."""
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound(f"归属记录不存在 placement {placement_id} not found")
    chain = get_chain(session, placement.chain_id)
    if move_to is not None and move_to != placement.node_key:
        get_node(chain, move_to)
        clash = session.scalar(
            select(Placement).where(
                Placement.chain_id == chain.id,
                Placement.entity_type == placement.entity_type,
                Placement.entity_id == placement.entity_id,
                Placement.node_key == move_to,
            )
        )
        if clash is not None:
            if clash.status in KEPT:
                raise Conflict("该记录已被确认在目标环节 already confirmed on that node")
            session.delete(clash)
            session.flush()
        placement.node_key = move_to
        placement.status = MOVED
        placement.method = "manual"
        placement.confidence = 1.0
        placement.reasons = [*list(placement.reasons or []), f"由 {actor} 人工调整"]
    else:
        placement.status = CONFIRMED
        placement.reasons = [*list(placement.reasons or []), f"由 {actor} 人工确认"]
    placement.decided_by = actor
    session.flush()
    return placement


def require_entity_type(value: str) -> str:
    if value not in ENTITY_TYPES:
        raise InvalidInput(f"未知记录类型 unknown record type {value!r}; one of {ENTITY_TYPES}")
    return value


__all__ = ["AUTO", "CONFIRMED", "MOVED"]

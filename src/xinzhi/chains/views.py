"""Reads shared by the API, the pages, the CLI and the exports: a chain as JSON, its
weak-link table for a region, one node's drill-down and recommendations."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from xinzhi.chains import facts as facts_mod
from xinzhi.chains import recommend, service
from xinzhi.chains.models import Chain
from xinzhi.chains.table import node_table, resolve_region
from xinzhi.core.security import Principal


def chain_read(chain: Chain) -> dict[str, Any]:
    return {
        "id": chain.id,
        "name": chain.name,
        "version": chain.version,
        "description": chain.description,
        "source": chain.source,
        "placed_at": chain.placed_at.isoformat() if chain.placed_at else None,
        "placement_summary": chain.placement_summary or {},
        "nodes": [
            {
                "key": n.key,
                "name": n.name,
                "stage": n.stage,
                "flagship": n.flagship,
                "parent": n.parent,
                "upstream": list(n.upstream),
                "keywords": list(n.keywords),
                "exclude": list(n.exclude),
                "ipc": list(n.ipc),
            }
            for n in chain.nodes
        ],
    }


def weak_table(
    session: Session, principal: Principal, chain_id: int, region: str
) -> tuple[Chain, list[dict[str, Any]]]:
    chain = service.get_chain(session, chain_id)
    where = resolve_region(region)
    facts = facts_mod.load(session, chain, principal)
    return chain, node_table(chain, facts, where)


def node_recommendations(
    session: Session, principal: Principal, chain_id: int, key: str, region: str
) -> list[dict[str, Any]]:
    chain = service.get_chain(session, chain_id)
    service.get_node(chain, key)
    where = resolve_region(region)
    facts = facts_mod.load(session, chain, principal)
    return recommend.recommendations(facts, where, key)


def placement_read(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "chain_id": p.chain_id,
        "node_key": p.node_key,
        "entity_type": p.entity_type,
        "entity_id": p.entity_id,
        "confidence": p.confidence,
        "method": p.method,
        "reasons": list(p.reasons or []),
        "status": p.status,
        "decided_by": p.decided_by,
    }

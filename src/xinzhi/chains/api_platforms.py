"""The 概念验证/中试 platform registry through the API: list and import platforms, the
platforms of a node with its TRL 4–6 gap, the per-node gap table of a region, and the
platforms that take an achievement stuck at TRL 3–6 its next step. Declared before the
``/chains/{chain_id}`` routes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body
from sqlalchemy import select

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Achievement, Organisation
from xinzhi.catalog.service import can_read
from xinzhi.chains import access, platforms, service
from xinzhi.chains.models import Platform
from xinzhi.chains.table import resolve_region
from xinzhi.common import permissions
from xinzhi.common.web.deps import DbDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.core.errors import NotFound

router = APIRouter(tags=["chains"])


@router.get("/chains/platforms")
def list_platforms(db: DbDep, settings: SettingsDep, principal: UserDep) -> list[dict[str, Any]]:
    permissions.require(principal, access.READ)
    with db.read() as session:
        found = session.scalars(select(Platform).order_by(Platform.id))
        return [platforms.read(p, settings) for p in found]


@router.post("/chains/platforms")
def import_platforms(
    db: DbDep, principal: UserDep, body: dict[str, Any] = Body(...)
) -> dict[str, int]:
    """``{platforms: [...]}`` (the YAML file's shape); platforms are matched by name."""
    permissions.require(principal, access.MANAGE)
    items = body.get("platforms")
    if not isinstance(items, list):
        from xinzhi.core.errors import InvalidInput

        raise InvalidInput("须为 {platforms: [...]}")
    with db.write(**unit_kwargs(principal)) as session:
        return platforms.import_platforms(session, items)


@router.get("/chains/{chain_id}/platform-gaps")
def platform_gaps(
    chain_id: int, region: str, db: DbDep, settings: SettingsDep, principal: UserDep
) -> list[dict[str, Any]]:
    """Per node: local platforms serving it and the TRL levels 4–6 no local platform covers."""
    permissions.require(principal, access.READ)
    where = resolve_region(region)
    with db.read() as session:
        chain = service.get_chain(session, chain_id)
        rows = []
        for node in chain.nodes:
            found = platforms.for_node(session, settings, chain, node.key, where.prefix)
            rows.append(
                {"key": node.key, "name": node.name, "local_platforms": found["local"],
                 "trl_4_6_missing": found["trl_4_6_missing"]}
            )  # fmt: skip
        return rows


@router.get("/chains/{chain_id}/policy-map")
def policy_map(chain_id: int, region: str, db: DbDep, principal: UserDep) -> dict[str, Any]:
    """政策应用图谱: node × tier, the policies in each cell and the empty cells (``gaps``)."""
    from xinzhi.chains.policymap import policy_map as build

    permissions.require(principal, access.READ)
    where = resolve_region(region)
    with db.read() as session:
        return build(session, service.get_chain(session, chain_id), where.prefix)


@router.get("/chains/{chain_id}/nodes/{key}/platforms")
def node_platforms(
    chain_id: int, key: str, region: str, db: DbDep, settings: SettingsDep, principal: UserDep
) -> dict[str, Any]:
    permissions.require(principal, access.READ)
    where = resolve_region(region)
    with db.read() as session:
        chain = service.get_chain(session, chain_id)
        service.get_node(chain, key)
        return platforms.for_node(session, settings, chain, key, where.prefix)


@router.get("/chains/{chain_id}/achievements/{achievement_id}/platforms")
def achievement_platforms(
    chain_id: int, achievement_id: int, db: DbDep, settings: SettingsDep, principal: UserDep
) -> list[dict[str, Any]]:
    """Platforms for an achievement stuck at TRL 3–6 (empty outside that range)."""
    permissions.require(principal, access.READ)
    with db.read() as session:
        chain = service.get_chain(session, chain_id)
        found = session.get(Achievement, achievement_id)
        if found is None or not can_read(ENTITIES["achievements"], principal, found):
            raise NotFound(f"成果不存在 achievement {achievement_id} not found")
        region = found.region_code or (
            session.scalar(
                select(Organisation.region_code).where(Organisation.id == found.owner_org_id)
            )
        )
        return platforms.suggest_for_achievement(
            session, settings, chain, achievement_id, found.trl, region
        )

"""政策应用图谱: policies laid out by chain node × enterprise tier (分层分类), and the cells no
policy covers.

A policy sits on the nodes it was placed on (its title and text matched the node's terms);
one placed on no node of the chain applies to every node (不限环节). Its tiers are the ones its
title or text names: 科技型中小企业 (国科发政〔2017〕115号) → 创新型中小企业 → 专精特新中小企业 →
专精特新“小巨人” (工信部企业〔2022〕63号) → 高新技术企业 (国科发火〔2016〕32号); a policy naming
none applies to every tier. Text is all the catalog has: the enterprise domain's computable
conditions are not read here (that would be a chains → enterprise dependency).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Policy
from xinzhi.chains.messages import TIERS
from xinzhi.chains.models import Chain, Placement

TIER_TERMS: dict[str, tuple[str, ...]] = {
    "tech_sme": ("科技型中小企业",),
    "innovative_sme": ("创新型中小企业",),
    "srdi": ("专精特新",),
    "little_giant": ("小巨人",),
    "hnte": ("高新技术企业", "高企"),
}


def tiers_of(text: str) -> list[str]:
    """The tiers a policy names; every tier when it names none."""
    named = [t for t, terms in TIER_TERMS.items() if any(term in text for term in terms)]
    return named or list(TIER_TERMS)


def matrix(nodes: list[tuple[str, str]], policies: list[dict[str, Any]]) -> dict[str, Any]:
    """Pure: ``policies`` as ``{id, title, nodes: [keys] (empty = every node), tiers}``."""
    general = [p for p in policies if not p["nodes"]]
    rows = []
    for key, name in nodes:
        cells: dict[str, list[dict[str, Any]]] = {t: [] for t in TIER_TERMS}
        for p in policies:
            if key in p["nodes"] or not p["nodes"]:
                for tier in p["tiers"]:
                    cells[tier].append({"id": p["id"], "title": p["title"],
                                        "general": not p["nodes"]})  # fmt: skip
        gaps = [t for t, found in cells.items() if not found]
        rows.append({"key": key, "name": name, "cells": cells, "gaps": gaps})
    return {
        "tiers": [{"code": t, "label": TIERS[t][0]} for t in TIER_TERMS],
        "rows": rows,
        "general": [{"id": p["id"], "title": p["title"]} for p in general],
    }


def covers(code: str | None, region_prefix: str) -> bool:
    """Whether a policy of GB/T 2260 ``code`` (none = national) applies in the region."""
    if not code:
        return True
    area = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    return region_prefix.startswith(area) or area.startswith(region_prefix)


def policy_map(session: Session, chain: Chain, region_prefix: str) -> dict[str, Any]:
    """The matrix for a region: national policies and those of the region's codes."""
    placed: dict[int, list[str]] = {}
    for pid, key in session.execute(
        select(Placement.entity_id, Placement.node_key).where(
            Placement.chain_id == chain.id, Placement.entity_type == "policy"
        )
    ):
        placed.setdefault(pid, []).append(key)
    rows = session.execute(select(Policy.id, Policy.title, Policy.text, Policy.region_code))
    policies = [
        {"id": pid, "title": title, "nodes": placed.get(pid, []),
         "tiers": tiers_of(f"{title} {text}")}
        for pid, title, text, code in rows
        if covers(code, region_prefix)
    ]  # fmt: skip
    return matrix([(n.key, n.name) for n in chain.nodes], policies)

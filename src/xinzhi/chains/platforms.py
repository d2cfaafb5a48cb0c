"""The registry of 概念验证中心 and 中试平台 along the chains (创新链 on the 产业链), and which
platform takes a stuck achievement its next TRL step.

Service types follow 工信厅科函〔2025〕456号 (设计验证, 功能性能验证, 工艺验证, 适配验证, 生产验证;
read in a reprint, ANCHORS §H3). No policy text and no registry gives TRL ranges, so an entry
without them gets the working assumption of the settings ``chains_poc_trl`` (概念验证 ≈ 2–4)
and ``chains_pilot_trl`` (中试 ≈ 4–7); the answer says when the assumption was used.

A platform serves an achievement at TRL t on node n when it serves n and trl_from ≤ t < trl_to
(it can take the technology at least one level forward). Achievements at TRL 3–6 are the ones
"stuck" between the lab and production (the issue's definition).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.chains.models import Chain, Placement, Platform
from xinzhi.common.regions import short_name
from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.settings import Settings

KINDS = {"poc": "概念验证中心", "pilot": "中试平台", "service": "其他服务平台"}
SERVICES = {
    "design": "设计验证",
    "function": "功能性能验证",
    "process": "工艺验证",
    "fit": "适配验证",
    "production": "生产验证",
}
STUCK = range(3, 7)  # TRL 3–6
DEMO_FILE = Path(__file__).parent / "data" / "platforms_demo.yaml"
FIELDS = ("capabilities", "equipment", "fees", "contact", "source")


def _range(text: str) -> tuple[int, int]:
    low, high = text.split("-")
    return int(low), int(high)


def trl_range(p: Platform, settings: Settings) -> tuple[int, int, bool]:
    """(from, to, assumed): the platform's own range, or its kind's assumed one."""
    if p.trl_from is not None and p.trl_to is not None:
        return p.trl_from, p.trl_to, False
    default = settings.chains_poc_trl if p.kind == "poc" else settings.chains_pilot_trl
    low, high = _range(default)
    return p.trl_from or low, p.trl_to or high, True


def _where(code: str | None) -> str:
    return short_name(f"{code[:2]}0000") if code else "未知地区"


def validate(raw: Any, index: int) -> dict[str, Any]:
    label = f"#{index + 1}"
    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        raise InvalidInput(f"平台 {label} 缺少名称 a platform needs a name")
    name = str(raw["name"]).strip()
    kind = str(raw.get("kind") or "")
    kind = {v: k for k, v in KINDS.items()}.get(kind, kind)
    if kind not in KINDS:
        raise InvalidInput(f"平台 {name} 字段 kind: 须为 {'/'.join(KINDS.values())}")
    services = [{v: k for k, v in SERVICES.items()}.get(s, s) for s in raw.get("services") or []]
    unknown = [s for s in services if s not in SERVICES]
    if unknown:
        raise InvalidInput(f"平台 {name} 字段 services: 未知验证类型 {unknown}")
    low, high = raw.get("trl_from"), raw.get("trl_to")
    if (low is None) != (high is None) or (
        low is not None and high is not None and not 1 <= low < high <= 9
    ):
        raise InvalidInput(f"平台 {name} 字段 trl_from/trl_to: 须同时给出且 1 ≤ from < to ≤ 9")
    return {
        "name": name, "kind": kind, "services": services, "trl_from": low, "trl_to": high,
        "region_code": str(raw["region_code"]) if raw.get("region_code") else None,
        "serves": [str(s) for s in raw.get("serves") or []],
        **{f: str(raw.get(f) or "") for f in FIELDS},
    }  # fmt: skip


def import_platforms(session: Session, items: list[Any]) -> dict[str, int]:
    """Create or update platforms by name (the registry is kept by hand or from a list)."""
    checked = [validate(raw, i) for i, raw in enumerate(items)]
    counts = {"created": 0, "updated": 0}
    for values in checked:
        found = session.scalar(select(Platform).where(Platform.name == values["name"]))
        if found is None:
            session.add(Platform(**values))
            counts["created"] += 1
        else:
            for key, value in values.items():
                setattr(found, key, value)
            counts["updated"] += 1
    session.flush()
    return counts


def load_file(path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"无法读取平台文件 cannot read {path}: {exc}") from exc
    items = data.get("platforms") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInput("平台文件须为列表或 {platforms: [...]}")
    return items


def serves(p: Platform, chain: Chain, node: str) -> bool:
    return node in p.serves or f"{chain.name}:{node}" in p.serves


def read(p: Platform, settings: Settings) -> dict[str, Any]:
    low, high, assumed = trl_range(p, settings)
    return {
        "id": p.id, "name": p.name, "kind": p.kind, "kind_label": KINDS[p.kind],
        "services": [SERVICES[s] for s in p.services], "trl_from": low, "trl_to": high,
        "trl_assumed": assumed, "region": p.region_code, "serves": list(p.serves),
        **{f: getattr(p, f) for f in FIELDS},
    }  # fmt: skip


def for_node(
    session: Session, settings: Settings, chain: Chain, node: str, region_prefix: str
) -> dict[str, Any]:
    """Platforms serving a node, local ones first, and whether TRL 4–6 has nothing local."""
    found = [p for p in session.scalars(select(Platform)) if serves(p, chain, node)]
    local = [p for p in found if (p.region_code or "").startswith(region_prefix)]
    covered = set()
    for p in local:
        low, high, _ = trl_range(p, settings)
        covered |= set(range(low, high))
    missing = [t for t in (4, 5, 6) if t not in covered]
    return {
        "platforms": [read(p, settings) | {"local": p in local} for p in found],
        "local": len(local),
        "trl_4_6_missing": missing,
    }


def suggest_for_achievement(
    session: Session, settings: Settings, chain: Chain, achievement_id: int, trl: int | None,
    region_code: str | None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Platforms that take an achievement stuck at TRL 3–6 its next step on its nodes."""
    if trl is None or trl not in STUCK:
        return []
    nodes = list(
        session.scalars(
            select(Placement.node_key).where(
                Placement.chain_id == chain.id,
                Placement.entity_type == "achievement",
                Placement.entity_id == achievement_id,
            )
        )
    )
    if not nodes:
        raise NotFound(f"成果 {achievement_id} 未归属到产业链 {chain.id} 的任何环节")
    names = {n.key: n.name for n in chain.nodes}
    home = (region_code or "")[:2]
    out = []
    for p in session.scalars(select(Platform).order_by(Platform.id)):
        low, high, assumed = trl_range(p, settings)
        served = [k for k in nodes if serves(p, chain, k)]
        if not served or not low <= trl < high:
            continue
        local = bool(home) and (p.region_code or "").startswith(home)
        reasons = [
            f"服务环节：{'、'.join(names[k] for k in served)}",
            f"可将 TRL {trl} 推进至 TRL {high}" + ("（按默认假设的 TRL 范围）" if assumed else ""),
            f"位于{'本地' if local else _where(p.region_code)}",
        ]
        if p.services:
            reasons.append("验证类型：" + "、".join(SERVICES[s] for s in p.services))
        out.append(read(p, settings) | {"local": local, "reasons": reasons})
    out.sort(key=lambda r: (not r["local"], r["trl_from"]))
    return out

"""A chain as data: the YAML shape, its validation and the shipped examples.

``{name, description?, source?, nodes: [{key, name, stage, upstream: [keys], keywords: [...],
exclude: [...], ipc: [...], flagship: bool, parent?}]}``. Stages are 上游/中游/下游 (upstream,
midstream, downstream accepted). Every error names the node and the field, so a person fixing
a 40-node file knows where to look.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from xinzhi.core.errors import InvalidInput

DATA = Path(__file__).parent / "data"
SHIPPED = ("photovoltaic.yaml", "lithium_storage.yaml")
STAGES = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}
STAGE_CODES = ("upstream", "midstream", "downstream")
KEY = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
# An IPC subclass with an optional main group and subgroup: H01L, H01L31, H01L31/042.
IPC = re.compile(r"^[A-H]\d{2}[A-Z](\d{1,4}(/\d{1,6})?)?$")
LISTS = ("upstream", "keywords", "exclude", "ipc")


def normalise_ipc(code: str) -> str:
    """``H01L 31/042`` and ``h01l31/042`` → ``H01L31/042`` (spaces out, upper case)."""
    return re.sub(r"\s+", "", str(code)).upper()


def _problem(errors: list[dict[str, str]], node: str, field: str, message: str) -> None:
    errors.append({"node": node, "field": field, "message": message})


def _stage(raw: Any) -> str | None:
    text = str(raw or "").strip()
    if text in STAGES:
        return STAGES[text]
    return text.lower() if text.lower() in STAGE_CODES else None


def _strings(value: Any, label: str, field: str, errors: list[dict[str, str]]) -> list[str]:
    """A list of strings (a single string is a one-item list)."""
    value = value or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        _problem(errors, label, field, f"{field} 须为字符串列表 must be a list of strings")
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _node(raw: Any, index: int, errors: list[dict[str, str]]) -> dict[str, Any] | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        _problem(errors, label, "-", "节点必须是映射 a node must be a mapping")
        return None
    key = str(raw.get("key") or "").strip()
    label = key or label
    if not KEY.match(key):
        _problem(errors, label, "key", "key 须为 1–64 位字母、数字、_ 或 - (letters, digits, _ -)")
    name = str(raw.get("name") or "").strip()
    if not name:
        _problem(errors, label, "name", "缺少名称 name is required")
    stage = _stage(raw.get("stage"))
    if stage is None:
        _problem(errors, label, "stage", f"阶段须为 上游/中游/下游 (got {raw.get('stage')!r})")
    node: dict[str, Any] = {"key": key, "name": name, "stage": stage or ""}
    for field in LISTS:
        node[field] = _strings(raw.get(field), label, field, errors)
    node["ipc"] = [normalise_ipc(c) for c in node["ipc"]]
    for code in node["ipc"]:
        if not IPC.match(code):
            _problem(errors, label, "ipc", f"不是 IPC 分类号 not an IPC code: {code!r}")
    flagship = raw.get("flagship", False)
    if not isinstance(flagship, bool):
        _problem(errors, label, "flagship", "flagship 须为 true/false")
    node["flagship"] = flagship is True
    parent = raw.get("parent")
    node["parent"] = str(parent).strip() if parent else None
    node["description"] = str(raw.get("description") or "")
    return node


def _graph_checks(nodes: list[dict[str, Any]], errors: list[dict[str, str]]) -> None:
    keys = [n["key"] for n in nodes]
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            _problem(errors, key, "key", "key 重复 duplicate key")
        seen.add(key)
    for n in nodes:
        for up in n["upstream"]:
            if up not in seen:
                _problem(errors, n["key"], "upstream", f"上游节点不存在 unknown node {up!r}")
            if up == n["key"]:
                _problem(errors, n["key"], "upstream", "节点不能以自身为上游 a node feeds itself")
        if n["parent"] and n["parent"] not in seen:
            _problem(errors, n["key"], "parent", f"父节点不存在 unknown node {n['parent']!r}")
    if not errors and _has_cycle(nodes):
        _problem(errors, "-", "upstream", "上下游关系有环 the upstream links form a cycle")


def _has_cycle(nodes: list[dict[str, Any]]) -> bool:
    ups = {n["key"]: n["upstream"] for n in nodes}
    state: dict[str, int] = {}

    def visit(key: str) -> bool:
        if state.get(key) == 1:
            return True
        if state.get(key) == 2:
            return False
        state[key] = 1
        if any(visit(u) for u in ups.get(key, [])):
            return True
        state[key] = 2
        return False

    return any(visit(k) for k in ups)


def validate(raw: Any) -> dict[str, Any]:
    """The checked, normalised chain; ``InvalidInput`` listing every problem otherwise."""
    errors: list[dict[str, str]] = []
    if not isinstance(raw, dict):
        raise InvalidInput(
            "产业链文件须为映射 the chain file must be a mapping with name and nodes"
        )
    name = str(raw.get("name") or "").strip()
    if not name:
        _problem(errors, "-", "name", "缺少产业链名称 the chain needs a name")
    items = raw.get("nodes")
    if not isinstance(items, list) or not items:
        _problem(errors, "-", "nodes", "缺少节点列表 nodes must be a non-empty list")
        items = []
    nodes = [n for i, item in enumerate(items) if (n := _node(item, i, errors)) is not None]
    if not errors:
        _graph_checks(nodes, errors)
    if errors:
        first = errors[0]
        raise InvalidInput(
            f"产业链有 {len(errors)} 处错误 {len(errors)} problem(s); "
            f"节点 {first['node']} 字段 {first['field']}: {first['message']}",
            details=errors,
        )
    return {
        "name": name,
        "description": str(raw.get("description") or ""),
        "source": str(raw.get("source") or ""),
        "nodes": nodes,
    }


def load_file(path: str | Path) -> dict[str, Any]:
    """Read and validate a chain YAML file."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"无法读取文件 cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InvalidInput(f"YAML 格式错误 not valid YAML: {exc}") from exc
    return validate(raw)


def shipped() -> list[dict[str, Any]]:
    return [load_file(DATA / name) for name in SHIPPED]

"""补链/强链/延链 recommendations for one node in one region, each with its reasons.

- 招商 (attract): organisations and patent applicants elsewhere that are strong on the node,
  ranked by their (fractional) patents there — the chain's 补链 targets;
- 成果转化 (transfer): local achievements on the node, readier ones (higher TRL) first;
- 专家 (expert): experts placed on the node, local ones first;
- 揭榜挂帅 (publish): open demands on the node that could be published as challenges;
- 在榜榜单 (challenge): published 揭榜挂帅 challenges on the node still open for applications,
  local first — solvers can be organised for them (only those the reader may see).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xinzhi.chains.facts import Facts
from xinzhi.chains.table import Region, _local
from xinzhi.common.regions import region_code, short_name

LIMIT = 10


def _rank(series: pd.Series) -> dict[str, int]:
    return {str(name): i + 1 for i, name in enumerate(series.sort_values(ascending=False).index)}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def recommendations(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    return strip(
        [
            *_attract(facts, region, node_key),
            *_transfer(facts, region, node_key),
            *_experts(facts, region, node_key),
            *_publish(facts, region, node_key),
            *_open_challenges(facts, region, node_key),
        ]
    )


def _attract(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    p = facts.patents[(facts.patents["node_key"] == node_key) & (facts.patents["applicant"] != "")]
    by_name = p.groupby("applicant")["weight"].sum()
    rank = _rank(by_name)
    home = p.groupby("applicant")["province"].first()
    orgs = facts.organisations[facts.organisations["node_key"] == node_key]
    outside = orgs[~_local(orgs["region_code"], region)]
    out: list[dict[str, Any]] = []
    listed: set[str] = set()
    for row in _records(outside):
        name = str(row["name"])
        n = float(by_name.get(name, 0.0))
        reasons = [f"所在地：{_region_name(row['region_code'])}（本地以外）"]
        if n:
            reasons.insert(0, f"该环节专利 {n:g} 件，全国第 {rank[name]} 位")
        else:
            reasons.insert(0, "机构简介与该环节关键词相符")
        item = _item("organisation", row["entity_id"], name, row["region_code"], "attract", reasons)
        out.append(item | {"_weight": n})
        listed.add(name)
    for raw_name, n in by_name.sort_values(ascending=False).items():
        name = str(raw_name)
        province = str(home.get(name, ""))
        if name in listed or not province or province == region.province:
            continue
        reasons = [
            f"该环节专利 {n:g} 件，全国第 {rank[name]} 位",
            f"所在地：{province}（本地以外）",
        ]
        item = _item("applicant", None, name, region_code(province), "attract", reasons)
        out.append(item | {"_weight": float(n)})
        if len(out) >= 3 * LIMIT:
            break
    out.sort(key=lambda r: -r.pop("_weight"))
    return out[:LIMIT]


def _transfer(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    a = facts.achievements[facts.achievements["node_key"] == node_key]
    local = a[_local(a["region_code"], region)].sort_values(
        "trl", ascending=False, na_position="last"
    )
    out = []
    for row in _records(local.head(LIMIT)):
        value = row["trl"]
        trl = "未评价" if value is None or pd.isna(value) else f"TRL {int(value)}"
        reasons = [f"本地科技成果，技术成熟度 {trl}", "可就地转化，补强该环节"]
        out.append(
            _item("achievement", row["entity_id"], str(row["title"]), row["region_code"],
                  "transfer", reasons)
        )  # fmt: skip
    return out


def _experts(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    e = facts.experts[facts.experts["node_key"] == node_key].copy()
    e["local"] = _local(e["region_code"], region)
    out = []
    for row in _records(e.sort_values("local", ascending=False).head(LIMIT)):
        where = "本地专家" if row["local"] else f"外地专家（{_region_name(row['region_code'])}）"
        reasons = [where, "研究方向与该环节关键词相符"]
        out.append(
            _item("expert", row["entity_id"], str(row["name"]), row["region_code"], "expert",
                  reasons)
        )  # fmt: skip
    return out


def _publish(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    d = facts.demands[(facts.demands["node_key"] == node_key) & facts.demands["open"]].copy()
    d["local"] = _local(d["region_code"], region)
    out = []
    for row in _records(d.sort_values("local", ascending=False).head(LIMIT)):
        reasons = [
            "待对接的技术需求" + ("（本地）" if row["local"] else ""),
            "可发布为揭榜挂帅榜单，面向全国征集解决方案",
        ]
        out.append(
            _item("demand", row["entity_id"], str(row["title"]), row["region_code"], "publish",
                  reasons)
        )  # fmt: skip
    return out


def _open_challenges(facts: Facts, region: Region, node_key: str) -> list[dict[str, Any]]:
    c = facts.challenges
    c = c[(c["node_key"] == node_key) & c["open"].astype(bool)].copy()
    c["local"] = _local(c["region_code"], region)
    out = []
    for row in _records(c.sort_values("local", ascending=False).head(LIMIT)):
        reasons = [
            "发布中的揭榜挂帅榜单" + ("（本地发榜）" if row["local"] else ""),
            "可组织团队揭榜，补强该环节",
        ]
        out.append(
            _item("challenge", row["entity_id"], str(row["title"]), row["region_code"],
                  "challenge", reasons)
        )  # fmt: skip
    return out


def _region_name(code: Any) -> str:
    if not isinstance(code, str) or not code:
        return "未知地区"
    return short_name(f"{code[:2]}0000") + ("" if code.endswith("0000") else f"（{code}）")


def _item(
    kind: str, entity_id: Any, name: str, region: Any, action: str, reasons: list[str]
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": None if entity_id is None else int(entity_id),
        "name": name,
        "region": region if isinstance(region, str) else None,
        "kind": action,
        "reasons": reasons,
    }


def strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for item in items:
        item.pop("_weight", None)
    return items

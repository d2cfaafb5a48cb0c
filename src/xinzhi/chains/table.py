"""The weak-link table: every node of a chain in one region, with measures, score and reasons.

Pure over :class:`~xinzhi.chains.facts.Facts` (no database), so the back-test can cut the
patents at a year and score the earlier window. Patents carry a province only, so a city's
table uses its province's patents (the reasons say so); organisations, achievements, experts
and demands are matched on their GB/T 2260 code (province: first two digits, city: four).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xinzhi.chains import measures as ms
from xinzhi.chains.facts import RESEARCH_KINDS, Facts
from xinzhi.chains.messages import COMPONENT_LABELS
from xinzhi.chains.models import Chain
from xinzhi.chains.weak import components_of, weak_score
from xinzhi.common.regions import BY_CODE, region_code
from xinzhi.core.errors import InvalidInput

WINDOW = 3  # years per growth window (OECD Patent Statistics Manual 2009: 3-year windows)
COMPLETE = 0.5  # a year counts as complete when it has ≥ half the busiest year's patents


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    province: str  # the province's short name, as patents carry it

    @property
    def prefix(self) -> str:
        return {"province": self.code[:2], "city": self.code[:4]}.get(self.level, self.code)


def resolve_region(text: str) -> Region:
    """A GB/T 2260 code (province, city or county) or a province name → :class:`Region`."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput("请指定地区 region is required (GB/T 2260 code or province name)")
    if raw.isdigit() and len(raw) == 6 and f"{raw[:2]}0000" in BY_CODE:
        province = BY_CODE[f"{raw[:2]}0000"]
        if raw.endswith("0000"):
            return Region(raw, province.name, "province", province.short)
        level = "city" if raw.endswith("00") else "county"
        return Region(raw, f"{province.short}·{raw}", level, province.short)
    code = region_code(raw)
    if code is None:
        raise InvalidInput(f"未知地区 unknown region {raw!r}: 请用 GB/T 2260 代码或省份名称")
    return Region(code, BY_CODE[code].name, "province", BY_CODE[code].short)


def _local(codes: pd.Series, region: Region) -> pd.Series:
    return codes.fillna("").astype(str).str.startswith(region.prefix)


def data_year(totals: pd.DataFrame, until_year: int | None) -> int | None:
    """The last complete application year (publication lags filing by ~18 months)."""
    by_year = totals.dropna(subset=["year"]).groupby("year")["n"].sum()
    if until_year is not None:
        by_year = by_year[by_year.index <= until_year]
    if by_year.empty:
        return None
    complete = by_year[by_year >= COMPLETE * by_year.max()]
    return int(complete.index.max())


def _window_sums(frame: pd.DataFrame, year: int | None) -> tuple[pd.Series, pd.Series]:
    if year is None:
        empty = pd.Series(dtype=float)
        return empty, empty
    recent = frame[(frame["year"] > year - WINDOW) & (frame["year"] <= year)]
    earlier = frame[(frame["year"] > year - 2 * WINDOW) & (frame["year"] <= year - WINDOW)]
    return recent.groupby("node_key")["weight"].sum(), earlier.groupby("node_key")["weight"].sum()


def node_table(
    chain: Chain,
    facts: Facts,
    region: Region,
    *,
    until_year: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    p = facts.patents
    totals = facts.patent_totals
    if until_year is not None:
        p = p[p["year"] <= until_year]
        totals = totals[totals["year"] <= until_year]
    year = data_year(totals, until_year)
    local_p = p[p["province"] == region.province]
    nat = p.groupby("node_key")["weight"].sum()
    loc = local_p.groupby("node_key")["weight"].sum()
    p_r = float(totals.loc[totals["province"] == region.province, "n"].sum())
    p_all = float(totals["n"].sum())
    nat_recent, nat_earlier = _window_sums(p, year)
    loc_recent, loc_earlier = _window_sums(local_p, year)
    ents = facts.organisations[facts.organisations["kind"] == "enterprise"]
    local_ents = ents[_local(ents["region_code"], region)]
    e_totals = facts.enterprise_totals
    e_r = float(e_totals.loc[_local(e_totals["region_code"], region), "n"].sum())
    e_all = float(e_totals["n"].sum())
    orgs = facts.organisations
    research_orgs = orgs[orgs["kind"].isin(RESEARCH_KINDS) & _local(orgs["region_code"], region)]
    ach = facts.achievements[_local(facts.achievements["region_code"], region)]
    exp = facts.experts[_local(facts.experts["region_code"], region)]
    dem = facts.demands[_local(facts.demands["region_code"], region) & facts.demands["open"]]
    chl = facts.challenges
    chl = chl[_local(chl["region_code"], region) & chl["open"].astype(bool)]
    spof = ms.single_points_of_failure(
        {n.key: n.upstream for n in chain.nodes}, [n.key for n in chain.nodes if n.flagship]
    )
    stamp = {
        "data_date": facts.patents_date.isoformat() if facts.patents_date else None,
        "placed_at": facts.placed_at.isoformat() if facts.placed_at else None,
        "data_year": year,
        "until_year": until_year,
        "stale": facts.stale,
    }
    by_p, by_ents, by_ach = _by_node(local_p), _by_node(local_ents), _by_node(ach)
    nat_ents = ents.groupby("node_key")["entity_id"].nunique()
    n_exp = exp.groupby("node_key")["entity_id"].nunique()
    n_inst = research_orgs.groupby("node_key")["entity_id"].nunique()
    n_dem = dem.groupby("node_key")["entity_id"].nunique()
    n_chl = chl.groupby("node_key")["entity_id"].nunique()
    rows = []
    for node in chain.nodes:
        k = node.key
        node_p = by_p.get(k, local_p.iloc[0:0])
        applicants = node_p[node_p["applicant"] != ""].groupby("applicant")["weight"].sum()
        node_ents = by_ents.get(k, local_ents.iloc[0:0])
        node_ach = by_ach.get(k, ach.iloc[0:0])
        m: dict[str, Any] = {
            "local_patents": round(float(loc.get(k, 0.0)), 3),
            "national_patents": round(float(nat.get(k, 0.0)), 3),
            "local_all_patents": p_r,
            "national_all_patents": p_all,
            "rta": _round(ms.revealed_advantage(loc.get(k, 0.0), p_r, nat.get(k, 0.0), p_all)),
            "recent_patents": round(float(loc_recent.get(k, 0.0)), 3),
            "earlier_patents": round(float(loc_earlier.get(k, 0.0)), 3),
            "growth_local": _round(
                ms.symmetric_growth(loc_recent.get(k, 0), loc_earlier.get(k, 0))
            ),
            "growth_national": _round(
                ms.symmetric_growth(nat_recent.get(k, 0), nat_earlier.get(k, 0))
            ),
            "hhi": _round(ms.hhi(applicants.tolist())),
            "top_applicant": str(applicants.idxmax()) if len(applicants) else None,
            "local_enterprises": int(node_ents["entity_id"].nunique()),
            "national_enterprises": int(nat_ents.get(k, 0)),
            "tiers": dict(Counter(t for ts in node_ents["tiers"] for t in ts)),
            "local_achievements": int(node_ach["entity_id"].nunique()),
            "local_experts": int(n_exp.get(k, 0)),
            "local_institutes": int(n_inst.get(k, 0)),
            "open_demands": int(n_dem.get(k, 0)),
            "open_challenges": int(n_chl.get(k, 0)),
            "trl_bands": _trl_bands(node_ach["trl"]),
            "single_point": bool(spof.get(k)),
            "single_point_reasons": spof.get(k, []),
            **stamp,
        }
        share = m["local_patents"] / m["national_patents"] if m["national_patents"] else None
        m["share"] = _round(share)
        m["lq_enterprises"] = _round(
            ms.location_quotient(m["local_enterprises"], e_r, m["national_enterprises"], e_all)
        )
        m["growth"] = _relative_growth(m["growth_local"], m["growth_national"])
        score = weak_score(components_of(m), weights)
        rows.append(
            {
                "key": k,
                "name": node.name,
                "stage": node.stage,
                "flagship": node.flagship,
                "upstream": list(node.upstream),
                "weak_score": score.score,
                "measures": m,
                "components": score.components,
                "contributions": score.contributions,
                "left_out": score.left_out,
                "reasons": reasons(m, score.top(), score.left_out, region, year),
            }
        )
    return rows


def _by_node(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(k): g for k, g in frame.groupby("node_key")}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _relative_growth(local: float | None, national: float | None) -> float | None:
    """Local symmetric growth minus the node's national growth, halved into [−1, 1]."""
    if local is None:
        return None
    return round((local - (national or 0.0)) / 2, 4)


def _trl_bands(values: pd.Series) -> dict[str, int]:
    bands = {"1-3": 0, "4-6": 0, "7-9": 0, "unknown": 0}
    for v in values:
        if v is None or pd.isna(v):
            bands["unknown"] += 1
        else:
            bands["1-3" if v <= 3 else "4-6" if v <= 6 else "7-9"] += 1
    return bands


def reasons(
    m: Mapping[str, Any], top: list[str], left_out: list[str], region: Region, year: int | None
) -> list[str]:
    """The measures in sentences a 链长制 office can check (Chinese; figures with their date)."""
    out = []
    if top:
        out.append("主要短板因素：" + "、".join(COMPONENT_LABELS[c] for c in top))
    share = f"{m['share']:.1%}" if m["share"] is not None else "—"
    rta = (
        "—"
        if m["rta"] is None
        else f"{m['rta']:.2f}（{'高于' if m['rta'] > 1 else '低于'}全国平均）"
    )
    out.append(
        f"本地该环节专利 {m['local_patents']:g} 件（分数计数），占全国该环节 {share}；"
        f"专利专业化指数 RTA {rta}"
    )
    if year is not None:
        out.append(
            f"近 {WINDOW} 年（{year - WINDOW + 1}–{year}）{m['recent_patents']:g} 件，"
            f"此前 {WINDOW} 年 {m['earlier_patents']:g} 件"
        )
    if m["hhi"] is not None:
        out.append(f"申请人集中度 HHI {m['hhi']:.2f}，最大申请人：{m['top_applicant']}")
    else:
        out.append("无申请人数据，未计算集中度")
    tiers = "、".join(f"{t} {n}" for t, n in m["tiers"].items()) or "无梯度资质记录"
    out.append(f"本地企业 {m['local_enterprises']} 家（{tiers}）")
    out.append(
        f"本地研发供给：成果 {m['local_achievements']} 项、专家 {m['local_experts']} 人、"
        f"高校院所 {m['local_institutes']} 家"
    )
    if not m["trl_bands"].get("4-6"):
        out.append("本地无 TRL 4–6 的成果（中试环节缺口）")
    if m["open_demands"]:
        out.append(f"本地待对接需求 {m['open_demands']} 项")
    if m.get("open_challenges"):
        out.append(f"本地发布中的揭榜挂帅榜单 {m['open_challenges']} 项")
    out.extend(m["single_point_reasons"])
    if left_out:
        out.append("数据不足未计入：" + "、".join(COMPONENT_LABELS[c] for c in left_out))
    if region.level != "province":
        out.append(f"专利只有省份信息，按{region.province}全省计")
    out.append(f"数据截至 {m['data_date'] or '—'}，归属计算于 {_day(m['placed_at'])}")
    if m["stale"]:
        out.append("目录数据在归属计算后有更新，将在下次定时刷新后重算")
    return out


def _day(value: str | None) -> str:
    return dt.datetime.fromisoformat(value).date().isoformat() if value else "—"

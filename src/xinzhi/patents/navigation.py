"""One 专利导航 analysis of a selection: landscape, life cycle, bursts and networks computed with
one set of stored parameters, and every result as a table.

The Excel export (:mod:`xinzhi.patents.export`), the Word report (:mod:`xinzhi.patents.report`),
the API and the web page all go through :func:`navigate`, so they agree; the parameters
(:class:`NavigationParams`, with the filter) are stored with each output so it can be rerun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd

from xinzhi.common.finite import finite
from xinzhi.common.regions import macro_region, region_code
from xinzhi.common.results import plain
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.actors import APPLICANT_TYPES_EN, applicant_type
from xinzhi.patents.analysis import BURST_FIELDS, Lifecycle, bursts_of, lifecycle_of
from xinzhi.patents.coactors import ActorNetwork, coactor_network
from xinzhi.patents.items import list_counts
from xinzhi.patents.landscape import Landscape, landscape
from xinzhi.patents.lifecycle import SCurveResult
from xinzhi.patents.network import (
    CitationNetwork,
    CoClassification,
    citation_network,
    coclassification,
)
from xinzhi.patents.service import PatentFilter

FIELD_ZH = {
    "applicant": "申请人",
    "inventor": "发明人",
    "province": "省份",
    "ipc": "IPC 小类",
    "keyword": "标题关键词",
}


def software_version() -> str:
    try:
        return version("xinzhi")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


@dataclass(frozen=True)
class NavigationParams:
    """Every parameter of one analysis, with its filter: enough to compute it again."""

    q: str = ""
    province: str = ""
    year_from: int | None = None
    year_to: int | None = None
    top: int = 10
    censored_years: int = 1
    burst_fields: tuple[str, ...] = ("applicant", "inventor", "province", "ipc")
    s: float = 2.0
    gamma: float = 1.0
    min_total: int = 5
    min_duration: int = 1
    ipc_level: str = "subclass"
    network_column: str = "inventors"
    min_patents: int = 2
    max_nodes: int = 300
    community_method: str = "louvain"
    seed: int = 42

    @property
    def filter(self) -> PatentFilter:
        return PatentFilter(self.q, self.province, self.year_from, self.year_to)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["burst_fields"] = list(self.burst_fields)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NavigationParams:
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(f"unknown analysis parameter(s): {', '.join(unknown)}")
        values = dict(data)
        if "burst_fields" in values:
            values["burst_fields"] = tuple(values["burst_fields"])
        params = cls(**values)
        params.check()
        return params

    def check(self) -> None:
        bad = [f for f in self.burst_fields if f not in BURST_FIELDS]
        if bad:
            raise InvalidInput(f"unknown burst field(s) {', '.join(bad)}")
        if self.network_column not in ("inventors", "applicants"):
            raise InvalidInput("the network is of inventors or applicants")
        if self.top < 1:
            raise InvalidInput("top must be at least 1")


@dataclass(frozen=True)
class Navigation:
    """The results of one analysis with its parameters and when and by what it was computed."""

    params: NavigationParams
    landscape: Landscape
    lifecycle: Lifecycle | str
    bursts: dict[str, pd.DataFrame]
    coclass: CoClassification
    coinventors: ActorNetwork
    citations: CitationNetwork
    computed_at: str
    software: str
    frame_columns: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.landscape.total


def navigate(
    frame: pd.DataFrame, citations: pd.DataFrame | None, params: NavigationParams
) -> Navigation:
    """Every analysis of ``frame`` (a landscape table) with ``params``."""
    params.check()
    land = landscape(frame, citations, top=params.top)
    try:
        cycle: Lifecycle | str = lifecycle_of(frame, censored_years=params.censored_years)
    except InvalidInput as exc:
        cycle = exc.message
    bursts = {
        name: bursts_of(
            frame,
            name,
            s=params.s,
            gamma=params.gamma,
            min_total=params.min_total,
            min_duration=params.min_duration,
            top=params.top * 2,
        )
        for name in params.burst_fields
    }
    return Navigation(
        params,
        land,
        cycle,
        bursts,
        coclassification(frame, level=params.ipc_level),
        coactor_network(
            frame,
            params.network_column,
            min_patents=params.min_patents,
            max_nodes=params.max_nodes,
            method=params.community_method,
            seed=params.seed,
        ),
        citation_network(frame, citations),
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        software_version(),
        {
            "applicants": list_counts(frame["applicants"]),
            "inventors": list_counts(frame["inventors"]),
        },
    )


def _counts(series: pd.Series, name: str, top: int | None = None) -> pd.DataFrame:
    part = series if top is None else series.head(top)
    return pd.DataFrame({name: [str(k) for k in part.index], "patents": part.to_numpy()})


def _curve_row(model: str, curve: SCurveResult | str) -> dict[str, Any]:
    if isinstance(curve, str):
        return {"model": model, "note": curve}
    row: dict[str, Any] = {"model": model}
    for key, value in curve.parameters.items():
        row[key] = value
        row[f"{key}_ci_low"] = curve.ci_low[key]
        row[f"{key}_ci_high"] = curve.ci_high[key]
    row |= {
        "aic": curve.aic,
        "r_squared": curve.r_squared,
        "maturity": curve.maturity,
        "stage": curve.stage,
        "stage_zh": curve.stage_zh,
        "before_inflection": curve.before_inflection,
        "flags": "; ".join(curve.flags),
        **{f"t_{k}": v for k, v in curve.milestones.items()},
    }
    return row


def parameter_rows(nav: Navigation) -> pd.DataFrame:
    rows = [(k, "" if v is None else str(v)) for k, v in nav.params.to_dict().items()]
    rows += [("computed_at", nav.computed_at), ("software", f"xinzhi {nav.software}")]
    rows += [("patents", str(nav.total))]
    return pd.DataFrame(rows, columns=["parameter", "value"])


def tables(nav: Navigation, *, top: int | None = None) -> dict[str, pd.DataFrame]:
    """Every result as a table, by sheet name (Chinese first). ``top`` limits the long lists
    (names, pairs, network nodes); ``None`` keeps them whole (the Excel export)."""
    land = nav.landscape
    applicants = _counts(nav.frame_columns["applicants"], "applicant", top)
    applicants["type"] = applicants["applicant"].map(applicant_type)
    applicants["type_en"] = applicants["type"].map(APPLICANT_TYPES_EN)
    provinces = pd.DataFrame(
        {"province": list(land.provinces), "patents": list(land.provinces.values())}
    )
    provinces["macro_region"] = [
        macro_region(c) if (c := region_code(p)) else "" for p in provinces["province"]
    ]
    regions = land.regions.get("origins", {})
    concentration = pd.DataFrame(
        [(k, v) for k, v in land.concentration.items()], columns=["measure", "value"]
    )
    lifecycle: list[pd.DataFrame] = []
    curves = pd.DataFrame()
    if isinstance(nav.lifecycle, str):
        curves = pd.DataFrame([{"model": "—", "note": nav.lifecycle}])
    else:
        curves = pd.DataFrame([_curve_row(m, c) for m, c in nav.lifecycle.curves.items()])
        curves["best_by_aic"] = curves["model"] == nav.lifecycle.best
        lifecycle.append(nav.lifecycle.to_frame().reset_index())
    bursts = (
        pd.concat(
            [b.assign(field=name, field_zh=FIELD_ZH[name]) for name, b in nav.bursts.items()],
            ignore_index=True,
        )
        if nav.bursts
        else pd.DataFrame(columns=["term", "start", "end", "weight", "field"])
    )
    coclass = nav.coclass.pairs if top is None else nav.coclass.pairs.head(top * 3)
    communities = pd.DataFrame(
        [
            {
                "community": c.id,
                "size": c.size,
                "patents": c.patents,
                "top_members": "、".join(c.top_members),
            }
            for c in nav.coinventors.communities
        ],
        columns=["community", "size", "patents", "top_members"],
    )
    nodes = nav.coinventors.nodes if top is None else nav.coinventors.nodes.head(top * 3)
    cited = nav.citations.nodes if top is None else nav.citations.nodes.head(top)
    return {
        "参数 parameters": parameter_rows(nav),
        "年度趋势 by year": land.by_year.reset_index(),
        "申请人 applicants": applicants,
        "发明人 inventors": _counts(nav.frame_columns["inventors"], "inventor", top),
        "申请人类型 types": pd.DataFrame(
            {
                "type": list(land.applicant_types),
                "type_en": [APPLICANT_TYPES_EN[t] for t in land.applicant_types],
                "patents": list(land.applicant_types.values()),
            }
        ),
        "省份 provinces": provinces,
        "来源地 origins": pd.DataFrame(
            {"origin": list(regions), "patents": list(regions.values())}
        ),
        "IPC": nav.coclass.codes if top is None else nav.coclass.codes.head(top),
        "共分类 co-classification": coclass,
        "集中度 concentration": concentration,
        "S曲线 S-curves": curves,
        "生命周期 life cycle": lifecycle[0] if lifecycle else pd.DataFrame(),
        "技术突发 bursts": bursts,
        "合作社群 communities": communities,
        "合作网络 co-inventors": nodes,
        "引证 citations": cited,
    }


def _bar(counts: dict[str, int]) -> dict[str, list[Any]]:
    return {"labels": list(counts), "values": list(counts.values())}


def chart_data(nav: Navigation, *, max_nodes: int = 120) -> dict[str, Any]:
    """What the web page's ECharts draw (strict JSON: NaN as null)."""
    land = nav.landscape
    table = land.by_year
    data: dict[str, Any] = {
        "trend": {
            "years": [int(y) for y in table.index],
            "applications": table["applications"].tolist(),
            "publications": table["publications"].tolist(),
            "censored": nav.params.censored_years,
        },
        "applicants": _bar(land.top_applicants or land.top_inventors),
        "actor": "applicants" if land.top_applicants else "inventors",
        "provinces": _bar(dict(list(land.provinces.items())[:20])),
        "ipc": _bar(land.ipc),
        "types": _bar(land.applicant_types),
        "coclass": nav.coclass.to_echarts(max_edges=max_nodes),
        "coinventors": nav.coinventors.to_echarts(max_nodes=max_nodes),
        "citations": nav.citations.to_echarts(max_nodes=max_nodes),
        "bursts": [
            {
                "field": FIELD_ZH[name],
                "term": str(r["term"]),
                "start": int(r["start"]),
                "end": int(r["end"]),
                "weight": float(r["weight"]),
            }
            for name, frame in nav.bursts.items()
            for r in frame.head(8).to_dict("records")
        ],
    }
    if isinstance(nav.lifecycle, Lifecycle):
        chart = nav.lifecycle.chart
        data["lifecycle"] = {
            "years": chart.years,
            "applications": chart.applications.tolist(),
            "actors": chart.applicants.tolist(),
            "phase": chart.phase_zh,
            "stage": chart.stage_zh,
            "best": nav.lifecycle.best,
            "curves": {
                m: {
                    "years": c.years,
                    "cumulative": c.cumulative.tolist(),
                    "fitted": c.fitted.tolist(),
                    "K": c.parameters["K"],
                    "stage": c.stage_zh,
                    "aic": c.aic,
                }
                for m, c in nav.lifecycle.curves.items()
                if isinstance(c, SCurveResult)
            },
        }
    result: dict[str, Any] = finite(plain(data))
    return result

"""PNG charts of a 专利导航 analysis for the Word report, drawn with matplotlib's object API
(``Figure`` through Agg; no pyplot) and the CJK font of :mod:`xinzhi.common.charts`.

Charts: yearly applications and publications; the S-curve fits on the cumulative count; the
专利技术生命周期图 (applications vs applicants, years labelled, stage in the title); provinces;
IPC subclasses; bursts as bars over the years; the co-inventor network (spring layout with a
fixed seed, coloured by community).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.figure import Figure

from xinzhi.common import charts
from xinzhi.patents.analysis import Lifecycle
from xinzhi.patents.lifecycle import SCurveResult
from xinzhi.patents.navigation import FIELD_ZH, Navigation

BLUE, RED, GREEN, GREY = "#15457a", "#b5452b", "#2f7d5b", "#8a96a3"


def trend(nav: Navigation, path: Path) -> Path:
    table = nav.landscape.by_year
    fig = Figure(figsize=(7, 3.6))
    ax = fig.subplots()
    years = table.index.to_numpy()
    ax.bar(years - 0.2, table["applications"], width=0.4, color=BLUE, label="按申请年 申请量")
    ax.bar(years + 0.2, table["publications"], width=0.4, color=GREY, label="按公开年 公开量")
    censored = nav.params.censored_years
    if censored and len(years):
        ax.axvspan(years[-1] - censored + 0.5, years[-1] + 0.5, color="#f3e3c3", alpha=0.6)
    ax.set_xlabel("年份")
    ax.set_ylabel("专利数")
    ax.set_title("年度申请与公开趋势（阴影：公开滞后，数据不完整）")
    ax.legend(fontsize=8)
    return charts.save(fig, path)


def s_curves(cycle: Lifecycle, path: Path) -> Path:
    fig = Figure(figsize=(7, 3.8))
    ax = fig.subplots()
    shown = False
    for model, curve in cycle.curves.items():
        if not isinstance(curve, SCurveResult):
            continue
        if not shown:
            used = np.asarray(curve.used)
            years = np.asarray(curve.years)
            ax.scatter(years[used], curve.cumulative[used], color=BLUE, s=14, label="累计申请量")
            ax.scatter(
                years[~used], curve.cumulative[~used], color=GREY, s=14, label="未拟合（滞后）"
            )
            shown = True
        name = "Logistic" if model == "logistic" else "Gompertz"
        ax.plot(
            curve.years,
            curve.fitted,
            color=RED if model == "logistic" else GREEN,
            label=f"{name}：K={curve.parameters['K']:.0f}，{curve.stage_zh}，AIC {curve.aic:.1f}",
        )
    ax.set_xlabel("申请年")
    ax.set_ylabel("累计专利数")
    ax.set_title("技术生命周期 S 曲线拟合")
    ax.legend(fontsize=7)
    return charts.save(fig, path)


def lifecycle_chart(cycle: Lifecycle, path: Path) -> Path:
    chart = cycle.chart
    fig = Figure(figsize=(6.5, 4.5))
    ax = fig.subplots()
    ax.plot(chart.applications, chart.applicants, color=BLUE, marker="o", markersize=3)
    for year, x, y in zip(chart.years, chart.applications, chart.applicants, strict=True):
        ax.annotate(str(year), (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
    actor = "发明人" if any("inventors" in n for n in cycle.notes) else "申请人"
    ax.set_xlabel("申请量")
    ax.set_ylabel(f"{actor}数")
    ax.set_title(f"专利技术生命周期图（当前阶段：{chart.stage_zh}）")
    return charts.save(fig, path)


def bars(labels: list[str], values: list[float], title: str, path: Path, color: str) -> Path:
    fig = Figure(figsize=(7, max(2.5, 0.28 * len(labels) + 1)))
    ax = fig.subplots()
    ax.barh(labels[::-1], values[::-1], color=color)
    ax.set_title(title)
    ax.tick_params(labelsize=8)
    return charts.save(fig, path)


def bursts(nav: Navigation, path: Path) -> Path:
    rows = [
        (f"{FIELD_ZH[name]}：{r['term']}", int(r["start"]), int(r["end"]), float(r["weight"]))
        for name, frame in nav.bursts.items()
        for r in frame.head(6).to_dict("records")
    ]
    fig = Figure(figsize=(7, max(2.5, 0.3 * len(rows) + 1)))
    ax = fig.subplots()
    for i, (label, start, end, _weight) in enumerate(rows):
        ax.barh(i, end - start + 1, left=start - 0.5, color=RED, height=0.6)
        ax.text(end + 0.6, i, label, va="center", fontsize=7)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlabel("申请年")
    ax.set_title("技术突发（Kleinberg 批量两态自动机）")
    if not rows:
        ax.text(0.5, 0.5, "未检出突发", ha="center", transform=ax.transAxes)
    return charts.save(fig, path)


def network(nav: Navigation, path: Path, max_nodes: int = 80) -> Path:
    net = nav.coinventors
    nodes = net.nodes[net.nodes["degree"] > 0].head(max_nodes)
    keep = set(nodes["name"])
    edges = net.edges[net.edges["source"].isin(keep) & net.edges["target"].isin(keep)]
    graph = nx.Graph()
    graph.add_nodes_from(nodes["name"])
    graph.add_weighted_edges_from(edges.itertuples(index=False))
    fig = Figure(figsize=(7, 6))
    ax = fig.subplots()
    ax.axis("off")
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=nav.params.seed, weight="weight")
        for a, b in graph.edges():
            ax.plot(*zip(pos[a], pos[b], strict=True), color="#c9d2dc", linewidth=0.6, zorder=1)
        cmap = matplotlib.colormaps["tab10"]
        xy = np.array([pos[n] for n in nodes["name"]])
        size = 10 + 90 * np.sqrt(nodes["patents"].to_numpy() / nodes["patents"].max())
        ax.scatter(
            xy[:, 0], xy[:, 1], s=size, c=[cmap(int(c) % 10) for c in nodes["community"]], zorder=2
        )
        for name, (x, y) in zip(nodes["name"].head(15), xy[:15], strict=False):
            ax.text(x, y, str(name), fontsize=6, zorder=3)
    q = "—" if net.modularity is None else f"{net.modularity:.3f}"
    ax.set_title(f"发明人合作网络（前 {len(nodes)} 名，社群 {len(net.communities)} 个，Q = {q}）")
    return charts.save(fig, path)


def draw_charts(nav: Navigation, directory: Path) -> dict[str, Path]:
    """Every chart of ``nav`` as a PNG in ``directory``, by name."""
    directory.mkdir(parents=True, exist_ok=True)
    land = nav.landscape
    out: dict[str, Path] = {}
    with matplotlib.rc_context(charts.style()):
        out["trend"] = trend(nav, directory / "trend.png")
        if isinstance(nav.lifecycle, Lifecycle):
            out["s_curves"] = s_curves(nav.lifecycle, directory / "s_curves.png")
            out["lifecycle"] = lifecycle_chart(nav.lifecycle, directory / "lifecycle.png")
        if land.provinces:
            top = list(land.provinces.items())[:15]
            out["provinces"] = bars(
                [k for k, _ in top],
                [v for _, v in top],
                "省份分布（前 15）",
                directory / "provinces.png",
                BLUE,
            )
        if land.ipc:
            out["ipc"] = bars(
                list(land.ipc),
                list(land.ipc.values()),
                "IPC 小类分布",
                directory / "ipc.png",
                GREEN,
            )
        out["bursts"] = bursts(nav, directory / "bursts.png")
        out["network"] = network(nav, directory / "network.png")
    return out

"""Charts of a run as PNG files, drawn with matplotlib's object API (``Figure`` renders through
Agg on ``savefig``; no pyplot, so no global backend or figure state).

Chinese labels need a CJK font: Noto Sans CJK (Debian ``fonts-noto-cjk``) when installed, else
other common CJK fonts; without one the charts are still drawn (glyphs may show as boxes).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from xinzhi.common import charts
from xinzhi.common.regions import short_name
from xinzhi.indices.run import RunResult
from xinzhi.indices.tables import score_matrix


def time_series(result: RunResult, path: Path) -> Path:
    """Composite score per region over the years, one small panel per region."""
    wide = score_matrix(result)
    n = len(wide)
    cols = 6
    rows = -(-n // cols)
    fig = Figure(figsize=(2.2 * cols, 1.6 * rows))
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    flat = axes.ravel()
    for ax, (region, values) in zip(flat, wide.iterrows(), strict=False):
        ax.plot(wide.columns, values.to_numpy(), color="#15457a", linewidth=1.4)
        ax.set_title(str(region), fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in flat[n:]:
        ax.axis("off")
    fig.suptitle(f"{result.system.name}：综合得分时间序列", fontsize=10)
    return charts.save(fig, path)


def ranking(result: RunResult, path: Path) -> Path:
    """Latest-year composite score by region, sorted: a ranking in place of a map."""
    wide = score_matrix(result)
    latest = wide.columns[-1]
    values = wide[latest].sort_values()
    fig = Figure(figsize=(7, 8))
    ax = fig.subplots()
    ax.barh(list(values.index), values.to_numpy(), color="#15457a")
    ax.set_xlabel("综合得分")
    ax.set_title(f"{latest} 年各省综合得分排名")
    ax.tick_params(labelsize=8)
    return charts.save(fig, path)


def density(result: RunResult, path: Path) -> Path:
    """Gaussian kernel density of the composite score, one curve per year."""
    fig = Figure(figsize=(7, 4.5))
    ax = fig.subplots()
    cmap = matplotlib.colormaps["viridis"]
    years = sorted(result.density)
    for k, year in enumerate(years):
        d = result.density[year]
        ax.plot(
            d.grid,
            d.density,
            color=cmap(k / max(len(years) - 1, 1)),
            label=str(year),
            linewidth=1.2,
        )
    rule = result.density[years[0]].rule
    ax.set_xlabel("综合得分")
    ax.set_ylabel("密度")
    ax.set_title(f"综合得分核密度（高斯核，{rule} 带宽）")
    ax.legend(fontsize=7, ncol=2)
    return charts.save(fig, path)


def obstacles(result: RunResult, path: Path) -> Path:
    """Mean obstacle degree of each indicator in the latest year (percent)."""
    latest = max(result.years)
    names = {i.id: i.name for i in result.system.indicators}
    frame = result.obstacles[result.obstacles.index.get_level_values("year") == latest]
    mean = frame.mean().sort_values()
    fig = Figure(figsize=(7, 6))
    ax = fig.subplots()
    ax.barh([names[str(c)] for c in mean.index], mean.to_numpy(), color="#b5452b")
    ax.set_xlabel("平均障碍度（%）")
    ax.set_title(f"{latest} 年各指标平均障碍度")
    ax.tick_params(labelsize=8)
    return charts.save(fig, path)


def coupling(result: RunResult, path: Path) -> Path:
    """Coupling coordination degree D of the latest year by region."""
    latest = max(result.years)
    frame = result.coupling.to_frame()
    frame.index = result.scores.index
    part = frame[frame.index.get_level_values("year") == latest]["D"].sort_values()
    fig = Figure(figsize=(7, 8))
    ax = fig.subplots()
    ax.barh([short_name(str(c)) for c, _ in part.index], part.to_numpy(), color="#2f7d5b")
    ax.set_xlabel("耦合协调度 D")
    ax.set_title(f"{latest} 年耦合协调度")
    ax.tick_params(labelsize=8)
    return charts.save(fig, path)


CHARTS = {
    "time_series": time_series,
    "ranking": ranking,
    "density": density,
    "obstacles": obstacles,
    "coupling": coupling,
}


def draw_charts(result: RunResult, directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(charts.style()):
        return {name: draw(result, directory / f"{name}.png") for name, draw in CHARTS.items()}

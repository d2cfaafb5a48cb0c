"""A run as tables (for Excel, Word and the web) and as JSON payloads (for the database)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from xinzhi.common.regions import short_name
from xinzhi.common.results import plain
from xinzhi.indices.run import RunResult


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the province's short name beside its code."""
    out = frame.reset_index()
    out.insert(1, "region", out["code"].map(short_name))
    return out


def weights_table(result: RunResult) -> pd.DataFrame:
    rows = []
    table = result.overall.weight_table
    for dim, sub, ind in result.system.rows():
        row: dict[str, Any] = {
            "dimension": dim.name,
            "sub_dimension": sub.name,
            "indicator": ind.name,
            "id": ind.id,
        }
        row.update(unit=ind.unit, direction=ind.direction, column=ind.column or "")
        for key in table.index:
            row[f"weight_{key}"] = float(table.loc[key, ind.id])
        rows.append(row)
    return pd.DataFrame(rows)


def scores_table(result: RunResult) -> pd.DataFrame:
    coupling = result.coupling.to_frame()
    frame = result.scores.copy()
    for column in ("C", "T", "D", "level", "category", "lag"):
        if column in coupling:
            frame[column] = coupling[column].to_numpy()
    return _named(frame)


def score_matrix(result: RunResult, column: str = "score") -> pd.DataFrame:
    """Regions × years of one score column, regions named, best (latest year) first."""
    wide = result.scores[column].unstack("year")
    wide = wide.sort_values(wide.columns[-1], ascending=False)
    wide.index = [short_name(c) for c in wide.index]
    return wide


def obstacles_table(result: RunResult, top: int = 5) -> pd.DataFrame:
    """The ``top`` obstacle factors of every region-year (percent)."""
    names = {i.id: i.name for i in result.system.indicators}
    records = []
    keys: list[tuple[str, int]] = list(result.obstacles.index)
    for (code, year), values in zip(keys, result.obstacles.to_numpy(), strict=True):
        series = pd.Series(values, index=[names[str(c)] for c in result.obstacles.columns])
        for rank, (name, value) in enumerate(series.nlargest(top).items(), start=1):
            records.append(
                {
                    "code": code,
                    "region": short_name(code),
                    "year": year,
                    "rank": rank,
                    "indicator": str(name),
                    "obstacle_pct": float(value),
                }
            )
    return pd.DataFrame(records)


def dagum_table(result: RunResult) -> pd.DataFrame:
    return pd.DataFrame({year: d.summary() for year, d in result.dagum.items()}).T


def moran_table(result: RunResult) -> pd.DataFrame:
    keys = ("I", "expected", "z_normal", "p_normal", "p_sim", "permutations")
    return pd.DataFrame({y: {k: getattr(m, k) for k in keys} for y, m in result.moran.items()}).T


def reference_table(result: RunResult) -> pd.DataFrame:
    if not result.reference:
        return pd.DataFrame()
    return pd.DataFrame(result.reference["by_year"]).T


def summary_payload(result: RunResult) -> dict[str, Any]:
    latest = max(result.years)
    frame = result.scores
    top = frame[frame.index.get_level_values("year") == latest].sort_values(by="rank").head(10)
    codes = [str(c) for c in top.index.get_level_values("code")]
    return {
        "years": result.years,
        "regions": len(result.panel.codes),
        "indicators": len(result.system.indicators),
        "latest_year": latest,
        "top10": [
            {"code": c, "region": short_name(c), "score": float(s)}
            for c, s in zip(codes, top["score"], strict=True)
        ],
        "filled": result.filled,
        "spearman": result.reference,
        "seconds": result.seconds,
        "dagum": plain(dagum_table(result).to_dict(orient="index")),
    }


def results_payload(result: RunResult) -> dict[str, Any]:
    density = {
        str(y): {"x": d.grid.tolist(), "y": d.density.tolist(), "h": d.bandwidth}
        for y, d in result.density.items()
    }
    return {
        "weights": plain(weights_table(result).to_dict(orient="records")),
        "scores": plain(scores_table(result).to_dict(orient="records")),
        "dimension_obstacles": plain(_named(result.dimension_obstacles).to_dict(orient="records")),
        "obstacles_top": plain(obstacles_table(result, 3).to_dict(orient="records")),
        "moran": plain(moran_table(result).to_dict(orient="index")),
        "density": density,
    }


def dimension_table(result: RunResult) -> pd.DataFrame:
    """Obstacle degree summed by top-level dimension, per region-year (percent)."""
    return _named(result.dimension_obstacles)

"""The run as an Excel workbook: parameters first, then weights, scores, rankings, coupling,
obstacles, inequality, spatial autocorrelation and the outside comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from xinzhi.common import office
from xinzhi.indices import tables
from xinzhi.indices.run import RunResult


def parameters(result: RunResult) -> pd.DataFrame:
    rows = [
        ("system", f"{result.system.name} ({result.system.id} v{result.system.version})"),
        ("system_verified", str(result.system.verified)),
        ("panel", result.panel.source),
        ("panel_sha256", result.panel.sha256),
        ("regions", str(len(result.panel.codes))),
        ("years", f"{min(result.years)}–{max(result.years)}"),
        ("filled_cells", json.dumps(result.filled, ensure_ascii=False)),
    ]
    rows += [(k, json.dumps(v, ensure_ascii=False)) for k, v in result.options.to_dict().items()]
    return pd.DataFrame(rows, columns=["parameter", "value"])


def sheets(result: RunResult) -> dict[str, pd.DataFrame]:
    return {
        "参数 parameters": parameters(result),
        "权重 weights": tables.weights_table(result),
        "得分 scores": tables.scores_table(result),
        "综合得分 matrix": tables.score_matrix(result).reset_index(names="region"),
        "排名 ranks": tables.score_matrix(result, "rank").reset_index(names="region"),
        "维度障碍度 dimensions": tables.dimension_table(result),
        "障碍因子 obstacles": tables.obstacles_table(result),
        "Dagum": tables.dagum_table(result).reset_index(names="year"),
        "Moran": tables.moran_table(result).reset_index(names="year"),
        "Spearman": tables.reference_table(result).reset_index(names="year"),
    }


def write_workbook(result: RunResult, path: Path) -> Path:
    return office.write_workbook(sheets(result), path)

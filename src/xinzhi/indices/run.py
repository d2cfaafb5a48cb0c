"""A full evaluation run over a province × year panel: weights, scores, rankings, coupling
coordination between the system's top-level dimensions, obstacle factors, regional inequality
(Dagum), distribution dynamics (kernel density) and spatial autocorrelation (Moran's I).

Every choice that can change a ranking is a field of :class:`RunOptions` and is stored with the
run (DOMAIN.md §4: "make the choice a parameter and record it with every result").
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.regions import macro_region
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import choice
from xinzhi.indices.adjacency import contiguity
from xinzhi.indices.coupling import CouplingResult, coupling_coordination
from xinzhi.indices.dagum import DagumResult, dagum_gini
from xinzhi.indices.kde import DensityResult, kernel_density
from xinzhi.indices.moran import MoranResult, morans_i
from xinzhi.indices.obstacle import obstacle_kernel
from xinzhi.indices.panel import Panel
from xinzhi.indices.systems import IndexSystem
from xinzhi.indices.topsis_method import topsis
from xinzhi.indices.weights import WEIGHTING, Weights

MODES = ("global", "per_year")
SCORINGS = ("weighted_sum", "topsis")
FILLS = ("fail", "interpolate")


@dataclass(frozen=True)
class RunOptions:
    """Every parameter of a run; defaults follow the most common practice in the literature."""

    weighting: str = "entropy"
    zero: str = "shift"
    shift: float = 1e-4
    bounds: tuple[float, float] = (0.002, 0.996)
    mode: str = "global"
    scoring: str = "weighted_sum"
    topsis_variant: str = "weighted_distance"
    coupling_form: str = "standard"
    scheme: str = "10"
    coupling_weights: tuple[float, ...] | None = None
    fill: str = "fail"
    kde_rule: str = "silverman"
    permutations: int = 999
    seed: int = 12345

    def check(self) -> None:
        choice(self.weighting, tuple(WEIGHTING), "weighting method")
        choice(self.mode, MODES, "weighting mode")
        choice(self.scoring, SCORINGS, "scoring method")
        choice(self.fill, FILLS, "missing-value handling")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evaluation:
    """Weights, min-max data and scores of one set of indicators."""

    weights: dict[str, Weights]
    minmax: pd.DataFrame
    weight_table: pd.DataFrame
    scores: pd.Series


@dataclass
class RunResult:
    system: IndexSystem
    panel: Panel
    options: RunOptions
    data: pd.DataFrame
    overall: Evaluation
    subsystems: dict[str, Evaluation]
    scores: pd.DataFrame
    coupling: CouplingResult
    obstacles: pd.DataFrame
    dimension_obstacles: pd.DataFrame
    dagum: dict[int, DagumResult]
    density: dict[int, DensityResult]
    moran: dict[int, MoranResult]
    filled: list[dict[str, Any]] = field(default_factory=list)
    reference: dict[str, Any] | None = None
    seconds: float = 0.0

    @property
    def years(self) -> list[int]:
        return sorted({int(y) for y in self.scores.index.get_level_values("year")})


def indicator_data(
    system: IndexSystem, panel: Panel, fill: str
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The panel columns feeding ``system`` (renamed to indicator ids), with missing values
    refused or interpolated within each region over years (and listed)."""
    system.require_runnable()
    columns = {i.column: i.id for i in system.indicators if i.column}
    missing = [c for c in columns if c not in panel.data.columns]
    if missing:
        raise InvalidInput(
            f"the panel lacks {len(missing)} column(s) the system needs: {', '.join(missing)}"
        )
    data = panel.data[list(columns)].rename(columns=columns)
    holes = missing_cells(data)
    if holes and fill == "fail":
        first = holes[0]
        raise InvalidInput(
            f"{len(holes)} missing value(s), first {first['code']} {first['year']} "
            f"{first['indicator']}; fill them in the file or run with fill='interpolate' "
            "(--fill interpolate)",
            details=holes[:20],
        )
    if holes:
        data = data.groupby(level="code", group_keys=False).apply(_interpolate)
    return data, holes


def missing_cells(data: pd.DataFrame) -> list[dict[str, Any]]:
    """Every empty (region, year, indicator) cell, in panel order."""
    rows, cols = np.nonzero(data.isna().to_numpy())
    keys: list[tuple[str, int]] = list(data.index)
    names = [str(c) for c in data.columns]
    return [
        {"code": keys[i][0], "year": int(keys[i][1]), "indicator": names[j]}
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    ]


def _interpolate(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.interpolate(method="linear", limit_direction="both")


def _weigh(frame: pd.DataFrame, directions: list[str], options: RunOptions) -> Weights:
    method = WEIGHTING[options.weighting]
    if options.weighting == "entropy":
        return method(
            frame, directions, zero=options.zero, shift=options.shift, bounds=options.bounds
        )
    return method(frame, directions)


def _score(
    frame: pd.DataFrame, weights: Weights, directions: list[str], options: RunOptions
) -> np.ndarray:
    if options.scoring == "topsis":
        return topsis(frame, weights.weights, directions, variant=options.topsis_variant).closeness
    return weights.scores()


def evaluate(frame: pd.DataFrame, directions: list[str], options: RunOptions) -> Evaluation:
    """Weights and scores, pooled over all region-years (global) or year by year."""
    parts = {"all": frame} if options.mode == "global" else dict(iter(frame.groupby(level="year")))
    weights: dict[str, Weights] = {}
    minmax, scores = [], []
    for key, part in parts.items():
        w = _weigh(part, directions, options)
        weights[str(key)] = w
        minmax.append(pd.DataFrame(w.normalised.minmax, index=part.index, columns=frame.columns))
        scores.append(pd.Series(_score(part, w, directions, options), index=part.index))
    table = pd.DataFrame({k: w.weights for k, w in weights.items()}, index=frame.columns).T
    return Evaluation(
        weights, pd.concat(minmax).sort_index(), table, pd.concat(scores).sort_index()
    )


def _ranks(scores: pd.Series) -> pd.Series:
    return scores.groupby(level="year").rank(ascending=False, method="min").astype(int)


def _obstacles(evaluation: Evaluation, mode: str) -> pd.DataFrame:
    r = evaluation.minmax
    if mode == "global":
        w = np.broadcast_to(evaluation.weight_table.iloc[0].to_numpy(), r.shape)
    else:
        years = r.index.get_level_values("year").astype(str)
        w = evaluation.weight_table.loc[years].to_numpy()
    rows = [obstacle_kernel(r.to_numpy()[i : i + 1], w[i])[1][0] for i in range(len(r))]
    return pd.DataFrame(rows, index=r.index, columns=r.columns)


def _by_year(
    scores: pd.Series, options: RunOptions
) -> tuple[dict[int, DagumResult], dict[int, DensityResult], dict[int, MoranResult]]:
    dagum, density, moran = {}, {}, {}
    low, high = float(scores.min()), float(scores.max())
    pad = 0.1 * (high - low)
    grid = np.linspace(low - pad, high + pad, 200)
    years = scores.index.get_level_values("year")
    for year in sorted({int(y) for y in years}):
        part = scores[years == year]
        codes = [str(c) for c in part.index.get_level_values("code")]
        values = part.to_numpy()
        dagum[year] = dagum_gini(values, [macro_region(c) for c in codes])
        density[year] = kernel_density(values, rule=options.kde_rule, grid=grid)
        moran[year] = morans_i(values, contiguity(codes), options.permutations, seed=options.seed)
    return dagum, density, moran


def run_index(system: IndexSystem, panel: Panel, options: RunOptions | None = None) -> RunResult:
    """Compute everything for every region-year of ``panel`` under ``system``."""
    options = options or RunOptions()
    options.check()
    started = time.perf_counter()
    data, filled = indicator_data(system, panel, options.fill)
    directions = {i.id: i.direction for i in system.indicators}
    overall = evaluate(data, [directions[c] for c in data.columns], options)
    subsystems = {}
    for dim in system.dimensions:
        ids = [i.id for i in dim.indicators]
        subsystems[dim.name] = evaluate(data[ids], [directions[c] for c in ids], options)
    scores = pd.DataFrame({"score": overall.scores, "rank": _ranks(overall.scores)})
    for name, ev in subsystems.items():
        scores[name] = ev.scores
    coupling = coupling_coordination(
        scores[list(subsystems)].clip(0, 1),
        options.coupling_weights,
        form=options.coupling_form,
        scheme=options.scheme,
    )
    obstacles = _obstacles(overall, options.mode)
    groups = {i.id: d.name for d, _s, i in system.rows()}
    dimension = obstacles.T.groupby(lambda c: groups[c], sort=False).sum().T
    dagum, density, moran = _by_year(overall.scores, options)
    return RunResult(
        system,
        panel,
        options,
        data,
        overall,
        subsystems,
        scores,
        coupling,
        obstacles,
        dimension,
        dagum,
        density,
        moran,
        filled,
        seconds=time.perf_counter() - started,
    )

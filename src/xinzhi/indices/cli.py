"""``xinzhi indices``: list index systems, run an evaluation with reports, list stored runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx

ZERO = ("shift", "limit", "rescale", "clip")


@click.group()
def indices() -> None:
    """评价指数 Evaluation indices: 熵权-TOPSIS, 耦合协调度, 障碍度, Dagum, 核密度, Moran's I."""


@indices.command("systems")
@json_option
def systems_cmd(as_json: bool) -> None:
    """List the index systems shipped with xinzhi (YAML in xinzhi/indices/systems)."""
    from xinzhi.indices.systems import shipped_systems

    data = [
        {
            "id": s.id,
            "name": s.name,
            "indicators": len(s.indicators),
            "verified": s.verified,
            "runnable": s.runnable,
        }
        for s in shipped_systems()
    ]
    emit(
        data,
        as_json,
        lambda rows: "\n".join(
            f"{r['id']:<20} {r['indicators']:>3} indicators  "
            f"{'verified' if r['verified'] else 'UNVERIFIED'}  "
            f"{'runnable' if r['runnable'] else 'structure only'}  {r['name']}"
            for r in rows
        ),
    )


def _options(params: dict[str, Any]) -> Any:
    from xinzhi.indices.run import RunOptions

    bounds = tuple(params["bounds"])
    weights = tuple(params["coupling_weights"]) if params["coupling_weights"] else None
    return RunOptions(
        weighting=params["weighting"],
        zero=params["zero"],
        shift=params["shift"],
        bounds=bounds,
        mode=params["mode"],
        scoring=params["scoring"],
        topsis_variant=params["topsis_variant"],
        coupling_form=params["form"],
        scheme=params["scheme"],
        coupling_weights=weights,
        fill=params["fill"],
        kde_rule=params["kde_rule"],
        permutations=params["permutations"],
        seed=params["seed"],
    )


@indices.command("run")
@click.argument("system")
@click.option(
    "--panel",
    "panel_path",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Province × year panel (CSV/xlsx, wide or long).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the workbook, report and charts.",
)
@click.option(
    "--weighting",
    type=click.Choice(["entropy", "critic", "std"]),
    default="entropy",
    show_default=True,
)
@click.option(
    "--zero",
    type=click.Choice(ZERO),
    default="shift",
    show_default=True,
    help="Zero handling before ln (DOMAIN.md §4.1).",
)
@click.option("--shift", type=float, default=1e-4, show_default=True)
@click.option(
    "--bounds",
    type=(float, float),
    default=(0.002, 0.996),
    show_default=True,
    help="[a, b] of --zero rescale.",
)
@click.option(
    "--mode",
    type=click.Choice(["global", "per_year"]),
    default="global",
    show_default=True,
    help="global = 全局熵值法 (pooled region-years).",
)
@click.option(
    "--scoring",
    type=click.Choice(["weighted_sum", "topsis"]),
    default="weighted_sum",
    show_default=True,
)
@click.option(
    "--topsis-variant",
    type=click.Choice(["vector", "weighted_distance", "minmax_weighted"]),
    default="weighted_distance",
    show_default=True,
)
@click.option(
    "--form",
    type=click.Choice(["standard", "adjusted"]),
    default="standard",
    show_default=True,
    help="Coupling degree form.",
)
@click.option(
    "--scheme",
    type=click.Choice(["10", "6", "5"]),
    default="10",
    show_default=True,
    help="Classification of D.",
)
@click.option(
    "--coupling-weights",
    type=float,
    multiple=True,
    help="Coordination weights α, one per dimension (repeat).",
)
@click.option(
    "--fill",
    type=click.Choice(["fail", "interpolate"]),
    default="fail",
    show_default=True,
    help="Missing values: refuse, or interpolate within region.",
)
@click.option(
    "--kde-rule",
    type=click.Choice(["silverman", "scott", "scipy_silverman"]),
    default="silverman",
    show_default=True,
)
@click.option("--permutations", type=int, default=999, show_default=True)
@click.option("--seed", type=int, default=12345, show_default=True)
@click.option(
    "--reference",
    "reference_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Published index (REGION CODE, YEAR, NQPF) for a Spearman comparison.",
)
@click.option("--no-store", is_flag=True, help="Do not record the run in the database.")
@json_option
@pass_ctx
def run_cmd(
    ctx: CliContext,
    system: str,
    panel_path: Path,
    out_dir: Path,
    reference_path: Path | None,
    no_store: bool,
    as_json: bool,
    **params: Any,
) -> None:
    """Compute weights, scores, ranks, coupling coordination and obstacles for SYSTEM (a shipped
    id or a YAML path) on every region-year of the panel; write Excel, Word and PNG charts."""
    from xinzhi.indices import reference, service
    from xinzhi.indices.panel import read_panel
    from xinzhi.indices.report import write_all
    from xinzhi.indices.run import run_index
    from xinzhi.indices.systems import load_system

    started = time.perf_counter()
    result = run_index(load_system(system), read_panel(panel_path), _options(params))
    if reference_path is not None:
        published = reference.read_reference(reference_path)
        result.reference = reference.spearman_by_year(result.scores["score"], published)
    files = write_all(result, out_dir)
    run_id = None
    if not no_store:
        with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
            run_id = service.save_run(
                session, result, out_dir=str(out_dir.resolve()), actor=ctx.principal.actor
            ).id
    summary = {
        "run_id": run_id,
        "system": result.system.id,
        "regions": len(result.panel.codes),
        "years": [min(result.years), max(result.years)],
        "filled": result.filled,
        "compute_seconds": round(result.seconds, 3),
        "total_seconds": round(time.perf_counter() - started, 3),
        "spearman": result.reference["pooled"] if result.reference else None,
        "files": {k: str(v) for k, v in files.items()},
    }
    emit(summary, as_json, lambda s: _human(s, result))


def _human(summary: dict[str, Any], result: Any) -> str:
    latest = max(result.years)
    top = (
        result.scores[result.scores.index.get_level_values("year") == latest]
        .sort_values("rank")
        .head(5)
    )
    from xinzhi.common.regions import short_name

    lines = [
        f"{result.system.name}: {summary['regions']} regions × {len(result.years)} years, "
        f"{summary['compute_seconds']} s compute, {summary['total_seconds']} s with reports",
        f"{latest} top 5: "
        + ", ".join(f"{short_name(c)} {s:.3f}" for (c, _y), s in top["score"].items()),
    ]
    if summary["filled"]:
        lines.append(f"interpolated cells: {len(summary['filled'])}")
    if result.reference:
        by_year = result.reference["by_year"]
        rhos = ", ".join(f"{y} {v['rho']:.2f}" for y, v in by_year.items())
        lines.append(
            f"Spearman vs published NQPF index: pooled ρ = {summary['spearman']['rho']:.3f}; "
            f"by year: {rhos}"
        )
    if summary["run_id"]:
        lines.append(f"stored as run {summary['run_id']}")
    lines += [f"{k}: {v}" for k, v in summary["files"].items() if not k.startswith("chart_")]
    return "\n".join(lines)


@indices.command("runs")
@click.option("--limit", type=int, default=20, show_default=True)
@json_option
@pass_ctx
def runs_cmd(ctx: CliContext, limit: int, as_json: bool) -> None:
    """List stored evaluation runs, newest first."""
    from xinzhi.indices import service

    with ctx.migrated_db().read() as session:
        data = [service.run_brief(r) for r in service.list_runs(session, limit)]
    emit(
        data,
        as_json,
        lambda rows: (
            "\n".join(
                f"#{r['id']:<4} {r['created_at'][:19]}  {r['system_id']:<18} {r['panel_name']}  "
                f"{r['params']['weighting']}/{r['params']['zero']}/{r['params']['mode']}"
                for r in rows
            )
            or "no runs yet"
        ),
    )

"""``xinzhi patents``: the catalog's list/get/create/update/delete plus landscape, life cycle,
bursts and networks over the imported patents, filtered by keyword query, province and
application years; ``export`` (Excel) and ``report`` (Word, GB/T 39551) of a full analysis.
The ``network`` command is in :mod:`xinzhi.patents.network_cli`, shared options in
:mod:`xinzhi.patents.cli_common`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xinzhi.catalog.cli import patents as crud
from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.common.finite import finite
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.cli_common import F, filter_options, load_frame
from xinzhi.patents.network_cli import network


@click.group()
def patents() -> None:
    """专利 Patents: records (list/get/create/update/delete) and 专利导航 analytics."""


for _name, _command in crud.commands.items():
    patents.add_command(_command, _name)
patents.add_command(__import__("xinzhi.patents.watch.cli", fromlist=["_"]).watch)
patents.add_command(__import__("xinzhi.patents.aliases_cli", fromlist=["_"]).aliases)
patents.add_command(network)


@patents.command("landscape")
@filter_options
@click.option("--top", default=10, show_default=True, help="Rows in each top list.")
@json_option
@pass_ctx
def landscape_cmd(ctx: CliContext, top: int, as_json: bool, **filters: Any) -> None:
    """Yearly trend, top applicants/inventors, provinces, IPC, HHI and in-corpus citations."""
    from xinzhi.patents.landscape import landscape

    flt, frame, citations = load_frame(ctx, **filters)
    result = landscape(frame, citations, top=top).to_dict()
    emit(finite({"filter": flt.describe(), **result}), as_json, _human_landscape)


def _human_landscape(data: dict[str, Any]) -> str:
    table = data["by_year"]
    lines = [f"专利 patents: {data['total']}  filter: {data['filter'] or 'none'}"]
    lines.append("year  applications  publications")
    lines += [
        f"{y}  {a:>12}  {p:>12}" for y, (a, p) in zip(table["index"], table["data"], strict=True)
    ]
    for key in ("top_applicants", "top_inventors", "provinces", "ipc"):
        items = "，".join(f"{k} {v}" for k, v in list(data[key].items())[:10])
        lines.append(f"{key}: {items or '—'}")
    lines.append(f"HHI: {data['concentration']}")
    lines.append(f"citations within the corpus: {data['citations']}")
    lines += [f"caveat: {c}" for c in data["caveats"]]
    return "\n".join(lines)


@patents.command("lifecycle")
@filter_options
@click.option("--censored-years", default=1, show_default=True, help="Last years not fitted.")
@json_option
@pass_ctx
def lifecycle_cmd(ctx: CliContext, censored_years: int, as_json: bool, **filters: Any) -> None:
    """S-curves (logistic, Gompertz), 专利技术生命周期图 stage and the patent index method."""
    from xinzhi.patents.analysis import lifecycle_of

    flt, frame, _ = load_frame(ctx, **filters)
    result = lifecycle_of(frame, censored_years=censored_years).to_dict()
    emit(finite({"filter": flt.describe(), **result}), as_json, _human_lifecycle)


def _human_lifecycle(data: dict[str, Any]) -> str:
    lines = [f"filter: {data['filter'] or 'none'}"]
    for model, curve in data["curves"].items():
        if isinstance(curve, str):
            lines.append(f"{model}: not fitted ({curve})")
            continue
        params = ", ".join(f"{k}={v:.4g}" for k, v in curve["parameters"].items())
        lines.append(
            f"{model}: {params}; AIC {curve['aic']:.2f}; R² {curve['r_squared']:.4f}; "
            f"y/K {curve['maturity']:.1%} → {curve['stage_zh']} {curve['stage']}"
        )
        lines += [f"  flag: {f}" for f in curve["flags"]]
    lines.append(f"best by AIC: {data['best']}")
    lines.append(f"生命周期图 stage: {data['chart']['stage_zh']} ({data['chart']['stage']})")
    lines += [f"note: {n}" for n in data["notes"]]
    return "\n".join(lines)


@patents.command("bursts")
@filter_options
@click.option(
    "--field",
    "field_name",
    type=click.Choice(["applicant", "inventor", "province", "ipc", "keyword"]),
    default="applicant",
    show_default=True,
)
@click.option("--s", "s", default=2.0, show_default=True, help="Kleinberg's s: p₁ = s·p₀.")
@click.option("--gamma", default=1.0, show_default=True, help="Kleinberg's γ: cost γ·ln n up.")
@click.option("--min-total", default=5, show_default=True, help="Skip rarer terms.")
@click.option("--min-duration", default=1, show_default=True, help="Hide shorter bursts (years).")
@click.option("--top", default=20, show_default=True)
@json_option
@pass_ctx
def bursts_cmd(
    ctx: CliContext,
    field_name: str,
    s: float,
    gamma: float,
    min_total: int,
    min_duration: int,
    top: int,
    as_json: bool,
    **filters: Any,
) -> None:
    """Kleinberg two-state bursts per application year of applicants, inventors, provinces, IPC."""
    from xinzhi.patents.analysis import bursts_of

    flt, frame, _ = load_frame(ctx, **filters)
    found = bursts_of(
        frame,
        field_name,
        s=s,
        gamma=gamma,
        min_total=min_total,
        min_duration=min_duration,
        top=top,
    )
    data = {
        "filter": flt.describe(),
        "field": field_name,
        "s": s,
        "gamma": gamma,
        "min_duration": min_duration,
        "bursts": [
            {
                "term": str(r["term"]),
                "start": int(r["start"]),
                "end": int(r["end"]),
                "weight": r["weight"],
            }
            for r in found.to_dict("records")
        ],
    }
    emit(data, as_json, _human_bursts)


def _human_bursts(data: dict[str, Any]) -> str:
    lines = [f"{data['field']} bursts (s={data['s']}, γ={data['gamma']}):"]
    lines += [
        f"  {b['term']}  {b['start']}–{b['end']}  weight {b['weight']:.2f}" for b in data["bursts"]
    ]
    return "\n".join(lines) if data["bursts"] else lines[0] + " none"


def _navigation(ctx: CliContext, params: Any) -> Any:
    from xinzhi.patents.navigation import navigate

    flt, frame, citations = load_frame(
        ctx, params.q, params.province, params.year_from, params.year_to, limited=False
    )
    if frame.empty:
        raise InvalidInput(f"no patent matches {flt.describe() or 'the catalog'}")
    return navigate(frame, citations, params)


def analysis_options(fn: F) -> F:
    """The parameters of a full 专利导航 analysis (export, report)."""
    options = [
        click.argument("query", required=False, default=""),
        click.option("--province", default="", help="Province as stored, e.g. 江苏."),
        click.option("--from", "year_from", type=int, help="First application year."),
        click.option("--to", "year_to", type=int, help="Last application year."),
        click.option("--top", default=10, show_default=True, help="Rows in each top list."),
        click.option("--censored-years", default=1, show_default=True),
        click.option("--seed", default=42, show_default=True, help="Louvain's random seed."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _params(query: str, **values: Any) -> Any:
    from xinzhi.patents.navigation import NavigationParams

    return NavigationParams(q=query, **values)


@patents.command("export")
@analysis_options
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The .xlsx file to write.",
)
@pass_ctx
def export_cmd(ctx: CliContext, query: str, out: Path, **values: Any) -> None:
    """Every landscape table of QUERY (Chinese full text; empty = all) as Excel sheets."""
    from xinzhi.patents.export import write_workbook

    nav = _navigation(ctx, _params(query, **values))
    write_workbook(nav, out)
    click.echo(f"已写入 written: {out} ({nav.total} patents)")


@patents.command("report")
@analysis_options
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The .docx file to write.",
)
@click.option(
    "--rerun",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Recompute a report from the parameters stored in this .docx.",
)
@pass_ctx
def report_cmd(ctx: CliContext, query: str, out: Path, rerun: Path | None, **values: Any) -> None:
    """专利导航 Word report of QUERY in the order of GB/T 39551, reproducible (--rerun)."""
    from xinzhi.patents.report import stored_params, write_report

    params = stored_params(rerun) if rerun else _params(query, **values)
    nav = _navigation(ctx, params)
    write_report(nav, out)
    click.echo(f"已写入 written: {out} ({nav.total} patents)")

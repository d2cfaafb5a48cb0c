"""``xinzhi patents``: the catalog's list/get/create/update/delete plus landscape, life cycle,
bursts and networks over the imported patents, filtered by keyword query, province and
application years; ``export`` (Excel) and ``report`` (Word, GB/T 39551) of a full analysis."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from xinzhi.catalog.cli import patents as crud
from xinzhi.cli.common import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import InvalidInput

F = TypeVar("F", bound=Callable[..., Any])


def finite(value: Any) -> Any:
    """NaN and ±inf as ``None`` so that ``--json`` output is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


@click.group()
def patents() -> None:
    """专利 Patents: records (list/get/create/update/delete) and 专利导航 analytics."""


for _name, _command in crud.commands.items():
    patents.add_command(_command, _name)
patents.add_command(__import__("xinzhi.patents.watch.cli", fromlist=["_"]).watch)
patents.add_command(__import__("xinzhi.patents.aliases_cli", fromlist=["_"]).aliases)


def filter_options(fn: F) -> F:
    """--q, --province, --from, --to: which patents the analysis covers."""
    options = [
        click.option("--q", default="", help="Chinese full-text query (e.g. 光伏)."),
        click.option("--province", default="", help="Province as stored, e.g. 江苏."),
        click.option("--from", "year_from", type=int, help="First application year."),
        click.option("--to", "year_to", type=int, help="Last application year."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _frame(
    ctx: CliContext,
    q: str,
    province: str,
    year_from: int | None,
    year_to: int | None,
    *,
    limited: bool = True,
) -> Any:
    """The filtered landscape table and its citations; ``limited`` applies the query time limit
    (not for export and report, which are batch outputs)."""
    from xinzhi.patents.service import PatentFilter, citation_frame, patent_frame

    flt = PatentFilter(q, province, year_from, year_to)
    with ctx.migrated_db().read(limited=limited) as session:
        frame = patent_frame(session, ctx.principal, flt)
        citations = citation_frame(session, ctx.principal, flt)
    return flt, frame, citations


@patents.command("landscape")
@filter_options
@click.option("--top", default=10, show_default=True, help="Rows in each top list.")
@json_option
@pass_ctx
def landscape_cmd(ctx: CliContext, top: int, as_json: bool, **filters: Any) -> None:
    """Yearly trend, top applicants/inventors, provinces, IPC, HHI and in-corpus citations."""
    from xinzhi.patents.landscape import landscape

    flt, frame, citations = _frame(ctx, **filters)
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

    flt, frame, _ = _frame(ctx, **filters)
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

    flt, frame, _ = _frame(ctx, **filters)
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

    flt, frame, citations = _frame(
        ctx, params.q, params.province, params.year_from, params.year_to, limited=False
    )
    if frame.empty:
        raise InvalidInput(f"no patent matches {flt.describe() or 'the catalog'}")
    return navigate(frame, citations, params)


@patents.command("network")
@click.argument("kind", type=click.Choice(["coinventor", "coapplicant", "coclass", "citation"]))
@filter_options
@click.option(
    "--level",
    type=click.Choice(["subclass", "group", "full"]),
    default="subclass",
    show_default=True,
    help="coclass: IPC level.",
)
@click.option("--scheme", type=click.Choice(["ipc", "cpc"]), default="ipc", show_default=True)
@click.option("--min-count", default=1, show_default=True, help="coclass: rarer pairs hidden.")
@click.option("--min-patents", default=2, show_default=True, help="Names with fewer are left out.")
@click.option("--max-nodes", default=300, show_default=True, help="Most prolific names kept.")
@click.option(
    "--method",
    type=click.Choice(["louvain", "greedy"]),
    default="louvain",
    show_default=True,
    help="Community detection.",
)
@click.option("--seed", default=42, show_default=True, help="Louvain's random seed.")
@click.option("--top", default=20, show_default=True)
@json_option
@pass_ctx
def network_cmd(
    ctx: CliContext,
    kind: str,
    level: str,
    scheme: str,
    min_count: int,
    min_patents: int,
    max_nodes: int,
    method: str,
    seed: int,
    top: int,
    as_json: bool,
    **filters: Any,
) -> None:
    """Networks: co-inventors / co-applicants with communities, co-classification, citations."""
    from xinzhi.patents.coactors import coactor_network
    from xinzhi.patents.network import citation_network, coclassification

    flt, frame, citations = _frame(ctx, **filters)
    data: dict[str, Any] = {"filter": flt.describe(), "kind": kind}
    if kind == "coclass":
        co = coclassification(frame, scheme=scheme, level=level, min_count=min_count)
        data |= {
            "level": level,
            "scheme": scheme,
            "patents_with_codes": co.patents_with_codes,
            "patents_with_pairs": co.patents_with_pairs,
            "pairs": co.pairs.head(top).to_dict("records"),
            "notes": co.notes,
        }
    elif kind == "citation":
        cn = citation_network(frame, citations)
        data |= {
            "links": cn.links,
            "citing_patents": cn.citing_patents,
            "cited_patents": cn.cited_patents,
            "components": cn.components,
            "largest_component": cn.largest_component,
            "most_cited": cn.nodes.head(top).drop(columns=["id"]).to_dict("records"),
            "notes": cn.notes,
        }
    else:
        column = "inventors" if kind == "coinventor" else "applicants"
        net = coactor_network(
            frame, column, min_patents=min_patents, max_nodes=max_nodes, method=method, seed=seed
        )
        data |= {
            "actors_total": net.actors_total,
            "links_total": net.links_total,
            "nodes": len(net.nodes),
            "edges": len(net.edges),
            "method": method,
            "seed": seed,
            "modularity": net.modularity,
            "components": net.components,
            "largest_component": net.largest_component,
            "communities": [vars(c) for c in net.communities[:top]],
            "notes": net.notes,
        }
    emit(finite(_plain(data)), as_json, _human_network)


def _plain(value: Any) -> Any:
    from xinzhi.indices.result import plain

    return plain(value)


def _human_network(data: dict[str, Any]) -> str:
    lines = [f"{data['kind']} network  filter: {data['filter'] or 'none'}"]
    if data["kind"] == "coclass":
        lines.append(
            f"{data['patents_with_codes']} patents with codes, {data['patents_with_pairs']} with "
            f"two or more ({data['scheme']} {data['level']})"
        )
        lines += [
            f"  {p['a']} – {p['b']}  {p['count']}  AS {p['association_strength']:.2f}  "
            f"cosine {p['cosine']:.3f}"
            for p in data["pairs"]
        ]
    elif data["kind"] == "citation":
        lines.append(
            f"links {data['links']}, citing {data['citing_patents']}, cited "
            f"{data['cited_patents']}, components {data['components']} "
            f"(largest {data['largest_component']})"
        )
        lines += [
            f"  {n['pub_no']}  cited {n['forward']}  {n['title']}" for n in data["most_cited"]
        ]
    else:
        q = data["modularity"]
        lines.append(
            f"{data['actors_total']} names, {data['links_total']} links; {data['nodes']} nodes "
            f"kept, {len(data['communities'])} communities shown, modularity "
            f"{'—' if q is None else f'{q:.3f}'} ({data['method']}, seed {data['seed']})"
        )
        lines += [
            f"  #{c['id']}  {c['size']} members, {c['patents']} patents: "
            f"{'、'.join(c['top_members'])}"
            for c in data["communities"]
        ]
    lines += [f"note: {n}" for n in data["notes"]]
    return "\n".join(lines)


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

"""``xinzhi patents network``: co-inventor / co-applicant networks with communities,
co-classification and citation networks of the filtered patents, as text or JSON."""

from __future__ import annotations

from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.common.finite import finite
from xinzhi.patents.cli_common import filter_options, load_frame


@click.command("network")
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
def network(
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

    flt, frame, citations = load_frame(ctx, **filters)
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
    from xinzhi.common.results import plain

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

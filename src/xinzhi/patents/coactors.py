"""Co-inventor (or co-applicant) networks with their communities (合作网络).

Inventors are nodes, an edge joins two names listed on the same patent, weighted by the number of
such patents. Communities by Louvain (Blondel et al. 2008, J. Stat. Mech. P10008;
``networkx.community.louvain_communities`` with a fixed seed, so reruns agree) or by greedy
modularity (Clauset, Newman & Moore 2004, Phys. Rev. E 70:066111); modularity Q as Newman (2006)
on the weighted graph. Communities are found on the ``max_nodes`` most prolific names (ties by
name) with at least ``min_patents`` patents: the figures of the whole network (all names, all
links) are reported beside them. Kept apart from :mod:`xinzhi.patents.network` (classification
and citation networks) because it alone needs community detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.graph import echarts_graph, links_of
from xinzhi.patents.items import Items, distinct, items_of, pair_counts, pairs_of

COMMUNITY_METHODS = ("louvain", "greedy")


@dataclass(frozen=True)
class Community:
    id: int
    size: int
    patents: int
    top_members: list[str]


@dataclass(frozen=True)
class ActorNetwork(Explained):
    """A co-occurrence network of names (inventors or applicants) with its communities."""

    column: str
    actors_total: int
    links_total: int
    nodes: pd.DataFrame
    edges: pd.DataFrame
    communities: list[Community]
    modularity: float | None
    components: int
    largest_component: int
    method: str
    seed: int
    min_patents: int
    max_nodes: int
    min_weight: int
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.nodes

    def to_echarts(self, max_nodes: int = 150) -> dict[str, Any]:
        nodes = self.nodes.head(max_nodes)
        keep = set(nodes["name"])
        edges = self.edges[self.edges["source"].isin(keep) & self.edges["target"].isin(keep)]
        used = sorted({int(c) for c in nodes["community"] if c >= 0})
        category = {c: i for i, c in enumerate(used)}
        return echarts_graph(
            [
                (str(n), int(p), category.get(int(c), len(used)))
                for n, p, c in zip(
                    nodes["name"].tolist(),
                    nodes["patents"].tolist(),
                    nodes["community"].tolist(),
                    strict=True,
                )
            ],
            links_of(edges, "source", "target", "weight"),
            [f"社群 {c}" for c in used] + ["孤立"],
        )


def _select(found: Items, counts: npt.NDArray[np.int64], min_patents: int, max_nodes: int) -> Any:
    order = np.lexsort((found.names.astype(str), -counts))
    chosen = order[counts[order] >= min_patents][:max_nodes]
    return chosen


def coactor_network(
    frame: pd.DataFrame,
    column: str = "inventors",
    *,
    min_patents: int = 2,
    max_nodes: int = 500,
    min_weight: int = 1,
    method: str = "louvain",
    seed: int = 42,
    resolution: float = 1.0,
) -> ActorNetwork:
    """The co-occurrence network of the names in ``frame[column]`` and its communities."""
    if method not in COMMUNITY_METHODS:
        raise InvalidInput(f"unknown community method {method!r}; use louvain or greedy")
    if column not in frame:
        raise InvalidInput(f"these records have no {column} column")
    if max_nodes < 1 or min_patents < 1 or min_weight < 1:
        raise InvalidInput("max_nodes, min_patents and min_weight must be at least 1")
    found = items_of(frame[column])
    width = max(len(found.names), 1)
    counts = np.bincount(found.codes, minlength=len(found.names))
    a, b = pairs_of(found)
    links_total = len(pair_counts(a, b, width)[0])
    chosen = _select(found, counts, min_patents, max_nodes)
    selected = np.zeros(len(found.names), dtype=bool)
    selected[chosen] = True
    keep = selected[a] & selected[b]
    ea, eb, w = pair_counts(a[keep], b[keep], width)
    strong = w >= min_weight
    ea, eb, w = ea[strong], eb[strong], w[strong]
    graph = nx.Graph()
    graph.add_nodes_from(int(c) for c in chosen)
    graph.add_weighted_edges_from(zip(ea.tolist(), eb.tolist(), w.tolist(), strict=True))
    linked = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    notes = []
    if linked.number_of_edges() == 0:
        groups: list[set[int]] = []
        q = None
        notes.append("no co-occurring names among the selected nodes: no communities")
    elif method == "louvain":
        groups = nx.community.louvain_communities(
            linked, weight="weight", resolution=resolution, seed=seed
        )
        q = float(nx.community.modularity(linked, groups, weight="weight"))
    else:
        groups = list(
            nx.community.greedy_modularity_communities(
                linked, weight="weight", resolution=resolution
            )
        )
        q = float(nx.community.modularity(linked, groups, weight="weight"))
    groups = sorted(groups, key=lambda g: (-len(g), -int(counts[list(g)].sum()), min(g)))
    community = dict.fromkeys(graph.nodes, -1)
    of_code = np.full(len(found.names), -1, dtype=np.int64)
    for number, members in enumerate(groups, start=1):
        for m in members:
            community[m] = number
        of_code[list(members)] = number
    item_community = of_code[found.codes]
    inside = item_community >= 0
    per_patent = distinct(found.rows[inside] * (len(groups) + 1) + item_community[inside])
    patents = np.bincount(per_patent % (len(groups) + 1), minlength=len(groups) + 1)
    summaries = [
        Community(
            number,
            len(members),
            int(patents[number]),
            [
                str(found.names[m])
                for m in sorted(members, key=lambda m: (-counts[m], str(found.names[m])))[:5]
            ],
        )
        for number, members in enumerate(groups, start=1)
    ]
    strength = dict(graph.degree(weight="weight"))
    nodes = pd.DataFrame(
        {
            "name": [str(found.names[c]) for c in chosen],
            "patents": counts[chosen],
            "degree": [graph.degree(int(c)) for c in chosen],
            "weighted_degree": [strength[int(c)] for c in chosen],
            "community": [community[int(c)] for c in chosen],
        }
    )
    edges = pd.DataFrame(
        {"source": found.names[ea], "target": found.names[eb], "weight": w}
    ).sort_values("weight", ascending=False, kind="stable")
    components = list(nx.connected_components(linked))
    if len(chosen) < int((counts >= min_patents).sum()):
        notes.append(
            f"communities of the {len(chosen)} names with the most patents "
            f"(of {int((counts >= min_patents).sum())} with at least {min_patents})"
        )
    return ActorNetwork(
        column,
        int((counts > 0).sum()),
        links_total,
        nodes,
        edges.reset_index(drop=True),
        summaries,
        q,
        len(components),
        max((len(c) for c in components), default=0),
        method,
        seed,
        min_patents,
        max_nodes,
        min_weight,
        notes,
    )

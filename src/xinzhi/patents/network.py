"""Networks of a landscape table: IPC/CPC co-classification, co-inventors (or co-applicants)
with communities, and the citation network within the corpus.

- **Co-classification** (共分类): two classification codes co-occur when one patent carries
  both (each pair once per patent). Besides the count c_ij, every pair gets van Eck & Waltman's
  association strength (2009, "How to normalize cooccurrence data?", JASIST 60(8):1635–1651),
  here scaled as AS_ij = N·c_ij / (s_i·s_j) with s_i the patents carrying code i and N the
  patents with at least one code: the ratio of observed to expected co-occurrences under
  independence (1 = as often as chance), the cosine c_ij/√(s_i s_j) (Salton) and the Jaccard
  index c_ij/(s_i + s_j − c_ij). Codes are read at the IPC subclass (H02S), main group
  (H02S 20/00) or full level.
- **Co-inventor network** (合作网络): inventors are nodes, an edge joins two names listed on the
  same patent, weighted by the number of such patents. Communities by Louvain (Blondel et al.
  2008, J. Stat. Mech. P10008; ``networkx.community.louvain_communities`` with a fixed seed, so
  reruns agree) or by greedy modularity (Clauset, Newman & Moore 2004, Phys. Rev. E 70:066111);
  modularity Q as Newman (2006) on the weighted graph. Communities are found on the
  ``max_nodes`` most prolific names (ties by name) with at least ``min_patents`` patents: the
  figures of the whole network (all names, all links) are reported beside them.
- **Citation network** (引证网络): directed citing → cited links with both patents in the
  selection; forward citations = in-degree (times cited), backward = out-degree (cites);
  weakly connected components.

Each network draws as an ECharts ``graph`` series (``to_echarts``).
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
from xinzhi.patents.landscape import Items, distinct, items_of

IPC_LEVELS = ("subclass", "group", "full")
COMMUNITY_METHODS = ("louvain", "greedy")


def ipc_level(code: str, level: str = "subclass") -> str:
    """An IPC/CPC code at ``level``: subclass H02S, main group H02S20/00, or the full code."""
    text = code.replace(" ", "").upper()
    if level == "subclass":
        return text[:4]
    if level == "group":
        head = text.split("/", 1)[0]
        return f"{head}/00" if len(head) > 4 else head
    return text


def pairs_of(found: Items) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(a, b) item codes with a < b of every pair of items on one row, each pair once per row.

    ``found`` is sorted by row, then by code (as :func:`items_of` returns it), so positions i and
    i + d hold a pair whenever their rows agree; the candidates shrink with d (rows are sorted,
    so a position whose row differs at d differs at every larger d). Vectorised: one NumPy pass
    per offset d up to the longest list.
    """
    rows, codes = found.rows, found.codes
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    idx = np.arange(len(rows) - 1, dtype=np.int64)
    d = 1
    while idx.size:
        idx = idx[rows[idx] == rows[idx + d]]
        firsts.append(codes[idx])
        seconds.append(codes[idx + d])
        d += 1
        idx = idx[idx + d < len(rows)]
    if not firsts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    return np.minimum(a, b), np.maximum(a, b)


def pair_counts(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], width: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct (a, b) pairs and how often each occurs."""
    if a.size == 0:
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    keys = np.sort(a * width + b)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    distinct = keys[starts]
    return distinct // width, distinct % width, counts


def association_strength(
    c: npt.NDArray[Any], s_i: npt.NDArray[Any], s_j: npt.NDArray[Any], n: int
) -> npt.NDArray[np.float64]:
    """N·c_ij/(s_i s_j): observed over expected co-occurrences (van Eck & Waltman 2009)."""
    return np.asarray(n * c / (s_i.astype(np.float64) * s_j), dtype=np.float64)


@dataclass(frozen=True)
class CoClassification(Explained):
    """Classification codes and their co-occurring pairs, strongest first."""

    level: str
    scheme: str
    patents: int
    patents_with_codes: int
    patents_with_pairs: int
    codes: pd.DataFrame
    pairs: pd.DataFrame
    min_count: int
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.pairs

    def to_echarts(self, max_edges: int = 150) -> dict[str, Any]:
        edges = self.pairs.head(max_edges)
        names = pd.unique(pd.concat([edges["a"], edges["b"]]))
        size = self.codes.set_index("code")["patents"]
        return _echarts(
            [(str(n), int(size[n]), 0) for n in names],
            _links(edges, "a", "b", "count"),
            [self.level],
        )


def coclassification(
    frame: pd.DataFrame,
    *,
    scheme: str = "ipc",
    level: str = "subclass",
    min_count: int = 1,
    top: int | None = None,
) -> CoClassification:
    """Co-occurring classification codes of ``frame[scheme]`` (lists of IPC or CPC codes)."""
    if level not in IPC_LEVELS:
        raise InvalidInput(f"unknown classification level {level!r}; use {', '.join(IPC_LEVELS)}")
    if scheme not in frame:
        raise InvalidInput(f"these records have no {scheme} column")
    found = items_of(frame[scheme], lambda c: ipc_level(c, level))
    s = np.bincount(found.codes, minlength=len(found.names))
    n = int(np.unique(found.rows).size)
    a, b = pairs_of(found)
    repeated = found.rows[1:][found.rows[1:] == found.rows[:-1]]
    multi = int(np.unique(repeated).size)
    pa, pb, c = pair_counts(a, b, max(len(found.names), 1))
    keep = c >= min_count
    pa, pb, c = pa[keep], pb[keep], c[keep]
    first, second = found.names[pa].astype(str), found.names[pb].astype(str)
    swap = first > second  # each pair in name order
    pairs = pd.DataFrame(
        {
            "a": np.where(swap, second, first),
            "b": np.where(swap, first, second),
            "count": c,
            "association_strength": association_strength(c, s[pa], s[pb], n),
            "cosine": c / np.sqrt(s[pa].astype(np.float64) * s[pb]),
            "jaccard": c / (s[pa] + s[pb] - c).astype(np.float64),
        }
    ).sort_values(["count", "a", "b"], ascending=[False, True, True], kind="stable")
    if top is not None:
        pairs = pairs.head(top)
    codes = pd.DataFrame({"code": found.names, "patents": s})
    codes = codes[codes["patents"] > 0].sort_values(
        ["patents", "code"], ascending=[False, True], kind="stable"
    )
    notes = []
    if n == 0:
        notes.append(f"no {scheme.upper()} codes in these records: no co-classification")
    return CoClassification(
        level,
        scheme,
        len(frame),
        n,
        multi,
        codes.reset_index(drop=True),
        pairs.reset_index(drop=True),
        min_count,
        notes,
    )


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
        return _echarts(
            [
                (str(n), int(p), category.get(int(c), len(used)))
                for n, p, c in zip(
                    nodes["name"].tolist(),
                    nodes["patents"].tolist(),
                    nodes["community"].tolist(),
                    strict=True,
                )
            ],
            _links(edges, "source", "target", "weight"),
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


@dataclass(frozen=True)
class CitationNetwork(Explained):
    """In-corpus citations: links, degree tables and components."""

    patents: int
    links: int
    citing_patents: int
    cited_patents: int
    components: int
    largest_component: int
    nodes: pd.DataFrame
    edges: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.nodes

    def to_echarts(self, max_nodes: int = 150) -> dict[str, Any]:
        nodes = self.nodes.head(max_nodes)
        keep = set(nodes["pub_no"])
        edges = self.edges[self.edges["citing"].isin(keep) & self.edges["cited"].isin(keep)]
        return _echarts(
            [
                (str(n), int(f), 0 if f else 1)
                for n, f in zip(nodes["pub_no"].tolist(), nodes["forward"].tolist(), strict=True)
            ],
            [(str(a), str(b), 1) for a, b in zip(edges["citing"], edges["cited"], strict=True)],
            ["被引 cited", "仅引用 citing only"],
            directed=True,
        )


def citation_network(frame: pd.DataFrame, citations: pd.DataFrame | None) -> CitationNetwork:
    """The directed network of ``citations`` (citing_id, cited_id) inside ``frame``."""
    notes = []
    links = citations if citations is not None else pd.DataFrame(columns=["citing_id", "cited_id"])
    ids = frame["id"]
    inside = links[links["citing_id"].isin(ids) & links["cited_id"].isin(ids)]
    inside = inside[inside["citing_id"] != inside["cited_id"]].drop_duplicates()
    if inside.empty:
        notes.append("no citation between patents of this selection")
    graph = nx.DiGraph()
    graph.add_edges_from(
        zip(inside["citing_id"].tolist(), inside["cited_id"].tolist(), strict=True)
    )
    forward = inside["cited_id"].value_counts()
    backward = inside["citing_id"].value_counts()
    meta = frame.set_index("id")
    number = meta["pub_no"] if "pub_no" in meta else pd.Series(meta.index, index=meta.index)
    node_ids = pd.Index(sorted(graph.nodes), dtype="int64")
    nodes = pd.DataFrame(
        {
            "id": node_ids,
            "pub_no": number.reindex(node_ids).astype(str).to_numpy(),
            "title": meta["title"].reindex(node_ids).to_numpy() if "title" in meta else "",
            "app_year": meta["app_year"].reindex(node_ids).to_numpy(),
            "forward": forward.reindex(node_ids, fill_value=0).to_numpy(),
            "backward": backward.reindex(node_ids, fill_value=0).to_numpy(),
        }
    ).sort_values(["forward", "backward", "pub_no"], ascending=[False, False, True], kind="stable")
    edges = pd.DataFrame(
        {
            "citing": number.reindex(inside["citing_id"]).astype(str).to_numpy(),
            "cited": number.reindex(inside["cited_id"]).astype(str).to_numpy(),
        }
    )
    components = list(nx.weakly_connected_components(graph))
    return CitationNetwork(
        len(frame),
        len(inside),
        int(backward.size),
        int(forward.size),
        len(components),
        max((len(c) for c in components), default=0),
        nodes.reset_index(drop=True),
        edges,
        notes,
    )


def _links(frame: pd.DataFrame, a: str, b: str, weight: str) -> list[tuple[str, str, int]]:
    return [
        (str(x), str(y), int(w))
        for x, y, w in zip(
            frame[a].tolist(), frame[b].tolist(), frame[weight].tolist(), strict=True
        )
    ]


def _echarts(
    nodes: list[tuple[str, int, int]],
    links: list[tuple[str, str, int]],
    categories: list[str],
    *,
    directed: bool = False,
) -> dict[str, Any]:
    """An ECharts ``graph`` series: nodes sized by value, links weighted, categories coloured."""
    top = max((v for _, v, _ in nodes), default=1) or 1
    return {
        "nodes": [
            {
                "id": name,
                "name": name,
                "value": value,
                "category": category,
                "symbolSize": round(6 + 24 * (value / top) ** 0.5, 1),
            }
            for name, value, category in nodes
        ],
        "links": [{"source": s, "target": t, "value": w} for s, t, w in links],
        "categories": [{"name": c} for c in categories],
        "directed": directed,
    }

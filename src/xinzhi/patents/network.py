"""Networks of a landscape table: IPC/CPC co-classification and the citation network within
the corpus. Co-inventor networks and their communities are in :mod:`xinzhi.patents.coactors`.

- **Co-classification** (共分类): two classification codes co-occur when one patent carries
  both (each pair once per patent). Besides the count c_ij, every pair gets van Eck & Waltman's
  association strength (2009, "How to normalize cooccurrence data?", JASIST 60(8):1635–1651),
  here scaled as AS_ij = N·c_ij / (s_i·s_j) with s_i the patents carrying code i and N the
  patents with at least one code: the ratio of observed to expected co-occurrences under
  independence (1 = as often as chance), the cosine c_ij/√(s_i s_j) (Salton) and the Jaccard
  index c_ij/(s_i + s_j − c_ij). Codes are read at the IPC subclass (H02S), main group
  (H02S 20/00) or full level.
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
from xinzhi.patents.graph import echarts_graph, links_of
from xinzhi.patents.items import items_of, pair_counts, pairs_of

IPC_LEVELS = ("subclass", "group", "full")


def ipc_level(code: str, level: str = "subclass") -> str:
    """An IPC/CPC code at ``level``: subclass H02S, main group H02S20/00, or the full code."""
    text = code.replace(" ", "").upper()
    if level == "subclass":
        return text[:4]
    if level == "group":
        head = text.split("/", 1)[0]
        return f"{head}/00" if len(head) > 4 else head
    return text


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
        return echarts_graph(
            [(str(n), int(size[n]), 0) for n in names],
            links_of(edges, "a", "b", "count"),
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
        return echarts_graph(
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

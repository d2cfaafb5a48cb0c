"""Co-classification, co-inventor communities and the citation network."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tests.patents.test_actors import export_rows
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import system_principal
from xinzhi.patents.coactors import coactor_network
from xinzhi.patents.items import items_of, pairs_of
from xinzhi.patents.network import citation_network, coclassification, ipc_level
from xinzhi.patents.service import PatentFilter, citation_frame, patent_frame


def _brute(lists: list[list[str]]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for codes in lists:
        counts.update(itertools.combinations(sorted(set(codes)), 2))
    return counts


def test_pairs_match_a_brute_force_count() -> None:
    rng = np.random.default_rng(3)
    lists = [[f"C{x}" for x in rng.integers(0, 12, rng.integers(0, 7))] for _ in range(400)]
    found = items_of(pd.Series(lists, dtype=object))
    a, b = pairs_of(found)
    got = Counter(tuple(sorted(pair)) for pair in zip(found.names[a], found.names[b], strict=True))
    assert got == _brute(lists)


def test_coclassification_of_a_real_cpc_sample(shared_data: Path) -> None:
    """57 Chinese G06F patents with their CPC labels: counts equal a brute-force count and the
    association strength is N·c/(s_i s_j)."""
    raw = pd.read_csv(shared_data / "patent_formats" / "cn_g06f_cpc_sample_57.csv")
    lists = [json.loads(x) for x in raw["labels"]]
    frame = pd.DataFrame({"cpc": pd.Series(lists, dtype=object)})
    result = coclassification(frame, scheme="cpc", level="group")
    grouped = [[ipc_level(c, "group") for c in codes] for codes in lists]
    expected = _brute(grouped)
    got = {(r.a, r.b): r.count for r in result.pairs.itertuples()}
    assert got == dict(expected)
    size = Counter(c for codes in grouped for c in set(codes))
    n = sum(1 for codes in grouped if codes)
    top = result.pairs.iloc[0]
    assert top["count"] == max(expected.values())
    assert top["association_strength"] == pytest.approx(
        n * top["count"] / (size[top["a"]] * size[top["b"]])
    )
    assert top["jaccard"] == pytest.approx(
        top["count"] / (size[top["a"]] + size[top["b"]] - top["count"])
    )
    assert result.patents_with_pairs == sum(1 for codes in grouped if len(set(codes)) > 1)
    graph = result.to_echarts(max_edges=10)
    assert len(graph["links"]) == 10


def test_coclassification_of_a_real_ipc_export(shared_data: Path) -> None:
    rows = export_rows(shared_data / "patent_formats" / "cn_patent_export_sample.sql")
    lists = [r["分类号"].split(";") for r in rows]
    result = coclassification(pd.DataFrame({"ipc": pd.Series(lists, dtype=object)}))
    subclasses = [[c[:4] for c in codes] for codes in lists]
    assert {(r.a, r.b): r.count for r in result.pairs.itertuples()} == dict(_brute(subclasses))
    assert ("B64C", "B64D") in {(r.a, r.b) for r in result.pairs.itertuples()}


def test_ipc_levels() -> None:
    assert ipc_level("H02S 20/32") == "H02S"
    assert ipc_level("H02S 20/32", "group") == "H02S20/00"
    assert ipc_level("h02s20/32", "full") == "H02S20/32"
    with pytest.raises(InvalidInput, match="level"):
        coclassification(pd.DataFrame({"ipc": [["H02S"]]}), level="section")


def test_two_planted_teams_are_two_communities_with_the_textbook_modularity() -> None:
    """Two teams of five who always file together, joined by one shared patent: Louvain
    finds the teams; Q = Σ_c [l_c/m − (d_c/2m)²] = 2·(10/21 − (21/42)²) = 0.452381."""
    team_a = [f"甲{i}" for i in range(5)]
    team_b = [f"乙{i}" for i in range(5)]
    lists = [list(pair) for pair in itertools.combinations(team_a, 2)]
    lists += [list(pair) for pair in itertools.combinations(team_b, 2)]
    lists.append([team_a[0], team_b[0]])
    frame = pd.DataFrame({"inventors": pd.Series(lists, dtype=object)})
    for method in ("louvain", "greedy"):
        result = coactor_network(frame, min_patents=1, method=method)
        members = sorted(sorted(c.top_members) for c in result.communities)
        assert members == sorted([sorted(team_a), sorted(team_b)])
        assert result.modularity == pytest.approx(2 * (10 / 21 - 0.25))
        assert [c.size for c in result.communities] == [5, 5]
        assert result.components == 1


@pytest.fixture(scope="module")
def wind_frame(wind_csv: Path) -> pd.DataFrame:
    raw = pd.read_csv(wind_csv, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {"inventors": pd.Series([x.split(";") if x else [] for x in raw["inventors"]])}
    )


def test_coinventor_communities_of_the_real_wind_patents(wind_frame: pd.DataFrame) -> None:
    first = coactor_network(wind_frame, min_patents=2, max_nodes=300, seed=7)
    again = coactor_network(wind_frame, min_patents=2, max_nodes=300, seed=7)
    assert [c.top_members for c in first.communities] == [c.top_members for c in again.communities]
    assert len(first.nodes) == 300 and first.actors_total > 300
    linked = first.nodes[first.nodes["degree"] > 0]
    assert sum(c.size for c in first.communities) == len(linked)
    graph = nx.Graph()
    graph.add_weighted_edges_from(first.edges.itertuples(index=False))
    groups = [set(g["name"]) for _, g in linked.groupby("community")]
    assert first.modularity == pytest.approx(nx.community.modularity(graph, groups))
    assert first.modularity > 0.5  # inventor teams are strongly clustered
    sizes = [c.size for c in first.communities]
    assert sizes == sorted(sizes, reverse=True)
    assert any("most patents" in n for n in first.notes)
    drawn = first.to_echarts(max_nodes=50)
    assert len(drawn["nodes"]) == 50
    assert {link["source"] for link in drawn["links"]} <= {n["id"] for n in drawn["nodes"]}


def test_network_parameters_are_checked(wind_frame: pd.DataFrame) -> None:
    with pytest.raises(InvalidInput, match="community method"):
        coactor_network(wind_frame, method="leiden")
    with pytest.raises(InvalidInput, match="at least 1"):
        coactor_network(wind_frame, max_nodes=0)


def test_citation_network_of_the_imported_wind_patents(wind_db: Database) -> None:
    with wind_db.read() as session:
        frame = patent_frame(session, system_principal(), PatentFilter())
        links = citation_frame(session, system_principal(), PatentFilter())
    result = citation_network(frame, links)
    distinct = links.drop_duplicates()
    loops = distinct["citing_id"] == distinct["cited_id"]
    assert result.links == len(distinct) - loops.sum() > 0  # self-citations are not links
    assert result.nodes["forward"].sum() == result.links == result.nodes["backward"].sum()
    assert result.cited_patents == distinct[~loops]["cited_id"].nunique()
    assert result.largest_component <= len(result.nodes)
    assert result.nodes["pub_no"].str.startswith("CN").all()
    empty = citation_network(frame, None)
    assert empty.links == 0 and empty.notes

"""Pure measures of a chain node in a region, each with its source.

- Location quotient (区位商), regional science's standard specialisation ratio
  LQ = (E_rn / E_r) / (E_n / E) (Isard 1960, *Methods of Regional Analysis*; the form in
  ANCHORS §H3). Used here on enterprise counts.
- Revealed technological advantage (RTA, the patent specialisation index): a region's share
  of its patents in a field over the field's share of all patents — OECD *Patent Statistics
  Manual* (2009) §7 (indicators of technological specialisation), with fractional counting:
  a patent placed on k nodes counts 1/k on each (the Manual's rule for patents in several
  fields). Our patents carry one region (the first applicant's address, as the CNIPA
  publication gives it), so the regional split is whole, by first applicant; the Manual's
  fractional split by applicants' or inventors' regions would need every applicant's address.
- Symmetric form (RTA − 1)/(RTA + 1) ∈ [−1, 1] (Laursen 2015, *Revealed comparative
  advantage and the alternatives*, Int. Econ. Econ. Policy 12(1)), so below- and above-average
  specialisation weigh alike.
- Herfindahl–Hirschman index HHI = Σ s_k² over applicants' shares (US DoJ/FTC Horizontal
  Merger Guidelines 2010 §5.3, on shares as fractions: 1 = one firm holds the node).
- Growth: the later window against the earlier one as (r − e)/(r + e) ∈ [−1, 1] (the
  symmetric growth rate of Davis & Haltiwanger 1992, QJE 107(3)); windows are three
  application years each, after the OECD Manual's three-year windows.
- Single points of failure: articulation points of the undirected chain graph (Hopcroft &
  Tarjan 1973) and nodes every path from some upstream source to a flagship product passes
  through (dominators; Lengauer & Tarjan 1979) — networkx computes both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx


def ratio_of_shares(
    local_node: float, local_total: float, national_node: float, national_total: float
) -> float | None:
    """(local_node / local_total) / (national_node / national_total); ``None`` when undefined."""
    if local_total <= 0 or national_node <= 0 or national_total <= 0:
        return None
    return (local_node / local_total) / (national_node / national_total)


location_quotient = ratio_of_shares
revealed_advantage = ratio_of_shares


def symmetric(ratio: float) -> float:
    return (ratio - 1) / (ratio + 1)


def hhi(amounts: Iterable[float]) -> float | None:
    values = [a for a in amounts if a > 0]
    total = sum(values)
    if total <= 0:
        return None
    return sum((a / total) ** 2 for a in values)


def symmetric_growth(recent: float, earlier: float) -> float | None:
    if recent + earlier <= 0:
        return None
    return (recent - earlier) / (recent + earlier)


def graph(upstream: Mapping[str, Sequence[str]]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(upstream)
    for node, ups in upstream.items():
        g.add_edges_from((u, node) for u in ups)
    return g


def single_points_of_failure(
    upstream: Mapping[str, Sequence[str]], flagships: Iterable[str]
) -> dict[str, list[str]]:
    """Node → why it is a single point of failure (empty when it is not)."""
    g = graph(upstream)
    found: dict[str, list[str]] = {n: [] for n in g}
    for node in nx.articulation_points(g.to_undirected()):
        found[node].append("割点：去掉该环节产业链图不再连通")
    sources = [n for n in g if g.in_degree(n) == 0]
    for flag in flagships:
        if flag not in g:
            continue
        feeding = [s for s in sources if s != flag and nx.has_path(g, s, flag)]
        for node in g:
            if node == flag or node in sources:
                continue
            cut = [
                s for s in feeding if not nx.has_path(nx.restricted_view(g, [node], []), s, flag)
            ]
            if cut:
                found[node].append(f"上游 {len(cut)} 个源头环节通往标志性产品「{flag}」须经此环节")
    return found

"""The weak-link (短板) score of a node in a region: a weighted mean of weakness components,
each in [0, 1] (1 = weakest), with the weights as data (``data/weights.yaml``).

Components (``None`` when the data cannot say; the remaining weights are renormalised and the
result says which were left out):

- ``patent_specialisation``: (1 − RSTA)/2 from the RTA of the region's patents on the node;
- ``enterprise_presence``: (1 − symmetric LQ)/2 of the region's enterprises on the node;
- ``growth``: (1 − g)/2 of the symmetric growth of the region's node patents;
- ``concentration``: HHI of the region's node patents by applicant (one firm → 1);
- ``research_supply``: 1/(1 + local achievements + experts + universities/institutes);
- ``trl_gap``: 1 when no local achievement on the node is at TRL 4–6 (the 中试 steps);
- ``demand_pressure``: d/(1 + d) for d open local demands and open (published) local
  揭榜挂帅 challenges on the node;
- ``single_point``: 1 when the node is a single point of failure of the chain graph.

A weighted sum of normalised criteria is the simple additive weighting of multi-criteria
analysis (Hwang & Yoon 1981, *Multiple Attribute Decision Making*, §SAW).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from xinzhi.common.results import Explained

WEIGHTS_FILE = Path(__file__).parent / "data" / "weights.yaml"
COMPONENTS = (
    "patent_specialisation",
    "enterprise_presence",
    "growth",
    "concentration",
    "research_supply",
    "trl_gap",
    "demand_pressure",
    "single_point",
)


@cache
def default_weights() -> dict[str, float]:
    raw = yaml.safe_load(WEIGHTS_FILE.read_text(encoding="utf-8"))
    weights = {str(k): float(v) for k, v in raw["weights"].items()}
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown weak-score components in {WEIGHTS_FILE}: {sorted(unknown)}")
    return weights


@dataclass
class WeakScore(Explained):
    score: float | None
    components: dict[str, float | None]
    weights: dict[str, float]
    contributions: dict[str, float] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "component": list(self.components),
                "value": list(self.components.values()),
                "weight": [self.weights.get(c, 0.0) for c in self.components],
                "contribution": [self.contributions.get(c) for c in self.components],
            }
        )

    def top(self, n: int = 3) -> list[str]:
        ordered = sorted(self.contributions.items(), key=lambda kv: -kv[1])
        return [name for name, value in ordered[:n] if value > 0]


def weak_score(
    components: Mapping[str, float | None], weights: Mapping[str, float] | None = None
) -> WeakScore:
    """Σ w_c·x_c / Σ w_c over the components that have a value; ``None`` if none has."""
    w = dict(default_weights() if weights is None else weights)
    used = {c: float(v) for c, v in components.items() if v is not None and w.get(c, 0) > 0}
    left_out = [c for c, v in components.items() if v is None and w.get(c, 0) > 0]
    total = sum(w[c] for c in used)
    if total <= 0:
        return WeakScore(None, dict(components), w, {}, left_out)
    contributions = {c: round(w[c] * v / total, 6) for c, v in used.items()}
    score = round(sum(contributions.values()), 6)
    return WeakScore(min(1.0, max(0.0, score)), dict(components), w, contributions, left_out)


def components_of(m: Mapping[str, Any]) -> dict[str, float | None]:
    """The weakness components of one node's measures (see the module docstring)."""

    def half_minus(x: float | None) -> float | None:
        return None if x is None else (1 - x) / 2

    rta = m.get("rta")
    lq = m.get("lq_enterprises")
    research = m["local_achievements"] + m["local_experts"] + m["local_institutes"]
    demands = m["open_demands"] + (m.get("open_challenges") or 0)
    return {
        "patent_specialisation": half_minus(None if rta is None else (rta - 1) / (rta + 1)),
        "enterprise_presence": half_minus(None if lq is None else (lq - 1) / (lq + 1)),
        "growth": half_minus(m.get("growth")),
        "concentration": m.get("hhi"),
        "research_supply": 1 / (1 + research),
        "trl_gap": 0.0 if m["trl_bands"].get("4-6", 0) else 1.0,
        "demand_pressure": demands / (1 + demands),
        "single_point": 1.0 if m["single_point"] else 0.0,
    }

"""Networks drawn as ECharts ``graph`` series: nodes sized by value, weighted links, categories.

Shared by the co-classification, co-actor and citation networks so each draws the same way.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def links_of(frame: pd.DataFrame, a: str, b: str, weight: str) -> list[tuple[str, str, int]]:
    return [
        (str(x), str(y), int(w))
        for x, y, w in zip(
            frame[a].tolist(), frame[b].tolist(), frame[weight].tolist(), strict=True
        )
    ]


def echarts_graph(
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

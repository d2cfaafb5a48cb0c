"""Dagum Gini decomposition: the identity G = Gw + Gnb + Gt and G = the ordinary Gini."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinzhi.core.errors import InvalidInput
from xinzhi.indices import dagum_gini

values = st.lists(st.floats(0.01, 100, allow_nan=False), min_size=4, max_size=40)


def _groups(n: int, k: int) -> list[str]:
    return [f"g{i % k}" for i in range(n)]


@settings(max_examples=80, deadline=None)
@given(values, st.integers(1, 4))
def test_dagum_parts_add_up_to_the_total(y: list[float], k: int) -> None:
    """Dagum (1997) Empirical Economics 22:515-531; DOMAIN.md §4.6: G = G_w + G_nb + G_t."""
    result = dagum_gini(y, _groups(len(y), k))
    assert result.within + result.between_net + result.transvariation == pytest.approx(
        result.total, abs=1e-12
    )
    assert sum(result.contributions.values()) == pytest.approx(1.0 if result.total else 0.0)


@settings(max_examples=40, deadline=None)
@given(values)
def test_dagum_total_equals_the_ordinary_gini(y: list[float]) -> None:
    """G = Σ|y_i − y_j|/(2n²μ) (DOMAIN.md §4.6; mathmodels ``gini0``)."""
    arr = np.array(y)
    ordinary = np.abs(arr[:, None] - arr[None, :]).sum() / (2 * arr.size**2 * arr.mean())
    assert dagum_gini(arr, _groups(arr.size, 3)).total == pytest.approx(ordinary)


@settings(max_examples=40, deadline=None)
@given(values)
def test_relative_economic_affluence_lies_between_zero_and_one(y: list[float]) -> None:
    """D_jh ∈ [0, 1] once groups are ordered by mean (μ_j ≥ μ_h)."""
    result = dagum_gini(y, _groups(len(y), 3))
    k = len(result.groups)
    for j in range(k):
        for h in range(j + 1, k):
            assert -1e-12 <= result.relative_effect[j, h] <= 1 + 1e-12


def test_groups_are_reported_richest_first() -> None:
    result = dagum_gini([1, 2, 10, 11, 5, 6], ["西部", "西部", "东部", "东部", "中部", "中部"])
    assert result.groups == ["东部", "中部", "西部"]
    assert result.to_frame().loc["东部", "n"] == 2


def test_dagum_needs_one_group_label_per_value() -> None:
    with pytest.raises(InvalidInput, match="expected 3 labels"):
        dagum_gini([1, 2, 3], ["a", "b"])

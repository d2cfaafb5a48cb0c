"""Obstacle degree against the mathmodels docs example (DOMAIN.md §4.5)."""

from __future__ import annotations

import numpy as np

from xinzhi.indices import obstacle_degree

ROWS = np.array([[0.0162, 0.2720, 0.2655], [0.1782, 0.6824, 0.3721]])


def test_unscaled_obstacle_reproduces_the_mathmodels_example() -> None:
    """DOMAIN.md §4.5: ``mathmodels::obstacle_degree`` docs example, equal weights, unscaled,
    row A = (0.328, 0.243, 0.245) [CALC]."""
    result = obstacle_degree(ROWS, [1, 1, 1], scaled=False)
    np.testing.assert_allclose(result.obstacle[0], [0.328, 0.243, 0.245], atol=5e-4)


def test_scaled_obstacle_rows_sum_to_100_and_dimensions_add_up() -> None:
    result = obstacle_degree(ROWS, [0.5, 0.3, 0.2], groups=["甲", "乙", "乙"])
    np.testing.assert_allclose(result.obstacle.sum(axis=1), 100)
    frame = result.dimension_frame()
    assert list(frame.columns) == ["甲", "乙"]
    np.testing.assert_allclose(frame["乙"], result.obstacle[:, 1:].sum(axis=1))


def test_obstacle_is_zero_not_nan_when_nothing_is_missing() -> None:
    """All deviations 0 → O = 0 (as file 54740911060 in DOMAIN.md §4.5), never NaN."""
    result = obstacle_degree(np.ones((1, 3)), [1, 1, 1])
    assert result.obstacle.tolist() == [[0.0, 0.0, 0.0]]


def test_top_factors_are_listed_largest_first() -> None:
    top = obstacle_degree(ROWS, [0.5, 0.3, 0.2]).top(2)
    assert top[top["row"] == "1"]["indicator"].tolist() == ["x1", "x2"]

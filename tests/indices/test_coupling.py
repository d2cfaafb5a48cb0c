"""Coupling coordination against the mathmodels table in DOMAIN.md §4.4, plus the schemes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.indices import classify, coupling_coordination

# DOMAIN.md §4.4 reference rows (s1, s2, s3): published example of R mathmodels (zhjx19/mathmodels).
ROWS = pd.DataFrame(
    [
        [0.0162, 0.2720, 0.2655],
        [0.1782, 0.6824, 0.3721],
        [0.5490, 0.0593, 0.5729],
        [0.6730, 0.4812, 0.9082],
        [0.0207, 0.8891, 0.2017],
        [0.9875, 0.5573, 0.8984],
    ],
    index=list("ABCDEF"),
    columns=["s1", "s2", "s3"],
)
STANDARD = [  # C, T, D with equal weights
    (0.571, 0.185, 0.325),
    (0.867, 0.411, 0.597),
    (0.674, 0.394, 0.515),
    (0.967, 0.687, 0.815),
    (0.418, 0.370, 0.393),
    (0.971, 0.814, 0.889),
]
ADJUSTED = [  # C, T, D with w = (0.4, 0.3, 0.3)
    (0.447, 0.168, 0.274),
    (0.501, 0.388, 0.440),
    (0.455, 0.409, 0.432),
    (0.669, 0.686, 0.678),
    (0.175, 0.336, 0.242),
    (0.715, 0.832, 0.771),
]


def _ctd(result: object) -> np.ndarray:
    return np.column_stack([result.coupling, result.coordination, result.degree])  # type: ignore[attr-defined]


def test_standard_form_reproduces_the_mathmodels_table() -> None:
    """DOMAIN.md §4.4 table, standard C with equal weights, 3 decimal places (mathmodels docs)."""
    result = coupling_coordination(ROWS, form="standard")
    np.testing.assert_allclose(_ctd(result), STANDARD, atol=5e-4)


def test_adjusted_form_reproduces_the_mathmodels_table() -> None:
    """DOMAIN.md §4.4 table, Wang Shujia adjusted C with w = (0.4, 0.3, 0.3), 3 decimal places."""
    result = coupling_coordination(ROWS, weights=[0.4, 0.3, 0.3], form="adjusted")
    np.testing.assert_allclose(_ctd(result), ADJUSTED, atol=5e-4)


def test_two_subsystem_standard_form_equals_the_closed_formula() -> None:
    """n = 2: C = 2√(U₁U₂)/(U₁+U₂) (DOMAIN.md §4.4)."""
    u = np.array([[0.3, 0.6], [0.5, 0.5], [0.9, 0.1]])
    result = coupling_coordination(u)
    expected = 2 * np.sqrt(u[:, 0] * u[:, 1]) / u.sum(axis=1)
    np.testing.assert_allclose(result.coupling, expected)


@pytest.mark.parametrize(
    ("d", "scheme", "level"),
    [
        (0.0, "10", "极度失调"),
        (0.5, "10", "勉强协调"),
        (0.5999, "10", "勉强协调"),
        (0.9, "10", "优质协调"),
        (1.0, "10", "优质协调"),
        (0.45, "6", "濒临失调"),
        (0.4499, "6", "极度失调"),
        (0.85, "6", "优质协调"),
        (0.39, "5", "中度失调"),
        (0.8, "5", "优质协调"),
    ],
)
def test_classification_schemes_include_the_lower_bound(d: float, scheme: str, level: str) -> None:
    """10-level (廖重斌 1999), 6- and 5-level schemes of DOMAIN.md §4.4, intervals [a, b)."""
    assert classify(d, scheme).level == level


def test_lag_type_names_the_lagging_subsystem() -> None:
    """U₁ > U₂: 2 lags; U₁ < U₂: 1 lags; |ΔU| ≤ 0.1: 同步 (DOMAIN.md §4.4 [MEM])."""
    u = pd.DataFrame({"科技创新": [0.8, 0.3, 0.5], "产业创新": [0.4, 0.7, 0.55]})
    result = coupling_coordination(u)
    assert result.lag == ["产业创新滞后", "科技创新滞后", "同步"]
    assert list(result.to_frame().columns[-3:]) == ["level", "category", "lag"]


def test_coupling_rejects_scores_outside_the_unit_interval() -> None:
    with pytest.raises(InvalidInput, match=r"\[0, 1\]"):
        coupling_coordination([[0.5, 1.5]])
    with pytest.raises(InvalidInput, match="scheme '7'"):
        coupling_coordination([[0.5, 0.5]], scheme="7")

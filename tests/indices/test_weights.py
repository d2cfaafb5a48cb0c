"""Entropy, CRITIC and standard-deviation weights against published and computed vectors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xinzhi.core.errors import InvalidInput
from xinzhi.indices import critic_weights, entropy_weights, panel_entropy_weights, std_weights

# DOMAIN.md §4.1 [CALC] example: X with directions (+, −).
X = np.array([[3, 10], [5, 20], [2, 15], [7, 25]], dtype=float)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"zero": "limit"}, (0.545200, 0.454800)),
        ({"zero": "shift"}, (0.545210, 0.454790)),
        ({"zero": "rescale"}, (0.545262, 0.454738)),
        ({"zero": "rescale", "bounds": (0.01, 1.0)}, (0.545160, 0.454840)),
    ],
)
def test_entropy_zero_variants_reproduce_the_domain_calc_example(
    options: dict[str, Any], expected: tuple[float, float]
) -> None:
    """DOMAIN.md §4.1 [CALC]: 0·ln0 → (0.545200, 0.454800); +0.0001 → (0.545210, 0.454790);
    [0.002, 0.996] → (0.545262, 0.454738); 0.99x + 0.01 → (0.545160, 0.454840)."""
    result = entropy_weights(X, ["+", "-"], **options)
    np.testing.assert_allclose(result.weights, expected, atol=5e-7)
    assert result.parameters["zero"] == options["zero"]


def test_entropy_clip_variant_is_close_to_the_limit_convention() -> None:
    """Clipping p to 1e-10 (Python snippets, DOMAIN.md §4.1) barely differs from 0·ln0."""
    clip = entropy_weights(X, ["+", "-"], zero="clip")
    limit = entropy_weights(X, ["+", "-"], zero="limit")
    np.testing.assert_allclose(clip.weights, limit.weights, atol=1e-7)
    assert clip.parameters["eps"] == 1e-10


def test_entropy_on_raw_data_reproduces_elsayed_2017(mcda_cases: dict[str, Any]) -> None:
    """Elsayed, Dawood & Karthikeyan (2017) IJETT 46(2):60-66, via pymcdm's tests: sum-normalised
    raw data, k = 1/ln m; weights to 6 decimal places."""
    case = mcda_cases["entropy_weights"]
    result = entropy_weights(case["matrix"], scaling="none", zero="limit")
    np.testing.assert_allclose(result.weights, case["expected_weights_6dp"], atol=5e-7)


def test_std_weights_reproduce_jahan_edwards_2013(mcda_cases: dict[str, Any]) -> None:
    """Jahan & Edwards (2013) Materials & Design 49:1000-1008 (pymcdm tests), 2 decimal places."""
    case = mcda_cases["standard_deviation_weights"]
    np.testing.assert_allclose(
        std_weights(case["matrix"]).weights, case["expected_weights_2dp"], atol=5e-3
    )


def test_critic_weights_reproduce_tus_adali_2019(mcda_cases: dict[str, Any]) -> None:
    """Tus & Adali (2019) Opsearch 56(2):528-538 (pymcdm tests), 3 decimal places."""
    case = mcda_cases["critic_weights"]
    np.testing.assert_allclose(
        critic_weights(case["matrix"]).weights, case["expected_weights_3dp"], atol=5e-4
    )


finite_matrices = arrays(
    np.float64,
    st.tuples(st.integers(4, 12), st.integers(2, 5)),
    elements=st.floats(0.5, 1000, allow_nan=False),
)


@settings(max_examples=40, deadline=None)
@given(finite_matrices)
def test_entropy_on_shifted_data_equals_pymcdm(matrix: np.ndarray) -> None:
    """pymcdm 1.4 ``entropy_weights`` on min-max + 1e-4 data = the Chinese variant (DOMAIN §4.2)."""
    pymcdm_weights = pytest.importorskip("pymcdm.weights")
    if np.any(np.ptp(matrix, axis=0) == 0):
        return
    ours = entropy_weights(matrix, zero="shift")
    theirs = pymcdm_weights.entropy_weights(ours.normalised.adjusted)
    np.testing.assert_allclose(ours.weights, theirs, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(finite_matrices)
def test_critic_and_std_agree_with_pymcdm(matrix: np.ndarray) -> None:
    """pymcdm CRITIC (min-max, σ with ddof 1, Pearson) and std weights on min-max data."""
    pymcdm_weights = pytest.importorskip("pymcdm.weights")
    if np.any(np.ptp(matrix, axis=0) < 1e-6):
        return
    try:
        ours = critic_weights(matrix)
    except InvalidInput:
        # Perfectly correlated indicators: no conflict, so CRITIC is 0/0 and we refuse;
        # pymcdm returns whatever its rounding gives (e.g. 0.5/0.5 for identical columns).
        assert np.all(np.abs(np.corrcoef(matrix, rowvar=False)) > 1 - 1e-9)
        return
    np.testing.assert_allclose(ours.weights, pymcdm_weights.critic_weights(matrix), atol=1e-9)
    np.testing.assert_allclose(
        std_weights(matrix).weights,
        pymcdm_weights.standard_deviation_weights(ours.normalised.minmax),
        atol=1e-12,
    )


def test_entropy_result_explains_itself_as_frame_and_dict() -> None:
    frame = pd.DataFrame(X, columns=["专利", "能耗"], index=list("ABCD"))
    result = entropy_weights(frame, {"专利": "+", "能耗": "-"}.values())
    table = result.to_frame()
    assert list(table.index) == ["专利", "能耗"]
    assert {"weight", "entropy", "divergence", "direction"} <= set(table.columns)
    plain = result.to_dict()
    assert plain["parameters"]["shift"] == 1e-4 and plain["method"] == "entropy"


def test_entropy_reports_missing_values_by_row_and_indicator() -> None:
    frame = pd.DataFrame(
        {"a": [1.0, np.nan, 3.0], "b": [1.0, 2.0, 3.0]}, index=["北京", "天津", "河北"]
    )
    with pytest.raises(InvalidInput, match="row 天津, indicator a"):
        entropy_weights(frame)


def test_entropy_rejects_unknown_directions_and_variants() -> None:
    with pytest.raises(InvalidInput, match="direction of indicator 'x2'"):
        entropy_weights(X, ["+", "up"])
    with pytest.raises(InvalidInput, match="zero-handling variant 'magic'"):
        entropy_weights(X, zero="magic")


def test_panel_global_mode_pools_region_years_and_per_year_mode_splits_them() -> None:
    index = pd.MultiIndex.from_product([["A", "B", "C"], [2020, 2021]], names=["region", "year"])
    panel = pd.DataFrame(
        {"x": [1, 2, 3, 4, 5, 7], "y": [5, 3, 4, 1, 2, 2]}, index=index, dtype=float
    )
    pooled = panel_entropy_weights(panel)
    assert pooled.pooled is not None and pooled.pooled.parameters["m"] == 6
    split = panel_entropy_weights(panel, mode="per_year")
    assert sorted(split.by_year) == [2020, 2021]
    assert split.to_frame().shape == (2, 2)

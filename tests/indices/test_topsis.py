"""TOPSIS variants against the DOMAIN.md §4.3 table, Opricovic & Tzeng (2004) and pymcdm."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xinzhi.core.errors import InvalidInput
from xinzhi.indices import topsis

X = np.array([[3, 10], [5, 20], [2, 15], [7, 25]], dtype=float)
W = (0.5452, 0.4548)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("vector", (0.4543, 0.5220, 0.2930, 0.6115)),
        ("weighted_distance", (0.5389, 0.4801, 0.3681, 0.5226)),
        ("minmax_weighted", (0.5174, 0.4912, 0.3489, 0.5452)),
    ],
)
def test_topsis_variants_reproduce_the_domain_calc_table(
    variant: str, expected: tuple[float, ...]
) -> None:
    """DOMAIN.md §4.3 [CALC] table (same X, entropy weights (0.5452, 0.4548)), 4 decimal places."""
    result = topsis(X, W, ["+", "-"], variant=variant)
    np.testing.assert_allclose(result.closeness, expected, atol=5e-5)
    assert result.variant == variant


def test_minmax_weighted_topsis_reproduces_opricovic_tzeng_2004(mcda_cases: dict[str, Any]) -> None:
    """Opricovic & Tzeng (2004) EJOR 156(2):445-455 as encoded in pymcdm's tests, 3 decimals."""
    case = mcda_cases["topsis"]
    result = topsis(case["matrix"], case["weights"], case["types"], variant="minmax_weighted")
    np.testing.assert_allclose(result.closeness, case["expected_closeness_3dp"], atol=5e-4)


def test_vector_topsis_gives_the_documented_alternative_for_the_same_case(
    mcda_cases: dict[str, Any],
) -> None:
    """reference_cases.json: "With vector normalisation the same data gives [0.762,0.722,0.238]"."""
    case = mcda_cases["topsis"]
    result = topsis(case["matrix"], case["weights"], case["types"], variant="vector")
    np.testing.assert_allclose(result.closeness, [0.762, 0.722, 0.238], atol=5e-4)
    assert result.rank == [1, 2, 3]


@pytest.mark.filterwarnings("ignore:Alternatives with indices:UserWarning")
@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(3, 10), st.integers(2, 4)), elements=st.floats(1, 100))
)
def test_minmax_weighted_topsis_equals_pymcdm(matrix: np.ndarray) -> None:
    """pymcdm ``TOPSIS()`` (min-max normalisation by default) on random data."""
    methods = pytest.importorskip("pymcdm.methods")
    if np.any(np.ptp(matrix, axis=0) < 1e-6):
        return
    n = matrix.shape[1]
    weights = np.full(n, 1 / n)
    types = np.array([1 if j % 2 == 0 else -1 for j in range(n)])
    ours = topsis(matrix, weights, types, variant="minmax_weighted")
    np.testing.assert_allclose(ours.closeness, methods.TOPSIS()(matrix, weights, types), atol=1e-9)


def test_topsis_frame_keeps_distances_and_ranks() -> None:
    frame = topsis(X, W, ["+", "-"]).to_frame()
    assert list(frame.columns) == ["d_plus", "d_minus", "closeness", "rank"]
    assert frame["rank"].tolist() == [3, 2, 4, 1]


def test_topsis_rejects_weights_of_the_wrong_length() -> None:
    with pytest.raises(InvalidInput, match="expected 2 values"):
        topsis(X, [1, 2, 3], ["+", "-"])


def test_public_api_names_stay_functions_after_the_submodules_load() -> None:
    import xinzhi.indices as api
    import xinzhi.indices.run  # noqa: F401  (imports every kernel module)

    assert callable(api.topsis) and callable(api.normalise) and callable(api.classify)
    assert set(api.__all__) <= set(dir(api)) | set(api._MODULE_OF)

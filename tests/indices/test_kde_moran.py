"""Kernel density against scipy, Moran's I against esda/libpysal on random data."""

from __future__ import annotations

import numpy as np
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.indices import kernel_density, morans_i


def test_scott_rule_equals_scipy_gaussian_kde() -> None:
    """scipy ``gaussian_kde`` default (Scott's factor N^{-1/5} × σ̂), DOMAIN.md §4.7."""
    stats = pytest.importorskip("scipy.stats")
    x = np.random.default_rng(1).gamma(2.0, 1.0, 60)
    ours = kernel_density(x, rule="scott")
    np.testing.assert_allclose(ours.density, stats.gaussian_kde(x)(ours.grid), rtol=1e-10)


def test_scipy_silverman_rule_equals_scipy_option() -> None:
    stats = pytest.importorskip("scipy.stats")
    x = np.random.default_rng(2).normal(size=40)
    ours = kernel_density(x, rule="scipy_silverman")
    np.testing.assert_allclose(
        ours.density, stats.gaussian_kde(x, "silverman")(ours.grid), rtol=1e-10
    )


def test_silverman_rule_of_thumb_uses_the_robust_spread() -> None:
    """h = 0.9·min(σ̂, IQR/1.34)·N^{-1/5} (Silverman 1986), and the density integrates to 1."""
    x = np.array([1.0, 2.0, 2.5, 3.0, 10.0])
    result = kernel_density(x, points=2000)
    q75, q25 = np.percentile(x, [75, 25])
    assert result.bandwidth == pytest.approx(0.9 * min(x.std(ddof=1), (q75 - q25) / 1.34) * 5**-0.2)
    assert np.trapezoid(result.density, result.grid) == pytest.approx(1.0, abs=1e-3)
    assert result.rule == "silverman" and result.kernel == "gaussian"


def _random_weights(rng: np.random.Generator, n: int) -> np.ndarray:
    w = (rng.random((n, n)) < 0.25).astype(float)
    w = np.triu(w, 1)
    w = w + w.T
    for i in range(n):  # no islands: link each region to its successor
        w[i, (i + 1) % n] = w[(i + 1) % n, i] = 1.0
    return w


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_morans_i_and_its_moments_equal_esda(seed: int) -> None:
    """esda.Moran (PySAL; DOMAIN.md §4.8) with a row-standardised W on random data."""
    esda = pytest.importorskip("esda")
    weights = pytest.importorskip("libpysal.weights")
    rng = np.random.default_rng(seed)
    n = 31
    w = _random_weights(rng, n)
    y = rng.normal(size=n) + 0.3 * w @ rng.normal(size=n)
    ours = morans_i(y, w, permutations=199, seed=seed)
    theirs = esda.Moran(y, weights.full2W(w), transformation="r", permutations=0)
    assert pytest.approx(theirs.I, abs=1e-12) == ours.I
    assert ours.expected == pytest.approx(theirs.EI)
    assert ours.variance_normal == pytest.approx(theirs.VI_norm)
    assert ours.variance_random == pytest.approx(theirs.VI_rand)
    assert ours.z_random == pytest.approx(theirs.z_rand)
    assert ours.p_normal == pytest.approx(theirs.p_norm)


def test_permutation_inference_is_seeded_and_detects_clustering() -> None:
    """Pseudo p = (#{I_perm ≥ I} + 1)/(R + 1) on a chain whose values rise along it."""
    n = 30
    chain = np.zeros((n, n))
    for i in range(n - 1):
        chain[i, i + 1] = chain[i + 1, i] = 1
    y = np.arange(n, dtype=float)
    first = morans_i(y, chain, permutations=99, seed=7)
    again = morans_i(y, chain, permutations=99, seed=7)
    assert first.p_sim == again.p_sim == pytest.approx(0.01)
    assert first.I > 0.8


def test_moran_refuses_islands() -> None:
    with pytest.raises(InvalidInput, match="no neighbours"):
        morans_i([1, 2, 3], np.zeros((3, 3)))

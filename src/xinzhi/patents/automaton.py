"""Kernels of Kleinberg's burst automata (J. Kleinberg, "Bursty and hierarchical structure in
streams", KDD 2002; Data Mining and Knowledge Discovery 7:373–397, 2003).

- ``continuous_viterbi``: the infinite-state automaton on inter-arrival gaps (§2 of the paper;
  as R ``bursts::kleinberg``): k states, rates α_i = s^i/ĝ, τ(i, j) = (j − i)·γ·ln n upwards.
- ``batched_viterbi``: the two-state automaton on batches (§4): r_t of d_t documents are
  relevant, p₁ = s·p₀ capped below 1, vectorised over many series at once.

Both start in the base state q₀ and break ties towards the lower state (R's ``which.min``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln, xlog1py, xlogy

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
P1_CAP = 0.99999  # the cap of the PyPI burst_detection package


def state_count(gaps: FloatArray, s: float) -> int:
    """k = ⌈1 + log_s T + log_s(1/min gap)⌉ (Kleinberg 2003 §2)."""
    total = float(gaps.sum())
    return math.ceil(1 + math.log(total, s) + math.log(1.0 / float(gaps.min()), s))


def transition_costs(k: int, step: float) -> FloatArray:
    """τ[ℓ, j] = (j − ℓ)·step for j > ℓ, 0 otherwise (moving down is free)."""
    states = np.arange(k)
    return np.asarray(np.maximum(states[None, :] - states[:, None], 0) * step, dtype=np.float64)


def continuous_viterbi(
    gaps: FloatArray, s: float, gamma: float, *, keep_costs: bool = False
) -> tuple[IntArray, FloatArray | None]:
    """Optimal state per gap, and (if asked) the cost matrix C[t, j] with row 0 = start state.

    Fit cost −ln f_j(x) = α_j·x − ln α_j; transition τ as in the module docstring.
    """
    n = len(gaps)
    k = state_count(gaps, s)
    alpha = s ** np.arange(k) / (gaps.sum() / n)
    step = gamma * math.log(n)
    cost = np.full(k, np.inf)
    cost[0] = 0.0
    back = np.empty((n, k), dtype=np.int16 if k < 2**15 else np.int64)
    costs = np.empty((n + 1, k)) if keep_costs else None
    if costs is not None:
        costs[0] = cost
    log_alpha = np.log(alpha)
    tau = transition_costs(k, step)
    columns = np.arange(k)
    for t in range(n):
        total = cost[:, None] + tau
        arg = np.argmin(total, axis=0)  # the first minimum, as R's which.min
        cost = total[arg, columns] + alpha * gaps[t] - log_alpha
        back[t] = arg
        if costs is not None:
            costs[t + 1] = cost
    return _trace(back, int(np.argmin(cost))), costs


def _trace(back: NDArray[np.integer], last: int) -> IntArray:
    states = np.empty(len(back), dtype=np.int64)
    state = last
    for t in range(len(back) - 1, -1, -1):
        states[t] = state
        state = int(back[t, state])
    return states


def binomial_cost(r: FloatArray, d: FloatArray, p: FloatArray) -> FloatArray:
    """σ = −ln[C(d, r)·p^r·(1 − p)^(d − r)], computed in logs (no overflow for large d)."""
    log_comb = gammaln(d + 1) - gammaln(r + 1) - gammaln(d - r + 1)
    return np.asarray(-(log_comb + xlogy(r, p) + xlog1py(d - r, -p)), dtype=np.float64)


def batched_viterbi(
    r: FloatArray, d: FloatArray, s: float, gamma: float
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Two-state Viterbi for m series × T periods: (states m×T, σ₀ m×T, σ₁ m×T).

    ``r`` is m×T relevant counts, ``d`` m×T (or broadcastable) totals; τ = γ·ln T per step up.
    """
    r = np.atleast_2d(r)
    d = np.broadcast_to(d, r.shape).astype(np.float64)
    m, periods = r.shape
    p0 = r.sum(axis=1) / np.maximum(d.sum(axis=1), 1.0)
    p1 = np.minimum(s * p0, P1_CAP)
    sigma0 = binomial_cost(r, d, p0[:, None])
    sigma1 = binomial_cost(r, d, p1[:, None])
    step = gamma * math.log(periods) if periods > 1 else gamma
    c0, c1 = sigma0[:, 0], step + sigma1[:, 0]
    back1 = np.zeros((m, periods), dtype=bool)  # predecessor of state 1 was state 1
    back0 = np.zeros((m, periods), dtype=bool)  # predecessor of state 0 was state 1
    for t in range(1, periods):
        from1_to0 = c1 < c0
        from1_to1 = c1 < c0 + step
        back0[:, t], back1[:, t] = from1_to0, from1_to1
        c0, c1 = (
            np.where(from1_to0, c1, c0) + sigma0[:, t],
            np.where(from1_to1, c1, c0 + step) + sigma1[:, t],
        )
    states = np.zeros((m, periods), dtype=np.int64)
    current = c1 < c0
    for t in range(periods - 1, -1, -1):
        states[:, t] = current
        current = np.where(current, back1[:, t], back0[:, t])
    return states, sigma0, sigma1

"""Burst detection after Kleinberg (KDD 2002; Data Mining and Knowledge Discovery 7:373–397, 2003).

- ``kleinberg(offsets, s=2, gamma=1)``: the continuous (multi-state) automaton on event times,
  with R ``bursts::kleinberg``'s hierarchical output (level 1 = the whole span) and the flat
  state segments [state, start, end) of the optimal state sequence.
- ``batched(r, d, s=2, gamma=1)``: the two-state automaton on batches (yearly counts): r_t of
  d_t documents carry the term; bursts with start, end and weight Σ[σ₀(t) − σ₁(t)].

Parameter names are Kleinberg's: ``s`` is the rate base (state i has rate s^i/ĝ; the burst
state has p₁ = s·p₀), ``gamma`` the cost of moving one state up (γ·ln n). CiteSpace's glossary
swaps these names in one place (DOMAIN.md §5.3); we keep the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.automaton import (
    FloatArray,
    IntArray,
    batched_viterbi,
    continuous_viterbi,
    state_count,
)


def _check_parameters(s: float, gamma: float) -> None:
    if not s > 1:
        raise InvalidInput(f"s must be greater than 1 (got {s})")
    if not gamma > 0:
        raise InvalidInput(f"gamma must be positive (got {gamma})")


@dataclass(frozen=True)
class Burst:
    """One burst: its level (state), start and end, and (batched) its weight."""

    level: int
    start: Any
    end: Any
    weight: float | None = None


def hierarchy(states: IntArray, offsets: FloatArray) -> list[Burst]:
    """R ``bursts::kleinberg``'s output: level L open while the state is ≥ L − 1.

    A level opens at the start of the first gap in it and closes at the end of its last gap.
    """
    bursts: list[Burst] = []
    opened: list[tuple[int, float]] = [(1, float(offsets[0]))]
    previous = 0
    for t, state in enumerate(states.tolist()):
        for level in range(previous + 2, state + 2):
            opened.append((level, float(offsets[t])))
        for _ in range(state, previous):
            level, start = opened.pop()
            bursts.append(Burst(level, start, float(offsets[t])))
        previous = state
    bursts += [Burst(level, start, float(offsets[-1])) for level, start in opened]
    return sorted(bursts, key=lambda b: (b.start, b.level))


def segments(states: IntArray, offsets: FloatArray) -> list[tuple[int, float, float]]:
    """Maximal runs of one state as (state, start, end) over the event times."""
    change = np.flatnonzero(np.diff(states)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(states)]])
    return [
        (int(states[a]), float(offsets[a]), float(offsets[b]))
        for a, b in zip(starts, ends, strict=True)
    ]


@dataclass(frozen=True)
class KleinbergResult(Explained):
    """Optimal states per gap, the hierarchical bursts, flat segments and the parameters."""

    offsets: FloatArray
    states: IntArray
    bursts: list[Burst]
    segments: list[tuple[int, float, float]]
    s: float
    gamma: float
    k: int
    rates: FloatArray
    costs: FloatArray | None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(b.level, b.start, b.end) for b in self.bursts], columns=["level", "start", "end"]
        )


def kleinberg(
    offsets: Any, s: float = 2.0, gamma: float = 1.0, *, keep_costs: bool = False
) -> KleinbergResult:
    """Kleinberg's continuous burst automaton on event times (Kleinberg 2003 §2).

    ``offsets`` are event times (any order, numbers); equal times are refused as R does
    ("no zero gaps"). ``keep_costs`` stores the (n+1)×k Viterbi cost matrix, row 0 = start.
    """
    _check_parameters(s, gamma)
    times = np.sort(np.asarray(offsets, dtype=np.float64).ravel())
    if len(times) < 2 or not np.all(np.isfinite(times)):
        raise InvalidInput("kleinberg needs at least two finite event times")
    gaps = np.diff(times)
    if np.any(gaps == 0):
        raise InvalidInput("event times must be distinct: zero gaps have infinite rate")
    states, costs = continuous_viterbi(gaps, s, gamma, keep_costs=keep_costs)
    k = state_count(gaps, s)
    rates = s ** np.arange(k) / (gaps.sum() / len(gaps))
    return KleinbergResult(
        times,
        states,
        hierarchy(states, times),
        segments(states, times),
        s,
        gamma,
        k,
        rates,
        costs,
    )


@dataclass(frozen=True)
class BatchedResult(Explained):
    """Two-state bursts over labelled periods, with σ₀/σ₁ per period and p₀, p₁."""

    labels: list[Any]
    r: FloatArray
    d: FloatArray
    states: IntArray
    sigma0: FloatArray
    sigma1: FloatArray
    p0: float
    p1: float
    bursts: list[Burst]
    s: float
    gamma: float

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"r": self.r, "d": self.d, "state": self.states, "sigma0": self.sigma0},
            index=pd.Index(self.labels, name="period"),
        ).assign(sigma1=self.sigma1)


def runs(states: IntArray) -> list[tuple[int, int]]:
    """(first, last) indices of each run of state 1."""
    padded = np.concatenate([[0], states, [0]])
    edges = np.diff(padded)
    return list(
        zip(
            np.flatnonzero(edges == 1).tolist(),
            (np.flatnonzero(edges == -1) - 1).tolist(),
            strict=True,
        )
    )


def batch_bursts(
    states: IntArray,
    sigma0: FloatArray,
    sigma1: FloatArray,
    labels: list[Any],
    min_duration: int = 1,
) -> list[Burst]:
    """Bursts with inclusive start/end labels and weight Σ[σ₀ − σ₁] (Kleinberg 2003 §4).

    Bursts shorter than ``min_duration`` periods are not reported (CiteSpace's "minimum
    duration"); they still shaped the optimal state sequence.
    """
    gain = sigma0 - sigma1
    return [
        Burst(1, labels[a], labels[b], float(gain[a : b + 1].sum()))
        for a, b in runs(states)
        if b - a + 1 >= min_duration
    ]


def _batch_inputs(r: Any, d: Any) -> tuple[FloatArray, FloatArray]:
    rr = np.asarray(r, dtype=np.float64)
    dd = np.asarray(d, dtype=np.float64)
    if rr.ndim != 1 or rr.shape != dd.shape or len(rr) < 2:
        raise InvalidInput("r and d must be 1-D, of equal length and cover at least two periods")
    if not (np.all(np.isfinite(rr)) and np.all(np.isfinite(dd))):
        raise InvalidInput("r and d must be finite")
    if np.any(rr < 0) or np.any(rr > dd) or np.any(rr != np.round(rr)):
        raise InvalidInput("each r_t must be a whole count between 0 and d_t")
    return rr, dd


def batched(
    r: Any,
    d: Any,
    s: float = 2.0,
    gamma: float = 1.0,
    *,
    labels: Any = None,
    min_duration: int = 1,
) -> BatchedResult:
    """Two-state batched bursts: r_t relevant of d_t documents per period (Kleinberg 2003 §4).

    p₀ = Σr/Σd, p₁ = s·p₀ capped at 0.99999; σ_i(t) = −ln[C(d_t, r_t)·p_i^r_t·(1−p_i)^(d_t−r_t)];
    moving up costs γ·ln T. The path starts in the base state and is the Viterbi optimum.
    """
    _check_parameters(s, gamma)
    rr, dd = _batch_inputs(r, d)
    names = list(range(len(rr))) if labels is None else list(labels)
    if len(names) != len(rr):
        raise InvalidInput("labels must name every period")
    states, sigma0, sigma1 = batched_viterbi(rr[None, :], dd[None, :], s, gamma)
    p0 = float(rr.sum() / max(dd.sum(), 1.0))
    return BatchedResult(
        names,
        rr,
        dd,
        states[0],
        sigma0[0],
        sigma1[0],
        p0,
        min(s * p0, 0.99999),
        batch_bursts(states[0], sigma0[0], sigma1[0], names, min_duration),
        s,
        gamma,
    )


def batched_table(
    r: pd.DataFrame,
    d: Any,
    s: float = 2.0,
    gamma: float = 1.0,
    *,
    min_total: int = 1,
    min_duration: int = 1,
) -> pd.DataFrame:
    """Bursts of many terms at once: ``r`` is terms × periods counts, ``d`` totals per period.

    One row per burst: term, start, end, weight, sorted by weight (strongest first). Terms with
    fewer than ``min_total`` events are skipped.
    """
    _check_parameters(s, gamma)
    keep = r[r.sum(axis=1) >= min_total]
    columns = ["term", "start", "end", "weight"]
    if keep.empty:
        return pd.DataFrame(columns=columns)
    dd = np.broadcast_to(np.asarray(d, dtype=np.float64), keep.shape)
    states, sigma0, sigma1 = batched_viterbi(keep.to_numpy(dtype=np.float64), dd, s, gamma)
    labels = list(keep.columns)
    rows = [
        (term, b.start, b.end, b.weight)
        for i, term in enumerate(keep.index)
        if states[i].any()
        for b in batch_bursts(states[i], sigma0[i], sigma1[i], labels, min_duration)
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("weight", ascending=False, ignore_index=True)

"""Kleinberg burst detection: every published case of the continuous automaton, and planted
bursts for the batched two-state variant (Kleinberg, KDD 2002; DMKD 7:373–397, 2003)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.patents.bursts import Burst, batched, batched_table, kleinberg


def test_continuous_automaton_reproduces_every_reference_case(
    kleinberg_cases: list[dict[str, Any]],
) -> None:
    """Louridas, AUEB algorithms course assignment 2024-2, examples 1–10: state intervals."""
    for case in kleinberg_cases:
        result = kleinberg(case["offsets"], s=case["s"], gamma=case["gamma"])
        assert [list(seg) for seg in result.segments] == case["intervals"], case["file"]


def test_two_state_case_reproduces_the_full_cost_matrix(
    kleinberg_cases: list[dict[str, Any]],
) -> None:
    """Same source: the Viterbi cost matrix of two_states.txt (rounded to 2 dp), row 0 = q0."""
    case = next(c for c in kleinberg_cases if c["file"] == "two_states.txt")
    result = kleinberg(case["offsets"], s=2, gamma=1, keep_costs=True)
    expected = np.array(
        [
            [math.inf if v == "inf" else v for v in row]
            for row in case["viterbi_cost_matrix_rounded_2dp"]
        ]
    )
    assert result.costs is not None
    np.testing.assert_array_equal(np.round(result.costs, 2), expected)
    assert [0, *result.states.tolist()] == case["state_sequence"]
    assert result.k == 7


def test_hierarchical_output_opens_each_level_as_r_bursts_does(
    kleinberg_cases: list[dict[str, Any]],
) -> None:
    """R bursts::kleinberg: level 1 spans everything; a jump of two states opens two levels."""
    case = next(c for c in kleinberg_cases if c["file"] == "three_states_1.txt")
    result = kleinberg(case["offsets"], s=2, gamma=1)
    assert result.bursts == [
        Burst(1, 0.0, 1000.0),
        Burst(2, 410.0, 600.0),
        Burst(3, 450.0, 469.0),
        Burst(2, 710.0, 800.0),
    ]
    four = next(c for c in kleinberg_cases if c["file"] == "four_states.txt")
    levels = kleinberg(four["offsets"], s=1.1, gamma=0.025).to_frame()
    assert levels[levels["start"] == 33.81]["level"].tolist() == [2, 3, 4, 5, 6, 7]


def test_kleinberg_refuses_equal_event_times_and_bad_parameters() -> None:
    with pytest.raises(InvalidInput, match="distinct"):
        kleinberg([1.0, 2.0, 2.0, 3.0])
    with pytest.raises(InvalidInput, match="s must be greater than 1"):
        kleinberg([1.0, 2.0, 3.0], s=1.0)
    with pytest.raises(InvalidInput, match="gamma must be positive"):
        kleinberg([1.0, 2.0, 3.0], gamma=0)


def test_batched_finds_a_planted_burst_with_its_start_end_and_weight() -> None:
    d = [1000] * 12
    r = [10, 12, 9, 11, 10, 40, 45, 42, 10, 9, 11, 10]
    result = batched(r, d, s=2, gamma=1, labels=range(2007, 2019))
    assert len(result.bursts) == 1
    burst = result.bursts[0]
    assert (burst.start, burst.end) == (2012, 2014)
    gain = result.sigma0[5:8] - result.sigma1[5:8]
    assert burst.weight == pytest.approx(float(gain.sum()))
    assert burst.weight > 0
    assert result.p1 == pytest.approx(2 * result.p0)


def test_batched_without_a_burst_stays_in_the_base_state() -> None:
    result = batched([10, 11, 9, 10, 10, 12], [1000] * 6)
    assert result.bursts == []
    assert result.to_frame()["state"].sum() == 0


def test_batched_gamma_trades_off_short_bursts() -> None:
    """Kleinberg 2003 §4: a higher transition cost γ suppresses short, weak bursts."""
    r = [10, 10, 10, 18, 10, 10, 10, 10]
    d = [1000] * 8
    assert len(batched(r, d, gamma=0.1).bursts) == 1
    assert batched(r, d, gamma=5).bursts == []


def test_minimum_duration_hides_short_bursts_only() -> None:
    """CiteSpace's minimum duration: raise it to report fewer, longer bursts."""
    r = [10, 40, 10, 10, 40, 42, 41, 10, 10, 10]
    d = [1000] * 10
    assert [(b.start, b.end) for b in batched(r, d).bursts] == [(1, 1), (4, 6)]
    assert [(b.start, b.end) for b in batched(r, d, min_duration=2).bursts] == [(4, 6)]


def test_batched_handles_large_batches_without_overflow() -> None:
    d = [200_000] * 6
    r = [2_000, 2_100, 9_000, 9_500, 2_000, 1_900]
    bursts = batched(r, d).bursts
    assert [(b.start, b.end) for b in bursts] == [(2, 3)]


def test_batched_table_finds_planted_bursts_across_many_terms() -> None:
    rng = np.random.default_rng(7)
    d = np.full(10, 5000)
    counts = rng.binomial(d, 0.01, size=(50, 10))
    counts[3, 4:7] = rng.binomial(d[4:7], 0.05)
    counts[17, 8:] = rng.binomial(d[8:], 0.04)
    table = pd.DataFrame(counts, index=[f"t{i}" for i in range(50)], columns=range(2010, 2020))
    found = batched_table(table, d)
    assert set(found["term"].head(2)) == {"t3", "t17"}
    top = found.set_index("term")
    assert (top.loc["t3", "start"], top.loc["t3", "end"]) == (2014, 2016)
    assert (top.loc["t17", "start"], top.loc["t17", "end"]) == (2018, 2019)


def test_batched_rejects_more_relevant_than_total_documents() -> None:
    with pytest.raises(InvalidInput, match="between 0 and d_t"):
        batched([1, 5], [2, 2])

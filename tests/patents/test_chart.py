"""The 专利技术生命周期图 stage reading and the patent index method (DOMAIN.md §5.2: standard
Chinese patent-analysis practice, cited as such)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.patents.chart import lifecycle_chart, patent_index


def test_chart_reads_each_phase_from_the_changes_of_applications_and_applicants() -> None:
    years = range(2001, 2012)
    applications = [5, 6, 40, 90, 150, 200, 240, 200, 150, 200, 260]
    applicants = [4, 5, 30, 60, 90, 88, 80, 60, 45, 60, 80]
    chart = lifecycle_chart(years, applications, applicants)
    assert chart.phase == [
        "emerging",
        "emerging",
        "growth",
        "growth",
        "growth",
        "maturity",
        "maturity",
        "decline",
        "decline",
        "recovery",
        "recovery",
    ]
    assert chart.stage_zh == "复苏期"
    assert chart.to_frame().loc[2006, "phase_zh"] == "成熟期"


def test_chart_stage_ignores_the_censored_last_years() -> None:
    years = range(2010, 2016)
    chart = lifecycle_chart(
        years, [100, 150, 200, 150, 100, 130], [80, 100, 90, 70, 50, 60], censored_years=1
    )
    assert chart.phase[-1] == "recovery"  # the incomplete last year is still shown
    assert chart.stage == "decline"


def test_chart_calls_flat_or_opposite_changes_mixed() -> None:
    chart = lifecycle_chart([2001, 2002, 2003], [100, 101, 80], [100, 100, 120])
    assert chart.phase[1:] == ["mixed", "mixed"]


def test_patent_index_follows_the_four_formulas() -> None:
    years = list(range(2010, 2018))
    a = np.array([10, 20, 30, 40, 50, 60, 70, 80], dtype=float)
    b = np.full(8, 20.0)
    c = np.full(8, 10.0)
    index = patent_index(years, a, b, c)
    frame = index.to_frame()
    assert math.isnan(frame.loc[2014, "v"])
    assert frame.loc[2015, "v"] == pytest.approx(60 / 150)
    assert frame.loc[2015, "alpha"] == pytest.approx(60 / 80)
    assert frame.loc[2015, "beta"] == pytest.approx(80 / 90)
    assert frame.loc[2015, "N"] == pytest.approx(math.hypot(60 / 150, 60 / 80))


def test_patent_index_without_utility_models_leaves_alpha_undefined_with_a_note() -> None:
    index = patent_index(range(2010, 2017), [1, 2, 3, 4, 5, 6, 7])
    assert np.isnan(index.maturity_coefficient).all()
    assert index.growth_rate[-1] == pytest.approx(7 / 20)
    assert "utility-model" in index.notes[0]


def test_chart_rejects_series_of_different_lengths() -> None:
    with pytest.raises(InvalidInput, match="one value per year"):
        lifecycle_chart([2001, 2002], [1, 2], [1])
    with pytest.raises(InvalidInput, match="besides censored"):
        lifecycle_chart([2001, 2002], [1, 2], [1, 2], censored_years=1)

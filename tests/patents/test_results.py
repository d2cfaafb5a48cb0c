"""Every result explains itself: parameters and intermediates in ``to_dict()`` (JSON-ready)
and a table in ``to_frame()`` (STYLE.md §7)."""

from __future__ import annotations

import json

import numpy as np

from xinzhi.patents.bursts import batched, kleinberg
from xinzhi.patents.chart import lifecycle_chart, patent_index
from xinzhi.patents.curves import logistic
from xinzhi.patents.lifecycle import fit_s_curve


def test_results_keep_their_parameters_and_serialise_to_json() -> None:
    years = np.arange(2000, 2016)
    yearly = np.diff(logistic(np.arange(1999, 2016, dtype=float), 500.0, 2008.0, 2.0))
    results = {
        "curve": fit_s_curve(years, yearly, "gompertz"),
        "kleinberg": kleinberg([0, 10, 20, 30, 31, 32, 33, 34, 35, 40], s=3, gamma=0.5),
        "batched": batched([1, 1, 9, 1], [100] * 4, s=2.5, gamma=0.8),
        "chart": lifecycle_chart(years, yearly, yearly / 2),
        "index": patent_index(years, yearly),
    }
    dicts = {name: result.to_dict() for name, result in results.items()}
    json.dumps(dicts)  # NaN is allowed here; the CLI turns it into null
    assert dicts["curve"]["model"] == "gompertz" and dicts["curve"]["censored_years"] == 1
    assert (dicts["kleinberg"]["s"], dicts["kleinberg"]["gamma"]) == (3, 0.5)
    assert (dicts["batched"]["s"], dicts["batched"]["gamma"]) == (2.5, 0.8)
    assert dicts["batched"]["bursts"][0]["start"] == 2
    assert dicts["chart"]["flat"] == 0.05 and dicts["index"]["window"] == 5
    for result in results.values():
        assert len(result.to_frame()) > 0


def test_package_exposes_the_public_functions_lazily() -> None:
    import xinzhi.patents as xp

    assert xp.fit_s_curve is fit_s_curve
    assert xp.kleinberg is kleinberg and xp.batched is batched
    assert set(xp.__all__) >= {"fit_s_curve", "kleinberg", "batched", "bursts_of"}

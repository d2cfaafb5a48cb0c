"""track_maturity: the distribution of TRLs over a set, on one scale (hand-computed figures)."""

from __future__ import annotations

from xinzhi.maturity.scales import TrlValue
from xinzhi.maturity.track import track_maturity


def test_summary_on_one_scale() -> None:
    result = track_maturity([(3, "gbt"), (5, "gbt"), (5, "gbt"), (9, "gbt")], scale="gbt")
    assert result.n == 4 and result.mean == 5.5 and result.median == 5.0
    assert result.distribution[5] == 2 and sum(result.distribution.values()) == 4
    assert result.share_at_least == {
        1: 1.0,
        2: 1.0,
        3: 1.0,
        4: 0.75,
        5: 0.75,
        6: 0.25,
        7: 0.25,
        8: 0.25,
        9: 0.25,
    }
    assert result.approximate == 0


def test_mixed_scales_are_converted_and_counted() -> None:
    values = [TrlValue(level=4, scale="nasa"), (4, "eu"), (6, "eu"), (7, "gbt")]
    on_nasa = track_maturity(values, scale="nasa")
    assert on_nasa.mean == 5.25
    assert on_nasa.approximate == 2  # EU 6 → NASA 6 and GB/T 7 → NASA 7; EU 4 is exact


def test_empty_set() -> None:
    result = track_maturity([], scale="eu")
    assert result.n == 0 and result.mean is None and result.median is None
    assert set(result.share_at_least.values()) == {0.0}

"""Golden values of the pure kernels, each computed by hand in the docstring or comment."""

from __future__ import annotations

import pytest

from xinzhi.chains import measures as ms
from xinzhi.chains.placement import NodeRule, Placer, combine, ipc_under, term_confidence
from xinzhi.chains.weak import components_of, default_weights, weak_score


@pytest.mark.parametrize(
    ("code", "pattern", "under"),
    [
        ("H01M4/13", "H01M4", True),
        ("H01M40/10", "H01M4", False),  # a main group does not cover H01M40
        ("H01M10/0525", "H01M10/05", True),
        ("H01L31/042", "H01L", True),
        ("H01L31/042", "H01L31/04", True),
        ("C01B33/035", "C01B33/02", False),  # IPC dots, not digits: list /03 explicitly
    ],
    ids=lambda v: str(v),
)
def test_ipc_under(code: str, pattern: str, under: bool) -> None:
    assert ipc_under(code, pattern) is under


def test_term_confidence_grows_with_length_and_count() -> None:
    assert term_confidence(["光伏组件"]) == pytest.approx(0.45 + 0.04 * 4)
    assert term_confidence(["组件", "电池"]) == pytest.approx(0.45 + 0.04 * 2 + 0.1)
    assert term_confidence(["太阳能电池组件", "光伏组件", "层压", "双玻"]) == 0.85  # the cap
    assert combine(0.9, 0.61) == pytest.approx(1 - 0.1 * 0.39)


def _placer() -> Placer:
    return Placer(
        [
            NodeRule("cell", ("H01L31/18",), ("太阳能电池",)),
            NodeRule("module", ("H01L31/042",), ("太阳能电池组件", "光伏组件")),
            NodeRule("poly", (), ("多晶硅",), ("多晶硅太阳能电池",)),
        ]
    )


def test_leftmost_longest_term_wins() -> None:
    hits = _placer().place("一种太阳能电池组件")
    assert [(h.node_key, h.method) for h in hits] == [("module", "terms")]
    assert hits[0].reasons() == ["关键词匹配：太阳能电池组件"]


def test_exclusion_drops_a_node_and_ipc_keeps_several() -> None:
    assert [h.node_key for h in _placer().place("多晶硅太阳能电池的制备")] == ["cell"]
    hits = _placer().place("一种层压方法", ["H01L 31/042", "H01L31/18"], "H01L31/042")
    assert [(h.node_key, h.confidence) for h in hits] == [("module", 0.9), ("cell", 0.8)]
    assert hits[0].reasons() == ["IPC 分类号匹配：H01L31/042"]


def test_ipc_and_terms_combine() -> None:
    (hit,) = _placer().place("光伏组件", ["H01L31/042"], "H01L31/042")
    assert hit.method == "ipc+terms"
    assert hit.confidence == pytest.approx(1 - (1 - 0.9) * (1 - 0.61))


def test_ratios_hhi_growth() -> None:
    # LQ = (2/10) / (5/100) = 4; symmetric (4 − 1)/(4 + 1) = 0.6
    assert ms.location_quotient(2, 10, 5, 100) == pytest.approx(4.0)
    assert ms.symmetric(4.0) == pytest.approx(0.6)
    assert ms.revealed_advantage(1, 0, 5, 100) is None
    assert ms.hhi([3, 1]) == pytest.approx(0.75**2 + 0.25**2)
    assert ms.hhi([]) is None
    assert ms.symmetric_growth(6, 2) == pytest.approx(0.5)
    assert ms.symmetric_growth(0, 0) is None


def test_single_points_of_failure() -> None:
    """a → b → d ← c, d the flagship: b and d cut the undirected graph; every path from a to
    d passes b. a and c are sources, nothing depends on them alone."""
    found = ms.single_points_of_failure({"a": [], "b": ["a"], "c": [], "d": ["b", "c"]}, ["d"])
    assert {k for k, v in found.items() if v} == {"b", "d"}
    assert len(found["b"]) == 2 and len(found["d"]) == 1


def test_weak_score_renormalises_over_known_components() -> None:
    result = weak_score({"x": 1.0, "y": 0.0, "z": None}, {"x": 0.3, "y": 0.1, "z": 0.6})
    assert result.score == pytest.approx(0.75)
    assert result.left_out == ["z"]
    assert result.top() == ["x"]
    assert weak_score({"x": None}, {"x": 1.0}).score is None


def test_components_of_hand_computed_node() -> None:
    m = {
        "rta": 2.0, "lq_enterprises": None, "growth": 0.0, "hhi": 1.0, "local_achievements": 1,
        "local_experts": 1, "local_institutes": 0, "open_demands": 3,
        "trl_bands": {"4-6": 1}, "single_point": False,
    }  # fmt: skip
    c = components_of(m)
    assert c == {
        "patent_specialisation": pytest.approx((1 - 1 / 3) / 2),
        "enterprise_presence": None,
        "growth": 0.5,
        "concentration": 1.0,
        "research_supply": pytest.approx(1 / 3),
        "trl_gap": 0.0,
        "demand_pressure": 0.75,
        "single_point": 0.0,
    }
    assert sum(default_weights().values()) == pytest.approx(1.0)

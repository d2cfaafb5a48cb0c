"""The duplicate finder: the prefix-filtered join finds exactly what comparing all pairs finds."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xinzhi.catalog.importing.dedupe import Existing, comparison_key, find_duplicates
from xinzhi.core.text import bigrams, jaccard

THRESHOLD = 0.8


def brute_force_near(
    titles: list[str], threshold: float, existing: list[str] | None = None
) -> set[int]:
    """Positions flagged near by comparing all pairs: the first row of each distinct title,
    not equal to an existing title, similar to an earlier distinct title or an existing one."""
    first: dict[str, int] = {}
    for i, title in enumerate(titles):
        first.setdefault(comparison_key(title), i)
    old = {comparison_key(t): t for t in existing or []}
    near = set()
    for key, i in first.items():
        if key in old:
            continue
        others = [titles[j] for j in first.values() if j < i] + list(old.values())
        if any(jaccard(bigrams(titles[i]), bigrams(o)) >= threshold for o in others):
            near.add(i)
    return near


def test_demand_titles_have_61_exact_and_1_near_duplicate(demands_csv: Path) -> None:
    with demands_csv.open(encoding="utf-8", newline="") as fh:
        titles = [row["demand_title"] for row in csv.DictReader(fh)]
    matches, stats = find_duplicates(titles, [], THRESHOLD)
    exact = [m for m in matches if m.kind == "exact"]
    near = [m for m in matches if m.kind == "near"]
    assert (len(exact), len(near)) == (61, 1)
    assert {m.index for m in near} == brute_force_near(titles, THRESHOLD)
    assert stats["pairs_compared"] < len(titles) * (len(titles) - 1) // 2 // 100


TITLE = st.text(alphabet="储能电池热泵系统材料技术一种方法装置", min_size=0, max_size=14)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(TITLE, max_size=40),
    st.lists(TITLE, max_size=10),
    st.sampled_from([0.5, 0.6, 0.8, 0.9]),
)
def test_prefix_join_equals_all_pairs(titles: list[str], old: list[str], threshold: float) -> None:
    existing = [Existing(i, t) for i, t in enumerate(old, start=1)]
    matches, _ = find_duplicates(titles, existing, threshold)
    found = {m.index for m in matches if m.kind == "near"}
    assert found == brute_force_near(titles, threshold, old)


def test_existing_records_are_matched_and_named() -> None:
    existing = [
        Existing(7, "一种锂离子电池正极材料"),
        Existing(9, "一种高效热泵干燥系统及其控制方法"),
    ]
    titles = ["一种锂离子电池正极材料", "一种高效热泵干燥系统及控制方法", "风力发电机组"]
    matches, _ = find_duplicates(titles, existing, THRESHOLD)
    by_index = {m.index: m for m in matches}
    assert by_index[0].kind == "exact" and by_index[0].existing_id == 7
    assert by_index[1].kind == "near" and by_index[1].existing_id == 9
    assert 2 not in by_index


def test_titles_that_are_only_a_tag_still_compare_as_equal() -> None:
    matches, _ = find_duplicates(["【项目落地对接】", "【项目落地对接】"], [], THRESHOLD)
    assert [(m.index, m.kind, m.other_index) for m in matches] == [(1, "exact", 0)]

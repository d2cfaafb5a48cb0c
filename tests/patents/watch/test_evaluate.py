"""The run's comparison without the database: planted bursts, a planted stage change, maturity
thresholds, competitor filings and the baseline rule."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.patents.watch.helpers import logistic_counts, table
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.watch.evaluate import QUERY_TERM, evaluate
from xinzhi.patents.watch.thresholds import Thresholds, fold

YEARS = list(range(2000, 2016))
CORPUS = dict.fromkeys(YEARS, 1000)


def _query_only() -> Thresholds:
    return Thresholds(burst_fields=("query",))


def test_first_run_is_the_baseline_and_raises_nothing() -> None:
    frame = table(YEARS, [50] * 14 + [150, 150])
    result = evaluate(frame, CORPUS, ["王永向"], _query_only(), None)
    assert result.triggers == []
    assert result.snapshot["applications"][2014] == 150
    assert result.snapshot["max_patent_id"] == len(frame)


def test_planted_burst_of_the_query_share_warns_with_its_counts() -> None:
    before = table(YEARS[:14], [50] * 14)
    after = table(YEARS, [50] * 14 + [150, 150])
    previous = evaluate(before, CORPUS, [], _query_only(), None).snapshot
    assert previous["bursts"] == []
    result = evaluate(after, CORPUS, [], _query_only(), previous)
    (trigger,) = result.triggers
    assert trigger.kind == "burst"
    assert trigger.details["term"] == QUERY_TERM
    assert (trigger.details["start"], trigger.details["end"]) == (2014, 2015)
    assert trigger.details["r"] == [150, 150] and trigger.details["d"] == [1000, 1000]
    assert "150/1000" in trigger.explanation and "s = 2.0" in trigger.explanation
    assert trigger.dedupe_key == f"burst:query:{QUERY_TERM}:2014"


def test_a_burst_already_seen_or_only_in_history_is_not_news() -> None:
    frame = table(YEARS, [50] * 5 + [150, 150] + [50] * 9)
    snapshot = evaluate(frame, CORPUS, [], _query_only(), None).snapshot
    assert [(b["start"], b["end"]) for b in snapshot["bursts"]] == [(2005, 2006)]
    again = evaluate(frame, CORPUS, [], _query_only(), snapshot)
    assert again.triggers == []  # the same burst overlaps the previous one
    old_history = {**snapshot, "bursts": []}
    assert evaluate(frame, CORPUS, [], _query_only(), old_history).triggers == []


def test_planted_keyword_burst_names_the_term() -> None:
    titles = [["一种光伏组件"] * 40 for _ in YEARS[:14]]
    before = table(YEARS[:14], [40] * 14, titles)
    titles_after = titles + [["一种光伏组件"] * 20 + ["钙钛矿电池片"] * 20 for _ in range(2)]
    after = table(YEARS, [40] * 16, titles_after)
    th = Thresholds(burst_fields=("keyword",))
    previous = evaluate(before, CORPUS, [], th, None).snapshot
    triggers = evaluate(after, CORPUS, [], th, previous).triggers
    terms = {t.details["term"]: (t.details["start"], t.details["end"]) for t in triggers}
    assert terms["钙钛矿"] == (2014, 2015)
    assert {start for start, _ in terms.values()} == {2014}  # 光伏, 组件 fell: no burst
    assert all(t.severity == "info" and t.kind == "burst" for t in triggers)


def test_planted_stage_change_and_maturity_crossing_explain_the_numbers() -> None:
    counts = logistic_counts(1996, 2010, k=2000, xmid=2008, scal=2.0)
    years = list(range(1996, 2011))
    th = Thresholds(burst_fields=(), maturity=(0.5, 0.9))
    before = evaluate(table(years[:11], counts[:11]), CORPUS, [], th, None).snapshot
    after = evaluate(table(years, counts), CORPUS, [], th, before)
    assert before["lifecycle"]["stage"] == "growth"  # true y/K at 2005 ≈ 18 %
    assert after.snapshot["lifecycle"]["stage"] == "maturity"  # true y/K at 2009 ≈ 62 %
    by_kind: dict[str, list[str]] = {}
    for t in after.triggers:
        by_kind.setdefault(t.kind, []).append(t.dedupe_key)
    assert by_kind == {
        "stage_change": ["stage:logistic:growth->maturity:2009"],
        "maturity": ["maturity:logistic:0.5:up:2009"],
    }
    stage = next(t for t in after.triggers if t.kind == "stage_change")
    m0, m1 = before["lifecycle"]["maturity"], after.snapshot["lifecycle"]["maturity"]
    assert m0 < 0.5 <= m1  # before the inflection K̂ is low, so m0 exceeds the true 18 %
    assert f"{m0:.1%}" in stage.explanation and f"{m1:.1%}" in stage.explanation
    assert "成长期" in stage.title and "成熟期" in stage.title
    back = evaluate(table(years[:11], counts[:11]), CORPUS, [], th, after.snapshot)
    assert [t.details["direction"] for t in back.triggers if t.kind == "maturity"] == ["down"]


def test_new_filings_name_the_competitor_patents_after_the_last_seen_id() -> None:
    frame = table([2014, 2015], [3, 3])
    frame["applicants"] = pd.Series(
        [["隆基绿能科技股份有限公司"], [], [], ["ＬＯＮＧｉ 隆基绿能"], [], ["晶科能源"]],
        dtype=object,
    )
    frame["inventors"] = pd.Series([[], ["王永向"], [], [], ["王永向"], []], dtype=object)
    previous = evaluate(frame.iloc[:3], {}, ["隆基绿能", "王永向"], _query_only(), None)
    assert previous.snapshot["competitors"] == {"隆基绿能": 1, "王永向": 1}
    result = evaluate(frame, {}, ["隆基绿能", "王永向"], _query_only(), previous.snapshot)
    filings = {t.details["competitor"]: t for t in result.triggers if t.kind == "new_filing"}
    assert [p["pub_no"] for p in filings["隆基绿能"].details["patents"]] == ["CN000000004A"]
    assert filings["隆基绿能"].details["patents"][0]["matched"] == "applicant"
    assert [p["id"] for p in filings["王永向"].details["patents"]] == [5]
    assert "CN000000005A" in filings["王永向"].explanation
    assert "最大专利记录号 3" in filings["王永向"].explanation


def test_names_are_compared_after_width_and_case_folding() -> None:
    assert fold("ＬＯＮＧｉ 隆基") == fold("longi隆基")


@pytest.mark.parametrize(
    "raw",
    [{"s": 1.0}, {"burst_fields": ["abstract"]}, {"maturity": [0]}, {"colour": "red"}],
)
def test_bad_thresholds_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        Thresholds.from_dict(raw)

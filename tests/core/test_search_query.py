"""Query parsing for full-text search: word boundaries, synonyms, substrings, quoting."""

from __future__ import annotations

import pytest

from xinzhi.core.search_query import (
    Thesaurus,
    bigrams,
    fts5_expression,
    parse,
    pg_conditions,
    thesaurus,
)

WORDS = Thesaurus(["# comment", "锂电池 = 锂离子电池", "氢能 = 氢能源", "氢能 > 制氢 储氢"])


def test_equivalent_terms_expand_both_ways_and_narrower_terms_one_way() -> None:
    assert WORDS.alternatives("锂电池") == ["锂电池", "锂离子电池"]
    assert WORDS.alternatives("锂离子电池") == ["锂离子电池", "锂电池"]
    assert WORDS.alternatives("氢能") == ["氢能", "氢能源", "储氢", "制氢"]
    assert WORDS.alternatives("制氢") == ["制氢"]


def test_a_term_is_only_recognised_on_word_boundaries_of_the_query() -> None:
    assert [u.text for u in parse("制氢能力", WORDS)] == ["制氢", "能力"]
    assert [u.text for u in parse("氢能源汽车", WORDS)] == ["氢能源", "汽车"]
    assert [u.text for u in parse("锂离子电池回收", WORDS)] == ["锂离子电池", "回收"]


def test_own_text_matches_as_words_or_substring_synonyms_as_words() -> None:
    (unit,) = parse("锂电池", WORDS)
    own, synonym = unit.alternatives
    assert (own.words, own.grams) == (("锂电池",), ("锂电", "电池"))
    assert (synonym.words, synonym.grams) == (("锂离子", "电池"), ())


def test_stopwords_punctuation_and_repeats_leave_no_unit() -> None:
    assert parse("的，。！", WORDS) == ()
    assert [u.text for u in parse("光伏 光伏 的 光伏", WORDS)] == ["光伏"]


def test_bigrams_follow_runs_of_chinese_characters_only() -> None:
    assert bigrams("氢能源 (H2) 汽车") == ["氢能", "能源", "汽车"]
    assert bigrams("氢") == []


@pytest.mark.parametrize("query", ['"电池" OR x', "a' | b", "NEAR(电池)", "tokens : 光伏"])
def test_user_text_is_quoted_in_both_query_languages(query: str) -> None:
    units = parse(query, WORDS)
    expression = fts5_expression(units, "patents")
    assert expression.startswith('entity_type : "patents" AND (')
    for unit in units:
        for alt in unit.alternatives:
            for word in alt.words:
                assert '"' + word.replace('"', '""') + '"' in expression
    conditions, params = pg_conditions(units)
    assert ":w0" in conditions and query not in conditions
    assert all(value.count("'") % 2 == 0 for value in params.values())


def test_bundled_synonym_list_covers_the_cases_users_reported() -> None:
    words = thesaurus()
    assert "锂离子电池" in words.alternatives("锂电池")
    assert {"氢能源", "氢燃料电池", "制氢"} <= set(words.alternatives("氢能"))
    assert {"导电银浆", "正银", "背银"} <= set(words.alternatives("银浆"))

"""Cell conversions: Chinese date forms, lists, numbers, readiness levels and budget texts."""

from __future__ import annotations

import datetime as dt

import pytest

from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.catalog.importing.convert import (
    to_date,
    to_enum_value,
    to_float,
    to_int,
    to_list,
    to_text,
    to_trl,
    to_wan,
)


@pytest.mark.parametrize(
    "cell",
    [
        "2020-07-31",
        "2020/7/31",
        "2020年7月31日",
        "20200731",
        "2020.07.31",
        "２０２０－０７－３１",
        "2020-07-31 10:15:00",
        "2020-07-31T10:15:00+08:00",
        20200731,
        44043,
        dt.datetime(2020, 7, 31, 0, 0),
        dt.date(2020, 7, 31),
    ],
)
def test_dates_in_the_usual_chinese_forms(cell: object) -> None:
    assert to_date(cell) == dt.date(2020, 7, 31)


@pytest.mark.parametrize("cell", ["2020", 2020, "2020-02-30", "明年", "7/31/2020"])
def test_things_that_are_not_dates_are_refused(cell: object) -> None:
    with pytest.raises(ValueError):
        to_date(cell)


def test_lists_split_on_the_separators_chinese_exports_use() -> None:
    assert to_list("储能;电池；热泵,光伏，风电、氢能_核能|地热") == [
        "储能",
        "电池",
        "热泵",
        "光伏",
        "风电",
        "氢能",
        "核能",
        "地热",
    ]
    assert to_list("H01M10/052; H01M4/13") == ["H01M10/052", "H01M4/13"]
    assert to_list(["a ", "", "b"]) == ["a", "b"]


def test_numbers_with_thousands_separators() -> None:
    assert to_float("1,234.5") == 1234.5 and to_int("12,345") == 12345
    assert to_int(7.0) == 7 and to_float("１２") == 12
    for bad in ("12,34", "abc", "1.5.2"):
        with pytest.raises(ValueError):
            to_float(bad)
    with pytest.raises(ValueError, match="whole number"):
        to_int("2.5")


def test_amounts_in_wan_accept_units() -> None:
    assert (to_wan("50万"), to_wan("1.2亿"), to_wan("30"), to_wan(12)) == (50, 12000, 30, 12)


@pytest.mark.parametrize("cell", ["6", 6, "TRL6", "trl-6", "6级", "TRL 6"])
def test_readiness_levels(cell: object) -> None:
    assert to_trl(cell) == 6


def test_text_keeps_content_and_drops_excel_float_noise() -> None:
    assert to_text(13800138000.0) == "13800138000" and to_text("  a b ") == "a b"
    assert to_text(dt.datetime(2020, 1, 2)) == "2020-01-02"


def test_enum_labels_in_chinese() -> None:
    assert (to_enum_value("公开"), to_enum_value("高校"), to_enum_value("GBT")) == (
        "public",
        "university",
        "gbt",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10~50万", (10, 50)),
        ("50-200万元", (50, 200)),
        ("100万以上", (100, None)),
        (">200万", (200, None)),
        ("<1万", (None, 1)),
        ("1~10万", (1, 10)),
        ("面议", (None, None)),
        ("1亿", (10000, 10000)),
        ("5000万-1亿", (5000, 10000)),
        ("5000元", (0.5, 0.5)),
        ("50万至100万", (50, 100)),
        ("１０～５０万", (10, 50)),
        ("约50万", (50, 50)),
    ],
)
def test_budget_texts_become_ranges_in_wan(text: str, expected: tuple[object, object]) -> None:
    assert parse_budget(text) == expected


@pytest.mark.parametrize("text", ["50", "3-5年", "若干", "100-50万"])
def test_budget_texts_not_understood_give_no_range(text: str) -> None:
    assert parse_budget(text) is None


def test_bare_budget_numbers_use_the_unit_of_the_header() -> None:
    assert parse_budget("50", default_unit="万") == (50, 50)

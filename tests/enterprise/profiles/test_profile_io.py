"""Reading enterprise profiles from CSV, Excel and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.enterprise.helpers import firms_csv
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise.profiles.profile_io import read_profiles


def test_csv_holds_many_enterprises_one_row_per_year(tmp_path: Path) -> None:
    first, second = read_profiles(firms_csv(tmp_path))
    assert first.name == "甲公司" and [y.year for y in first.years] == [2024, 2025]
    assert first.strategic_emerging is True and first.registered_on == dt.date(2015, 3, 1)
    assert second.years[0].revenue == 12000 and second.strategic_emerging is False


def test_xlsx_reads_item_sheets_by_enterprise(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["企业名称", "年度", "营业收入"])
    sheet.append(["甲公司", 2025, 5000])
    ip = book.create_sheet("知识产权")
    ip.append(["企业名称", "知识产权类别", "授权日", "Ⅰ类高价值"])
    ip.append(["甲公司", "发明专利", "2020-01-01", "是"])
    path = tmp_path / "firms.xlsx"
    book.save(path)
    (profile,) = read_profiles(path)
    assert profile.ip[0].kind == "invention" and profile.ip[0].high_value is True


def test_json_accepts_one_profile_or_a_list(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"name": "甲", "years": [{"year": 2025}]}), encoding="utf-8")
    assert [p.name for p in read_profiles(path)] == ["甲"]
    path.write_text(json.dumps({"enterprises": [{"name": "甲"}, {"name": "乙"}]}), encoding="utf-8")
    assert len(read_profiles(path)) == 2
    path.write_text(json.dumps([{"name": "甲", "years": [{"year": "x"}]}]), encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_profiles(path)
    assert err.value.details[0]["field"] == "years.0.year"


def test_an_unknown_column_can_be_mapped_like_the_catalog_import(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("企业名称,年度,研发投入合计\n甲公司,2025,300\n", encoding="utf-8")
    assert read_profiles(path)[0].years[0].rd_expense is None
    (profile,) = read_profiles(path, {"研发投入合计": "rd_expense"})
    assert profile.years[0].rd_expense == 300
    with pytest.raises(InvalidInput, match="not a profile field"):
        read_profiles(path, {"研发投入合计": "nope"})

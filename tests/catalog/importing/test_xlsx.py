"""Excel input: cached formula values, merged cells, Excel dates, title rows, rejects as .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from tests.catalog.importing.helpers import run
from xinzhi.catalog.importing import ImportRejected
from xinzhi.catalog.importing.xlsx import FORMULA_WITHOUT_VALUE
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput


def write_xlsx(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def test_xlsx_with_a_merged_title_row_and_excel_dates_imports(db: Database, tmp_path: Path) -> None:
    rows = [
        ["2020年企业技术需求汇总表", None, None],
        ["需求名称", "发布日期", "预算金额"],
        ["储能系统", dt.datetime(2020, 7, 31), "10~50万"],
        ["热泵技术", 44043, "面议"],
    ]
    path = write_xlsx(tmp_path / "demands.xlsx", rows, merges=("A1:C1",))
    report = run(db, "demands", path)
    assert (report.format, report.header_row, report.counts.created) == ("xlsx", 2, 2)
    with db.read() as session:
        dates = {t: d for t, d in session.execute(select(Demand.title, Demand.published_on))}
    assert dates == {"储能系统": dt.date(2020, 7, 31), "热泵技术": dt.date(2020, 7, 31)}


def test_merged_header_cells_are_refused_with_their_range(db: Database, tmp_path: Path) -> None:
    rows = [["需求名称", "预算", None], ["储能系统", "10万", "x"]]
    path = write_xlsx(tmp_path / "merged.xlsx", rows, merges=("B1:C1",))
    with pytest.raises(InvalidInput, match=r"header cells B1:C1 are merged"):
        run(db, "demands", path)


def test_merged_data_cells_take_the_value_excel_shows(db: Database, tmp_path: Path) -> None:
    rows = [["需求名称", "所属领域"], ["储能系统", "新能源"], ["热泵技术", None]]
    path = write_xlsx(tmp_path / "fill.xlsx", rows, merges=("B2:B3",))
    run(db, "demands", path)
    with db.read() as session:
        fields = {t: f for t, f in session.execute(select(Demand.title, Demand.field))}
    assert fields == {"储能系统": "新能源", "热泵技术": "新能源"}


def test_formula_without_cached_value_is_a_row_error(db: Database, tmp_path: Path) -> None:
    rows = [["需求名称", "预算下限(万元)"], ["储能系统", 10], ["热泵技术", "=B2*2"]]
    path = write_xlsx(tmp_path / "formula.xlsx", rows)
    with pytest.raises(ImportRejected) as caught:
        run(db, "demands", path)
    (issue,) = caught.value.report.errors
    assert (issue.row, issue.column, issue.reason) == (3, "预算下限(万元)", FORMULA_WITHOUT_VALUE)


def test_xlsx_rejects_file_is_xlsx_with_row_and_errors(db: Database, tmp_path: Path) -> None:
    rows = [["需求名称", "截止日期"], ["储能系统", "2021-01-01"], ["热泵技术", "明年"]]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    report = run(db, "demands", path, skip_invalid=True)
    assert report.rejects_path == str(tmp_path / "bad.rejects.xlsx")
    sheet = openpyxl.load_workbook(report.rejects_path, read_only=True).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["需求名称", "截止日期", "_row", "_errors"]
    assert values[1][:3] == ["热泵技术", "明年", 3] and "截止日期" in values[1][3]


def test_a_file_that_is_not_xlsx_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("需求名称\n储能系统\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"not a readable \.xlsx file"):
        run(db, "demands", path)

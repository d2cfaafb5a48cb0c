"""Malformed and partly invalid files: clear file errors, row reports, nothing half-written."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from tests.catalog.importing.helpers import count, run, write_csv
from xinzhi.catalog.importing import ImportRejected
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.models import AuditLog, SearchEntry

GOOD_AND_BAD = (
    "需求名称,预算,截止日期\n"
    "高效储能电池管理系统,10~50万,2021-03-01\n"
    "工业废水零排放,面议,2021年4月1日\n"
    "氢燃料电池催化剂,100万以上,not a date\n"
    ",5万,2021/5/1\n"
)


def test_missing_required_column_names_it_and_lists_the_headers(
    db: Database, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "no_title.csv", "预算,截止日期\n10万,2021-01-01\n")
    with pytest.raises(InvalidInput) as caught:
        run(db, "demands", path)
    message = caught.value.message
    assert "需求名称 (title)" in message and "headers found: 预算, 截止日期" in message


def test_undecodable_file_names_the_encodings_tried(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xd0\xe8\xc7\xf3\xc3\xfb\xb3\xc6\n\xff\xfe\xfa\x80\x81\n")
    with pytest.raises(InvalidInput, match=r"tried utf-8, gb18030") as caught:
        run(db, "demands", path)
    assert "offset" in caught.value.message


def test_invalid_rows_reject_the_whole_file_and_write_nothing(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "demands.csv", GOOD_AND_BAD)
    with pytest.raises(ImportRejected) as caught:
        run(db, "demands", path)
    report = caught.value.report
    assert report.rejected_rows == {4, 5} and report.counts.rejected == 2
    by_row = {issue.row: issue for issue in report.errors}
    assert by_row[4].column == "截止日期" and "not a date" in by_row[4].reason
    assert (
        by_row[5].column == "需求名称"
        and by_row[5].reason == "必填项为空 (required value is empty)"
    )
    assert not report.written
    assert (count(db, Demand), count(db, AuditLog), count(db, SearchEntry)) == (0, 0, 0)
    assert caught.value.to_dict()["report"]["counts"]["rejected"] == 2


def test_skip_invalid_writes_valid_rows_and_a_rejects_file(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "demands.csv", GOOD_AND_BAD)
    report = run(db, "demands", path, skip_invalid=True)
    assert (report.counts.created, report.counts.rejected) == (2, 2)
    assert report.rejects_path == str(tmp_path / "demands.rejects.csv")
    with open(report.rejects_path, encoding="utf-8-sig", newline="") as fh:
        rejects = list(csv.DictReader(fh))
    assert [r["_row"] for r in rejects] == ["4", "5"]
    assert rejects[0]["需求名称"] == "氢燃料电池催化剂" and "截止日期" in rejects[0]["_errors"]
    assert list(rejects[0]) == ["需求名称", "预算", "截止日期", "_row", "_errors"]
    assert count(db, Demand) == 2


def test_rejects_go_to_the_data_directory_when_the_input_directory_refuses_them(
    db: Database, patents_slice: Path, tmp_path: Path
) -> None:
    path = tmp_path / "patents.csv.gz"
    with gzip.open(patents_slice, "rt", encoding="utf-8") as src:
        head = [next(src) for _ in range(3)]
    head.append("CN1,,bad-date,2011-01-05,一种方法,,,,,,,,\n")
    with gzip.open(path, "wt", encoding="utf-8") as dst:
        dst.writelines(head)
    (tmp_path / "patents.rejects.csv").mkdir()  # the file cannot be written there
    report = run(db, "patents", path, skip_invalid=True)
    assert report.counts.created == 2 and report.counts.rejected == 1
    assert report.rejects_path == str(db.settings.data_dir / "imports" / "patents.rejects.csv")


def test_empty_rows_are_skipped_and_counted(db: Database, tmp_path: Path) -> None:
    text = "需求名称,预算\n储能系统,10万\n,\n  ,  \n\n热泵技术,20万\n"
    report = run(db, "demands", write_csv(tmp_path / "gaps.csv", text))
    assert report.counts.created == 2 and report.counts.skipped_empty == 3
    assert report.total_rows == 5


def test_a_ten_megabyte_cell_is_a_row_error_not_a_crash(db: Database, tmp_path: Path) -> None:
    huge = "储" * 10_000_000
    text = f"需求名称,需求描述\n正常需求,短描述\n超长需求,{huge}\n"
    path = write_csv(tmp_path / "huge.csv", text)
    with pytest.raises(ImportRejected) as caught:
        run(db, "demands", path)
    (issue,) = caught.value.report.errors
    assert (issue.row, issue.column) == (3, "需求描述")
    assert "10,000,000 characters" in issue.reason and "32,767" in issue.reason


def test_title_rows_above_the_header_are_skipped(db: Database, tmp_path: Path) -> None:
    text = "2020年企业技术需求汇总表,,\n,,\n需求名称,预算,所属领域\n储能系统,10万,新能源\n"
    report = run(db, "demands", write_csv(tmp_path / "titled.csv", text))
    assert report.header_row == 3 and report.counts.created == 1
    assert any("title rows" in note for note in report.notes)


def test_same_record_twice_with_different_values_is_a_row_error(
    db: Database, tmp_path: Path
) -> None:
    text = "需求编号,需求名称\nA1,储能系统\nA1,储能系统\nA2,热泵\nA2,热泵技术改进\n"
    with pytest.raises(ImportRejected) as caught:
        run(db, "demands", write_csv(tmp_path / "keys.csv", text))
    report = caught.value.report
    assert report.rejected_rows == {5} and "same record as row 4" in report.errors[0].reason
    assert report.counts.repeated == 1
    assert [(w.row, w.reason) for w in report.warnings] == [
        (3, "repeats row 2; the record is imported once")
    ]


def test_dry_run_reports_without_writing(db: Database, tmp_path: Path) -> None:
    text = "需求名称,预算\n储能系统,10万\n热泵技术,20万\n"
    report = run(db, "demands", write_csv(tmp_path / "d.csv", text), dry_run=True)
    assert report.counts.created == 2 and report.dry_run and not report.written
    assert count(db, Demand) == 0


def test_old_xls_and_unknown_types_are_refused(db: Database, tmp_path: Path) -> None:
    for name, expected in (("old.xls", "save it as .xlsx"), ("notes.docx", "unsupported")):
        path = tmp_path / name
        path.write_bytes(b"not a spreadsheet")
        with pytest.raises(InvalidInput, match=expected):
            run(db, "demands", path)


def test_broken_gzip_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(InvalidInput, match="not a valid gzip file"):
        run(db, "demands", path)


def test_unknown_entity_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot import 'widgets'"):
        run(db, "widgets", write_csv(tmp_path / "x.csv", "a\n1\n"))


@pytest.mark.parametrize("skip_invalid", [False, True], ids=["all-or-nothing", "skip-invalid"])
def test_an_unclosed_quote_stops_the_import_at_its_row_and_column(
    db: Database, tmp_path: Path, skip_invalid: bool
) -> None:
    """Issue #12: read leniently, the stray quote merged every following row into one cell."""
    text = (
        "需求名称,需求描述,所属领域\n"
        '储能电池热管理,"需要液冷方案\n'  # the quote opened here is never closed
        "光伏组件清洗机器人,无水清洗,新能源\n"
        "氢燃料电池双极板,石墨板减薄,新能源\n"
    )
    path = write_csv(tmp_path / "quotes.csv", text)
    with pytest.raises(InvalidInput) as caught:
        run(db, "demands", path, skip_invalid=skip_invalid)
    assert "第 2 行 B（需求描述） 列" in caught.value.message
    assert caught.value.details[0] | {"reason": ""} == {
        "row": 2, "column": "B（需求描述）", "line": 2, "reason": "",
    }  # fmt: skip
    assert count(db, Demand) == 0 and count(db, AuditLog) == 0


def test_quoted_cells_with_line_breaks_still_import(db: Database, tmp_path: Path) -> None:
    text = '需求名称,需求描述\n储能电池热管理,"第一行\n第二行，含 ""引号"""\n光伏清洗,无水\n'
    report = run(db, "demands", write_csv(tmp_path / "ok.csv", text))
    assert report.counts.created == 2

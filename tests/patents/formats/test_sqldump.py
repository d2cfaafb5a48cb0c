"""MySQL dumps: the Chinese export sample read, imported per row, re-imported unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from xinzhi.catalog.importing.report import ImportRejected
from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.catalog.models import Patent
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.formats.sqldump import read_sql_dump


@pytest.fixture(scope="module")
def cn_sql(shared_data: Path) -> Path:
    return shared_data / "patent_formats" / "cn_patent_export_sample.sql"


def test_the_sample_dump_reads_as_one_table(cn_sql: Path) -> None:
    table = read_sql_dump(cn_sql, lambda _: True)
    assert len(table.headers) == 61 and table.headers[:3] == ["序号", "申请日", "公开日"]
    assert [n for n, _ in table.rows] == list(range(1, 11))
    first = dict(zip(table.headers, table.rows[0][1], strict=True))
    assert first["申请日"] == 20221202 and first["公开号"] == "CN218751475U"
    assert first["国省代码"] == "河南(41)" and first["发明人"] == "刘迪;刘敏;王煜伟;付艳波;王元卓"
    assert not table.cell_errors


def test_import_the_dump_then_again_unchanged(db: Database, cn_sql: Path) -> None:
    report = import_file(db, "patents", cn_sql)
    assert report.profile == "cn-export" and report.format == "sql"
    assert (report.counts.created, report.counts.rejected) == (10, 0)
    with db.read() as session:
        patent = session.scalar(select(Patent).where(Patent.pub_no == "CN218751475U"))
        assert patent is not None
        assert patent.app_no == "CN202223220665.2"
        assert patent.app_date == dt.date(2022, 12, 2)
        assert patent.grant_date == dt.date(2023, 3, 28)
        assert patent.applicants == ["中科大数据研究院"]
        assert patent.inventors == ["刘迪", "刘敏", "王煜伟", "付艳波", "王元卓"]
        assert (patent.ipc_main, patent.ipc) == ("B64U20/80", ["B64U20/80", "B64U101/30"])
        assert patent.province == "河南" and patent.legal_status == "有权-审定授权"
        assert patent.abstract.startswith("为解决目前无人机")
        assert patent.extra["专利类型"] == "实用新型" and patent.extra["申请人类型"] == "科研机构"
        # 0 stands for "no date" in the dump
        no_grant = session.scalars(select(Patent).where(Patent.grant_date.is_(None))).all()
        assert len(no_grant) == 2
    again = import_file(db, "patents", cn_sql)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 10)


def test_the_same_export_as_xlsx_is_detected_and_matches(
    db: Database, cn_sql: Path, tmp_path: Path
) -> None:
    import_file(db, "patents", cn_sql)
    table = read_sql_dump(cn_sql, lambda _: True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2023年专利检索结果"])  # a title row above the header
    sheet.append(table.headers)
    for _, cells in table.rows:
        sheet.append(cells)
    path = tmp_path / "专利导出.xlsx"
    book.save(path)
    report = import_file(db, "patents", path)
    assert report.profile == "cn-export" and report.header_row == 2
    assert (report.counts.created, report.counts.unchanged) == (0, 10)


def _dump(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dump.sql"
    path.write_text(text, encoding="utf-8")
    return path


def test_dump_syntax_escapes_column_lists_and_multi_row_inserts(tmp_path: Path) -> None:
    path = _dump(
        tmp_path,
        "CREATE TABLE `t` (\n  `a` varchar(10) NULL,\n  `b` int(11),\n  PRIMARY KEY (`a`)\n);\n"
        "INSERT INTO `t` VALUES ('x\\'y; z', 1), ('it''s', NULL),('a\\nb', -2.5);\n"
        "INSERT INTO `t` (`a`, `b`) VALUES ('(paren)', 3);\n",
    )
    table = read_sql_dump(path, lambda _: True)
    assert table.headers == ["a", "b"]
    assert [cells for _, cells in table.rows] == [
        ["x'y; z", 1],
        ["it's", None],
        ["a\nb", -2.5],
        ["(paren)", 3],
    ]


def test_dump_problems_are_named(tmp_path: Path) -> None:
    two = "INSERT INTO a (x) VALUES (1);\nINSERT INTO b (x) VALUES (2);\n"
    with pytest.raises(InvalidInput, match="one table per file"):
        read_sql_dump(_dump(tmp_path, two), lambda _: True)
    with pytest.raises(InvalidInput, match="no INSERT"):
        read_sql_dump(_dump(tmp_path, "CREATE TABLE t (a int);"), lambda _: True)
    short = read_sql_dump(_dump(tmp_path, "INSERT INTO t (a, b) VALUES (1);"), lambda _: True)
    assert short.cell_errors == {(1, 0): "the INSERT tuple has 1 values for 2 columns"}


def test_a_bad_row_is_reported_with_its_row_and_column(db: Database, tmp_path: Path) -> None:
    path = _dump(
        tmp_path,
        "INSERT INTO p (`公开号`, `专利名称`, `申请日`, `申请号`, `申请人`, `主分类号`) VALUES "
        "('CN1A', '一', 20200101, 'CN1', '甲公司', 'H01M'), "
        "('CN2A', '二', 20201301, 'CN2', '乙公司', 'H01M');",
    )
    with pytest.raises(ImportRejected) as caught:
        import_file(db, "patents", path)
    errors = caught.value.report.errors
    assert [(e.row, e.column) for e in errors] == [(2, "申请日")]
    report = import_file(db, "patents", path, ImportOptions(skip_invalid=True))
    assert (report.counts.created, report.counts.rejected) == (1, 1)

"""Export: Chinese headers, owners by name, search filter, and export → import changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.catalog.importing.helpers import run, write_csv
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing import export_file, export_records
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import system_principal

ADMIN = system_principal("test")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_demands_reimport_without_changes(
    db: Database, demands_csv: Path, tmp_path: Path, suffix: str
) -> None:
    run(db, "demands", demands_csv)
    out = tmp_path / f"demands.{suffix}"
    result = export_file(db, "demands", out, principal=ADMIN)
    assert result.count == 607
    again = run(db, "demands", out)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 607)


def test_exported_patents_with_extra_columns_reimport_without_changes(
    db: Database, patents_slice: Path, tmp_path: Path
) -> None:
    run(db, "patents", patents_slice)
    out = tmp_path / "patents.csv"
    export_file(db, "patents", out, principal=ADMIN)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == ["外部编号", "来源", "公开号"] and header[-1] == "cites_npl"
    again = run(db, "patents", out)
    assert (again.counts.created, again.counts.updated) == (0, 0)


def test_export_names_the_owner_and_keeps_extra_keys_that_look_like_fields(
    db: Database, tmp_path: Path
) -> None:
    text = "成果名称,完成单位,说明\n柔性直流输电控制,华北电力大学,示范\n"
    run(db, "achievements", write_csv(tmp_path / "a.csv", text), mapping={"说明": "extra"})
    with db.write() as session:
        session.execute(
            ENTITIES["achievements"]
            .model.__table__.update()
            .values(extra={"摘要": "x", "说明": "示范"})
        )
    out = tmp_path / "a.xlsx"
    export_file(db, "achievements", out, principal=ADMIN)
    rows = list(
        openpyxl.load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "extra:摘要" in header and first["所属单位"] == "华北电力大学"
    again = run(db, "achievements", out)
    assert (again.counts.updated, again.counts.unchanged) == (0, 1)


def test_export_to_a_stream_with_a_search_filter(db: Database, demands_csv: Path) -> None:
    run(db, "demands", demands_csv)
    buffer = io.BytesIO()
    with db.read() as session:
        n = export_records(session, ENTITIES["demands"], ADMIN, buffer, "csv", q="活性氧化铝")
    text = buffer.getvalue().decode("utf-8-sig")
    assert n >= 1 and text.count("\n") >= n + 1 and "大孔容活性氧化铝" in text
    assert buffer.getvalue().startswith(b"\xef\xbb\xbf")


def test_export_refuses_other_formats(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"\.xlsx or \.csv"):
        export_file(db, "demands", tmp_path / "x.json", principal=ADMIN)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_formula_like_cells_are_neutralised_and_reimport_unchanged(
    db: Database, tmp_path: Path, suffix: str
) -> None:
    """OWASP CSV injection: Excel/WPS must show these as text; re-import gives them back."""
    text = '需求名称,需求描述,备注\n"=HYPERLINK(""http://x"",""点击"")",@SUM(A1),-2+3\n'
    run(db, "demands", write_csv(tmp_path / "d.csv", text))
    with db.write() as session:  # a control character, as a script might have stored it
        session.execute(ENTITIES["demands"].model.__table__.update().values(field="能源\x07"))
    out = tmp_path / f"d.{suffix}"
    export_file(db, "demands", out, principal=ADMIN)
    if suffix == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        sheet = openpyxl.load_workbook(out).worksheets[0]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["需求名称"] == '\'=HYPERLINK("http://x","点击")'
    assert record["需求描述"] == "'@SUM(A1)" and record["备注"] == "'-2+3"
    assert record["所属领域"] == "能源"
    again = run(db, "demands", out)
    assert again.counts.updated == 1  # only the control character went
    with db.read() as session:
        demand = session.scalars(select(ENTITIES["demands"].model)).one()
        assert demand.title.startswith("=HYPERLINK") and demand.detail == "@SUM(A1)"
        assert demand.extra == {"备注": "-2+3"} and demand.field == "能源"

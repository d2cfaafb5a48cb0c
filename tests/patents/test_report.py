"""The Word report (GB/T 39551 order, reproducible from its stored parameters), the Excel
export and the network command, on the real 风电 patents."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.patents.navigation import NavigationParams
from xinzhi.patents.report import PARAMS_ROW, SECTIONS, stored_params


def _numbers(path: Path) -> list[list[list[str]]]:
    """Every table of a report except the appendix's time and stored-JSON rows."""
    doc = Document(str(path))
    skip = {"computed_at", PARAMS_ROW}
    return [
        [[c.text for c in row.cells] for row in table.rows if row.cells[0].text not in skip]
        for table in doc.tables
    ]


def test_report_follows_gbt_39551_and_reruns_to_the_same_numbers(
    wind_db: Database, settings: Settings, tmp_path: Path, wind_csv: Path
) -> None:
    first = tmp_path / "wind.docx"
    made = run_cli(settings, "patents", "report", "--to", "2016", "--top", "5", "--out", str(first))
    assert made.exit_code == 0, made.output
    doc = Document(str(first))
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert level1[:5] == list(SECTIONS)
    assert level1[5].startswith("附录")
    assert len(doc.inline_shapes) >= 5  # trend, S-curves, life-cycle chart, bursts, network
    assert doc.core_properties.category == "xinzhi.patents.report"
    params = stored_params(first)
    assert params == NavigationParams(year_to=2016, top=5)
    # the yearly table equals a direct count of the file
    raw = pd.read_csv(wind_csv, dtype=str, keep_default_na=False)
    years = raw["app_date"].str[:4].astype(int)
    expected = years[years <= 2016].value_counts()
    trend = doc.tables[0]
    assert [c.text for c in trend.rows[0].cells] == ["year", "applications", "publications"]
    counted = {int(r.cells[0].text): int(r.cells[1].text) for r in trend.rows[1:]}
    assert {y: n for y, n in counted.items() if n} == expected.to_dict()
    again = tmp_path / "again.docx"
    rerun = run_cli(settings, "patents", "report", "--rerun", str(first), "--out", str(again))
    assert rerun.exit_code == 0, rerun.output
    assert _numbers(again) == _numbers(first)
    assert stored_params(again) == params


def test_a_report_whose_parameters_were_edited_is_refused(
    wind_db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "r.docx"
    assert run_cli(settings, "patents", "report", "--out", str(path)).exit_code == 0
    doc = Document(str(path))
    cell = next(
        row.cells[1] for t in doc.tables for row in t.rows if row.cells[0].text == PARAMS_ROW
    )
    cell.text = cell.text.replace('"seed": 42', '"seed": 7')
    doc.save(str(path))
    with pytest.raises(InvalidInput, match="edited"):
        stored_params(path)
    other = tmp_path / "other.docx"
    Document().save(str(other))
    with pytest.raises(InvalidInput, match="not a xinzhi patent report"):
        stored_params(other)


def test_export_writes_every_landscape_table(
    wind_db: Database, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "wind.xlsx"
    made = run_cli(settings, "patents", "export", "风电", "--out", str(out))
    assert made.exit_code == 0, made.output
    sheets = pd.read_excel(out, sheet_name=None)
    for name in (
        "参数 parameters",
        "年度趋势 by year",
        "省份 provinces",
        "共分类 co-classification",
        "S曲线 S-curves",
        "技术突发 bursts",
        "合作社群 communities",
        "引证 citations",
    ):
        assert name in sheets
    params = dict(
        zip(sheets["参数 parameters"]["parameter"], sheets["参数 parameters"]["value"], strict=True)
    )
    assert params["q"] == "风电"
    total = int(params["patents"])
    assert sheets["年度趋势 by year"]["applications"].sum() == total
    assert set(sheets["S曲线 S-curves"]["model"]) == {"logistic", "gompertz"}
    assert sheets["合作社群 communities"]["size"].sum() > 0


def test_network_command(wind_db: Database, settings: Settings) -> None:
    result = run_cli(settings, "patents", "network", "coinventor", "--max-nodes", "100", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["nodes"] == 100 and data["modularity"] > 0
    assert data["communities"][0]["size"] >= data["communities"][-1]["size"]
    cites = json.loads(run_cli(settings, "patents", "network", "citation", "--json").output)
    assert cites["links"] > 0 and cites["most_cited"][0]["forward"] >= 1
    coclass = run_cli(settings, "patents", "network", "coclass")
    assert coclass.exit_code == 0 and "0 patents with codes" in coclass.output
    human = run_cli(settings, "patents", "network", "coinventor", "--method", "greedy")
    assert "modularity" in human.output


def test_report_of_an_empty_selection_fails_clearly(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    result = run_cli(settings, "patents", "report", "量子", "--out", str(tmp_path / "x.docx"))
    assert result.exit_code != 0
    assert "no patent matches" in result.output

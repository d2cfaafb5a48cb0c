"""Reports: charts render without a CJK font, and the workbook carries every parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from xinzhi.common import charts as common_charts
from xinzhi.indices.panel import read_panel
from xinzhi.indices.report import charts
from xinzhi.indices.report.excel import write_workbook
from xinzhi.indices.run import RunOptions, RunResult, run_index
from xinzhi.indices.systems import load_system

PANEL = ("yearbook_panel", "panel_wide_2012_2022_complete_vars.csv")


@pytest.fixture(scope="module")
def result(shared_data: Path) -> RunResult:
    panel = read_panel(shared_data.joinpath(*PANEL))
    return run_index(
        load_system("sci_ind_fusion"), panel, RunOptions(fill="interpolate", permutations=0)
    )


@pytest.mark.filterwarnings("ignore:Glyph:UserWarning")
def test_charts_fall_back_gracefully_without_a_cjk_font(
    result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common_charts, "CJK_FONTS", ("No Such Font",))
    assert common_charts.cjk_font() is None
    drawn = charts.draw_charts(result, tmp_path)
    assert all(path.stat().st_size > 1000 for path in drawn.values())


def test_workbook_records_every_run_option(result: RunResult, tmp_path: Path) -> None:
    path = write_workbook(result, tmp_path / "run.xlsx")
    sheet = load_workbook(path, read_only=True)["参数 parameters"]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(result.options.to_dict()) <= names
    assert {"panel_sha256", "filled_cells", "system_verified"} <= names

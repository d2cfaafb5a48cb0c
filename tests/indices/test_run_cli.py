"""A full run on the yearbook panel: variants, stored parameters, reports and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from openpyxl import load_workbook

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.indices import service
from xinzhi.indices.panel import Panel, read_panel
from xinzhi.indices.run import RunOptions, RunResult, run_index
from xinzhi.indices.systems import load_system

PANEL = ("yearbook_panel", "panel_wide_2012_2022_complete_vars.csv")
REFERENCE = ("nqpf_reference", "nqpf_first_admin_division.csv")


@pytest.fixture(scope="module")
def panel(shared_data: Path) -> Panel:
    return read_panel(shared_data.joinpath(*PANEL))


@pytest.fixture(scope="module")
def result(panel: Panel) -> RunResult:
    return run_index(
        load_system("sci_ind_fusion"), panel, RunOptions(fill="interpolate", permutations=99)
    )


def test_missing_cells_are_refused_unless_interpolation_is_asked_for(panel: Panel) -> None:
    """The "complete" panel still lacks 北京 2012 企业资金 (v4_zh_nbzc_qyzj)."""
    with pytest.raises(InvalidInput, match="110000 2012 enterprise_rd_funds"):
        run_index(load_system("sci_ind_fusion"), panel)


def test_run_scores_ranks_and_couples_every_region_year(result: RunResult) -> None:
    assert result.scores.shape[0] == 31 * 11
    assert result.filled == [{"code": "110000", "year": 2012, "indicator": "enterprise_rd_funds"}]
    for year in result.years:
        ranks = result.scores.xs(year, level="year")["rank"]
        assert sorted(ranks) == list(range(1, 32))
    assert np.all((result.coupling.degree >= 0) & (result.coupling.degree <= 1))
    assert result.coupling.lag is not None and set(result.coupling.lag) <= {
        "同步",
        "科技创新滞后",
        "产业创新滞后",
    }
    np.testing.assert_allclose(result.overall.weight_table.sum(axis=1), 1.0)
    np.testing.assert_allclose(result.dimension_obstacles.sum(axis=1), 100.0)


def test_global_entropy_subsystem_weights_are_the_overall_ones_renormalised(
    result: RunResult,
) -> None:
    """Entropy weights depend on each column alone (DOMAIN.md §4.2), so a subsystem's weights are
    the overall weights restricted to it and rescaled."""
    overall = result.overall.weight_table.iloc[0]
    for evaluation in result.subsystems.values():
        own = evaluation.weight_table.iloc[0]
        np.testing.assert_allclose(own, overall[own.index] / overall[own.index].sum())


@pytest.mark.parametrize(
    "options",
    [
        RunOptions(fill="interpolate", mode="per_year", permutations=0),
        RunOptions(fill="interpolate", scoring="topsis", topsis_variant="vector", permutations=0),
        RunOptions(
            fill="interpolate",
            weighting="critic",
            coupling_form="adjusted",
            scheme="5",
            permutations=0,
        ),
    ],
)
def test_variants_run_and_are_recorded(panel: Panel, options: RunOptions) -> None:
    result = run_index(load_system("sci_ind_fusion"), panel, options)
    assert result.options.to_dict()["mode"] == options.mode
    assert result.scores["score"].between(0, 1).all()


def test_run_is_stored_with_its_parameters(db: Database, result: RunResult) -> None:
    with db.write() as session:
        run_id = service.save_run(session, result, out_dir="/tmp/x", actor="test").id
    with db.read() as session:
        stored = service.get_run(session, run_id)
        assert stored.params["zero"] == "shift" and stored.params["fill"] == "interpolate"
        assert stored.panel_sha256 == result.panel.sha256
        assert len(stored.results["scores"]) == 341
        assert stored.summary["top10"][0]["region"] == "广东"


def test_cli_run_writes_workbook_report_and_charts(
    db: Database, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["indices", "run", "sci_ind_fusion", "--panel", str(shared_data.joinpath(*PANEL))]
    args += ["--out", str(out), "--fill", "interpolate", "--permutations", "99", "--json"]
    args += ["--reference", str(shared_data.joinpath(*REFERENCE))]
    outcome = run_cli(settings, *args)
    assert outcome.exit_code == 0, outcome.output
    summary = json.loads(outcome.output)
    assert summary["run_id"] and -1 <= summary["spearman"]["rho"] <= 1
    workbook = load_workbook(out / "sci_ind_fusion.xlsx", read_only=True)
    assert {"参数 parameters", "权重 weights", "Spearman"} <= set(workbook.sheetnames)
    text = "\n".join(p.text for p in Document(str(out / "sci_ind_fusion.docx")).paragraphs)
    assert "耦合协调" in text and "Spearman" in text
    assert {p.name for p in (out / "charts").iterdir()} >= {
        "ranking.png",
        "density.png",
        "obstacles.png",
    }
    listed = run_cli(settings, "indices", "runs", "--json")
    assert json.loads(listed.output)[0]["id"] == summary["run_id"]


def test_cli_refuses_a_structure_only_system(
    db: Database, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    outcome = run_cli(
        settings,
        "indices",
        "run",
        "nqpf_han_2024",
        "--panel",
        str(shared_data.joinpath(*PANEL)),
        "--out",
        str(tmp_path),
        "--no-store",
    )
    assert outcome.exit_code == 2 and "structure only" in outcome.output

"""``xinzhi import`` and ``xinzhi export`` through click: summaries, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.catalog.importing.helpers import write_csv
from tests.clients import run_cli
from xinzhi.catalog.importing.cli import ProgressBars
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_import_prints_a_summary_and_exits_zero(
    db: Database, settings: Settings, demands_csv: Path
) -> None:
    result = run_cli(settings, "import", "demands", str(demands_csv))
    assert result.exit_code == 0, result.output
    assert "607 rows: 607 created, 0 updated" in result.stdout
    assert "61 exact and 1 near within the file" in result.stdout


def test_import_json_output_is_the_whole_report(
    db: Database, settings: Settings, demands_csv: Path
) -> None:
    run_cli(settings, "import", "demands", str(demands_csv))
    result = run_cli(settings, "import", "demands", str(demands_csv), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["counts"]["unchanged"] == 607 and len(report["duplicates"]) == 62


def test_rejected_file_exits_non_zero_with_the_row_errors(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "需求名称,截止日期\n储能,明年\n热泵,2021-01-01\n")
    result = run_cli(settings, "import", "demands", str(path))
    assert result.exit_code == 2
    assert "row 2 [截止日期]" in result.stdout and "nothing was written" in result.stderr
    skipped = run_cli(settings, "import", "demands", str(path), "--skip-invalid", "--json")
    assert skipped.exit_code == 0
    report = json.loads(skipped.stdout)
    assert report["counts"]["created"] == 1 and Path(report["rejects_path"]).exists()


def test_skip_invalid_with_every_row_rejected_exits_non_zero(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "需求名称,截止日期\n储能,明年\n")
    result = run_cli(settings, "import", "demands", str(path), "--skip-invalid")
    assert result.exit_code == 2 and "every row was rejected" in result.stderr


def test_map_and_mapping_options_reach_the_importer(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "项目,行业\n储能系统,新能源\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("项目: title\n", encoding="utf-8")
    result = run_cli(
        settings,
        "import",
        "demands",
        str(path),
        "--mapping",
        str(mapping),
        "--map",
        "行业=field",
        "--dry-run",
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mapping"] == {"项目": "title", "行业": "field"} and report["dry_run"]


def test_file_level_errors_exit_2_with_a_readable_message(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", "预算\n10万\n")
    result = run_cli(settings, "import", "demands", str(path))
    assert result.exit_code == 2
    assert "required column 需求名称 (title) is missing; headers found: 预算" in result.output


def test_export_then_import_through_the_cli_changes_nothing(
    db: Database, settings: Settings, demands_csv: Path, tmp_path: Path
) -> None:
    run_cli(settings, "import", "demands", str(demands_csv))
    out = tmp_path / "out.xlsx"
    exported = run_cli(settings, "export", "demands", str(out), "--json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)["count"] == 607
    again = run_cli(settings, "import", "demands", str(out), "--json")
    counts = json.loads(again.stdout)["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 607)


def test_progress_bars_appear_only_for_large_files() -> None:
    bars = ProgressBars(enabled=True)
    bars(10, 100, "validating")
    assert bars.bar is None
    bars(1000, 20_000, "validating")
    bars(20_000, 20_000, "validating")
    assert bars.bar is not None and bars.bar.pos == 20_000
    bars.close()

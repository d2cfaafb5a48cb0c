"""Reports of an evaluation run: PNG charts (matplotlib, Agg), an Excel workbook, a Word report."""

from __future__ import annotations

from pathlib import Path

from xinzhi.indices.report.charts import draw_charts
from xinzhi.indices.report.excel import write_workbook
from xinzhi.indices.report.word import write_report
from xinzhi.indices.run import RunResult


def write_all(result: RunResult, out_dir: Path) -> dict[str, Path]:
    """Charts, workbook and report into ``out_dir``; returns what was written, by kind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts = draw_charts(result, out_dir / "charts")
    files = {f"chart_{name}": path for name, path in charts.items()}
    files["xlsx"] = write_workbook(result, out_dir / f"{result.system.id}.xlsx")
    files["docx"] = write_report(result, charts, out_dir / f"{result.system.id}.docx")
    return files

"""The rejects file of ``--skip-invalid``: the invalid rows as read, with their row and reasons.

It has the input's format where that is practical (CSV and TSV as UTF-8 with BOM so Excel opens
it, .xlsx, JSON); gzip input gives a plain file, and other inputs (a SQL dump, XML) give CSV.
Columns are the original ones plus ``_row`` and ``_errors``, so a user can fix the rows and
import the rejects file itself.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from xinzhi.catalog.importing.report import RowIssue
from xinzhi.catalog.importing.table import Table
from xinzhi.catalog.importing.validate import jsonable_cell
from xinzhi.common.office import safe_row

SUFFIX = {"csv": ".csv", "tsv": ".tsv", "xlsx": ".xlsx", "json": ".json"}


def rejects_name(source: Path, fmt: str) -> str:
    stem = source.name.removesuffix(".gz")
    return f"{Path(stem).stem}.rejects{SUFFIX.get(fmt, '.csv')}"  # other readers (sql, xml): CSV


def write_rejects_near(
    source: Path, table: Table, issues: Sequence[RowIssue], fallback_dir: Path
) -> Path:
    """Write the rejects file beside the input, or in ``fallback_dir`` when that fails
    (read-only input directories such as the shared data sets)."""
    name = rejects_name(source, table.format)
    try:
        return write_rejects(table, issues, source.resolve().parent / name)
    except OSError:
        return write_rejects(table, issues, fallback_dir / name)


def write_rejects(table: Table, issues: Sequence[RowIssue], path: Path) -> Path:
    reasons: dict[int, list[str]] = {}
    for issue in issues:
        text = f"{issue.column}: {issue.reason}" if issue.column else issue.reason
        reasons.setdefault(issue.row, []).append(text)
    headers = [*table.headers, "_row", "_errors"]
    rows = [[*cells, row, "; ".join(reasons[row])] for row, cells in table.rows if row in reasons]
    path.parent.mkdir(parents=True, exist_ok=True)
    if table.format == "xlsx":
        _xlsx(path, headers, rows)
    elif table.format == "json":
        _json(path, headers, rows)
    else:
        _delimited(path, headers, rows, "\t" if table.format == "tsv" else ",")
    return path


def _delimited(path: Path, headers: list[str], rows: list[list[Any]], delimiter: str) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(safe_row(headers))
        writer.writerows([safe_row(_cell(c) for c in row) for row in rows])


def _cell(value: Any) -> Any:
    """A CSV cell: empty for None, JSON for the lists and dicts of structured readers."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _xlsx(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rejects")
    sheet.append(safe_row(headers))
    for row in rows:
        sheet.append(safe_row(_cell(c) if isinstance(c, list | dict) else c for c in row))
    book.save(path)


def _json(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    records = [
        {h: jsonable_cell(c) for h, c in zip(headers, row, strict=True) if c is not None}
        for row in rows
    ]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")

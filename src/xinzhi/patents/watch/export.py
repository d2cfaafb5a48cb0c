"""Warnings as .xlsx or .csv (UTF-8 with BOM so that Excel reads the Chinese), one row each."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, BinaryIO

from openpyxl import Workbook

from xinzhi.common.office import safe_row
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.watch.schemas import WarningRead

FORMATS = ("xlsx", "csv")
HEADERS = (
    ("id", "编号"),
    ("watchlist", "监测清单"),
    ("kind", "类型"),
    ("severity", "级别"),
    ("title", "标题"),
    ("explanation", "触发说明"),
    ("created_at", "生成时间"),
    ("acknowledged_at", "确认时间"),
    ("acknowledged_by", "确认人"),
    ("run_id", "运行编号"),
    ("details", "明细（JSON）"),
)
KIND_ZH = {
    "new_filing": "竞争对手新申请",
    "burst": "突发",
    "stage_change": "生命周期阶段变化",
    "maturity": "成熟度越过阈值",
}


def _cells(warning: WarningRead) -> list[Any]:
    row: list[Any] = []
    for key, _ in HEADERS:
        value = getattr(warning, key)
        if key == "kind":
            value = KIND_ZH.get(value, value)
        elif key == "details":
            value = json.dumps(value, ensure_ascii=False, default=str)
        elif key.endswith("_at"):
            value = value.isoformat(timespec="seconds") if value else ""
        row.append("" if value is None else value)
    return row


def write_warnings(warnings: list[WarningRead], out: BinaryIO, fmt: str) -> int:
    """Write ``warnings`` to the binary stream ``out``; returns the number of rows."""
    if fmt not in FORMATS:
        raise InvalidInput(f"warnings export writes .xlsx or .csv, not {fmt!r}")
    headers = [zh for _, zh in HEADERS]
    rows = [_cells(w) for w in warnings]
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(safe_row(row) for row in rows)
        text.flush()
        text.detach()
        return len(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("预警 warnings")
    sheet.append(headers)
    for row in rows:
        sheet.append(safe_row(row))
    book.save(out)
    return len(rows)

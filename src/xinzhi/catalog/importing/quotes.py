"""Where a CSV file's quoting went wrong: the row and column of the quote that was never closed.

An opening quote without its closing one makes every following line part of one cell; read
leniently, the rest of the file became one title (issue #12). The reader is strict, and this
module turns its complaint into a message naming the row (as a spreadsheet counts records) and
the column (letter and header) of the stray quote, so the user can fix the one cell.
"""

from __future__ import annotations

import csv

from openpyxl.utils import get_column_letter

from xinzhi.catalog.importing.table import RawRow
from xinzhi.core.errors import InvalidInput


def open_quote_column(line: str, delimiter: str) -> int | None:
    """0-based index of the field on ``line`` whose opening quote is not closed on it."""
    field, in_quotes, opened, i = 0, False, None, 0
    at_start = True
    while i < len(line):
        ch = line[i]
        if in_quotes:
            if ch == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1  # an escaped quote inside a quoted cell
                else:
                    in_quotes = False
        elif ch == '"' and at_start:
            in_quotes, opened = True, field
        elif ch == delimiter:
            field += 1
            at_start = True
            i += 1
            continue
        at_start = False
        i += 1
    if in_quotes:
        return opened
    return None


def _first_quote_column(line: str, delimiter: str) -> int:
    return line[: max(line.find('"'), 0)].count(delimiter)


def stray_quote(
    text: str,
    name: str,
    delimiter: str,
    rows: list[RawRow],
    last_line: int,
    exc: csv.Error,
) -> InvalidInput:
    """The error for a CSV the strict reader refused after ``rows`` complete records."""
    lines = text.splitlines()
    line = lines[last_line] if last_line < len(lines) else ""
    column = open_quote_column(line, delimiter)
    if column is None:
        column = _first_quote_column(line, delimiter)
    row = len(rows) + 1
    header = rows[0][1] if rows else []
    label = get_column_letter(column + 1)
    if row > 1 and column < len(header) and str(header[column]).strip():
        label += f"（{str(header[column]).strip()}）"
    reason = (
        "引号没有闭合或位置不对，其后的行会被并入这一格；请删去或补全这个引号 "
        f"(a quote is not closed or is misplaced: {exc})"
    )
    where = f"第 {row} 行 {label} 列（文件第 {last_line + 1} 行）"
    return InvalidInput(
        f"{name}: {where}的{reason}",
        details=[{"row": row, "column": label, "line": last_line + 1, "reason": reason}],
    )

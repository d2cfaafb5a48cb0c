"""Word and Excel writing every report shares (what government users exchange).

Word through python-docx: a CJK East-Asian font on the Normal style (without it Word falls
back to a Latin font for Chinese) and data frames as plain grid tables. Excel through pandas
and openpyxl: one sheet per frame, names cut to Excel's 31 characters.

Every cell any exporter writes (CSV or .xlsx) goes through :func:`safe_cell`: text that a
spreadsheet would run as a formula is neutralised, and characters XML cannot hold are dropped
rather than crashing openpyxl (issue #12, docs/security.md).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

EXCEL_SHEET_NAME_MAX = 31
# OWASP "CSV Injection": a cell starting with = + - @ (or tab / carriage return, which some
# spreadsheets skip before reading the formula) is run as a formula by Excel, WPS and
# LibreOffice. Prefixing a single quote makes them show it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
# What XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls but tab, LF, CR.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """``value`` as an exported cell: control characters removed, a formula-like text
    prefixed with ``'`` (numbers, dates and other non-text values are returned unchanged).

    Importers undo the prefix (:func:`unneutralise`), so an export re-imports unchanged.
    """
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    return NEUTRALISER + text if text.startswith(FORMULA_START) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def unneutralise(value: Any) -> Any:
    """The text an export neutralised with :func:`safe_cell`, as it was (for re-import)."""
    if isinstance(value, str) and value[:1] == NEUTRALISER and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`safe_cell` applied to its text cells and column names."""
    import pandas as pd

    out = frame.copy()
    for i in range(out.shape[1]):
        if not pd.api.types.is_numeric_dtype(out.iloc[:, i]):
            out.isetitem(i, out.iloc[:, i].map(safe_cell).tolist())
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def use_cjk_font(doc: Any) -> None:
    """Set the installed CJK font as the Normal style's Latin and East-Asian font."""
    from docx.oxml.ns import qn

    from xinzhi.common.charts import cjk_font  # matplotlib: only when a report is written

    font = cjk_font()
    if font is None:
        return
    style = doc.styles["Normal"]
    style.font.name = font
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)


def add_table(doc: Any, frame: pd.DataFrame, digits: int = 4) -> None:
    """``frame`` as a Word table: a header row, floats to ``digits`` places, NaN as —."""
    import pandas as pd

    table = doc.add_table(rows=1, cols=max(len(frame.columns), 1))
    table.style = "Light Grid Accent 1"
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=False):
        cell.text = str(name)
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, float):
                cell.text = "—" if pd.isna(value) else f"{value:.{digits}f}"
            else:
                cell.text = str(value)


def workbook_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One sheet per frame, in order, as .xlsx bytes (for a download)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = CONTROL_CHARACTERS.sub("", name)[:EXCEL_SHEET_NAME_MAX]
            safe_frame(frame).to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def write_workbook(frames: Mapping[str, pd.DataFrame], path: Path) -> Path:
    path.write_bytes(workbook_bytes(frames))
    return path

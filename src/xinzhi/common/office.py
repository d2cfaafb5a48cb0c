"""Word and Excel writing every report shares (what government users exchange).

Word through python-docx: a CJK East-Asian font on the Normal style (without it Word falls
back to a Latin font for Chinese) and data frames as plain grid tables. Excel through pandas
and openpyxl: one sheet per frame, names cut to Excel's 31 characters.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xinzhi.common.charts import cjk_font

if TYPE_CHECKING:
    import pandas as pd

EXCEL_SHEET_NAME_MAX = 31


def use_cjk_font(doc: Any) -> None:
    """Set the installed CJK font as the Normal style's Latin and East-Asian font."""
    from docx.oxml.ns import qn

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
            frame.to_excel(writer, sheet_name=name[:EXCEL_SHEET_NAME_MAX], index=False)
    return buffer.getvalue()


def write_workbook(frames: Mapping[str, pd.DataFrame], path: Path) -> Path:
    path.write_bytes(workbook_bytes(frames))
    return path

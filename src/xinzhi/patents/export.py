"""A 专利导航 analysis as an Excel workbook: parameters first, then one sheet per result table
(yearly trend, applicants with types, inventors, types, provinces, origins, IPC, co-classification,
concentration, S-curves, life-cycle chart, bursts, communities, co-inventors, citations)."""

from __future__ import annotations

import io
from pathlib import Path

from xinzhi.patents.navigation import Navigation, tables


def workbook_bytes(nav: Navigation) -> bytes:
    """The workbook in memory (for a download)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables(nav).items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def write_workbook(nav: Navigation, path: Path) -> Path:
    path.write_bytes(workbook_bytes(nav))
    return path

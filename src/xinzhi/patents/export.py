"""A 专利导航 analysis as an Excel workbook: parameters first, then one sheet per result table
(yearly trend, applicants with types, inventors, types, provinces, origins, IPC, co-classification,
concentration, S-curves, life-cycle chart, bursts, communities, co-inventors, citations)."""

from __future__ import annotations

from pathlib import Path

from xinzhi.common import office
from xinzhi.patents.navigation import Navigation, tables


def workbook_bytes(nav: Navigation) -> bytes:
    """The workbook in memory (for a download)."""
    return office.workbook_bytes(tables(nav))


def write_workbook(nav: Navigation, path: Path) -> Path:
    return office.write_workbook(tables(nav), path)

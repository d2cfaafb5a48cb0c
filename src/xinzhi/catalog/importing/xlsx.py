"""Excel (.xlsx) input: cell values, merged ranges and formulas without a cached value.

Values come from openpyxl in read-only mode with ``data_only=True`` (the values Excel last
computed). Read-only mode does not expose merged ranges, and ``data_only`` shows a formula Excel
never computed (files written by scripts) as an empty cell, so the worksheet XML is scanned once
more for ``<mergeCell>`` and for ``<c>`` elements holding ``<f>`` without ``<v>`` (ECMA-376
Part 1, §18.3.1.4 c, §18.3.1.40 f, §18.3.1.55 mergeCell).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    range_boundaries,
)
from openpyxl.utils.exceptions import InvalidFileException

from xinzhi.catalog.importing.limits import current
from xinzhi.catalog.importing.table import IsHeader, RawRow, Table, tabulate
from xinzhi.core.errors import InvalidInput

FORMULA_WITHOUT_VALUE = (
    "formula without a computed value; open and save the file in Excel or paste values"
)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class SheetScan:
    """Merged ranges ``(min_col, min_row, max_col, max_row, ref)`` and uncomputed formulas."""

    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    formulas: list[tuple[int, int]] = field(default_factory=list)


def check_package(raw: bytes, name: str) -> None:
    """Refuse an .xlsx whose parts expand past the import limits or that has too many sheets,
    before openpyxl inflates anything (an .xlsx is a zip: a bomb is as easy as with .gz)."""
    limits = current()
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            sheets = sum(1 for m in members if m.filename.startswith("xl/worksheets/sheet"))
    except zipfile.BadZipFile as exc:
        raise InvalidInput(f"{name} is not a readable .xlsx file: {exc}") from None
    # zipfile stops each part at its declared size, so the declared sizes bound what is read
    limits.check_size(name, sum(m.file_size for m in members), len(raw))
    limits.check_sheets(name, sheets)


def read_xlsx(raw: bytes, name: str, is_header: IsHeader) -> Table:
    """Read the first worksheet of an .xlsx file into a :class:`Table`."""
    check_package(raw, name)
    limits = current()
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise InvalidInput(f"{name} is not a readable .xlsx file: {exc}") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong <dimension>; read every cell
        raw_rows: list[RawRow] = []
        for i, values in enumerate(sheet.iter_rows(values_only=True), 1):
            raw_rows.append((i, list(values)))
            if i > limits.max_rows:
                limits.check_rows(name, i - 1)
            if limits.stop_after and i >= limits.stop_after:
                break
        title = str(sheet.title)
    finally:
        book.close()
    scan = scan_first_sheet(raw)
    table = tabulate(raw_rows, is_header, "xlsx")
    table.sheet = title
    table.truncated = bool(limits.stop_after) and len(raw_rows) >= (limits.stop_after or 0)
    _check_header_merges(scan, table.header_row)
    _fill_merged(scan, table)
    _mark_formulas(scan, table)
    return table


def scan_first_sheet(raw: bytes) -> SheetScan:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        member = _first_sheet_member(archive)
        with archive.open(member) as stream:
            return _scan(stream)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_member(archive: zipfile.ZipFile) -> str:
    """Path of the first worksheet inside the package (xl/workbook.xml + its relationships)."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    first = next(el for el in workbook.iter() if _local(el.tag) == "sheet")
    rel_id = first.get(_REL_NS)
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(el.get("Target", "") for el in rels if el.get("Id") == rel_id)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _scan(stream: Any) -> SheetScan:
    scan = SheetScan()
    for _event, el in ET.iterparse(stream):
        tag = _local(el.tag)
        if tag == "c":
            if el.get("r") and _uncomputed(el):
                col, row = coordinate_from_string(el.get("r", ""))
                scan.formulas.append((row, column_index_from_string(col)))
            el.clear()
        elif tag == "row":
            el.clear()
        elif tag == "mergeCell":
            ref = el.get("ref", "")
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            scan.merged.append((min_col, min_row, max_col, max_row, ref))
    return scan


def _uncomputed(cell: ET.Element) -> bool:
    """A formula cell whose cached value is absent (an empty string result counts as computed)."""
    children = {_local(child.tag): child for child in cell}
    if "f" not in children:
        return False
    value = children.get("v")
    if value is None:
        return True
    return not (value.text or "") and cell.get("t") != "str"


def _check_header_merges(scan: SheetScan, header_row: int) -> None:
    for _c0, r0, _c1, r1, ref in scan.merged:
        if r0 <= header_row <= r1:
            raise InvalidInput(
                f"header cells {ref} are merged; unmerge them so that every column has its own "
                f"header in row {header_row}"
            )


def _fill_merged(scan: SheetScan, table: Table) -> None:
    """Give every cell of a merged data range the value Excel shows for it (the top-left one)."""
    by_row = dict(table.rows)
    for c0, r0, c1, r1, _ref in scan.merged:
        top = by_row.get(r0)
        if r0 <= table.header_row or top is None or c0 > len(top):
            continue
        value = top[c0 - 1]
        for r in range(r0, r1 + 1):
            cells = by_row.get(r, [])
            for c in range(c0 - 1, min(c1, len(cells))):
                cells[c] = value


def _mark_formulas(scan: SheetScan, table: Table) -> None:
    for row, col in scan.formulas:
        if row > table.header_row:
            table.cell_errors[(row, col - 1)] = FORMULA_WITHOUT_VALUE

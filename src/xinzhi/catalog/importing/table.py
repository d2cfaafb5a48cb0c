"""The shape every import reader produces: a :class:`Table` of headers and numbered rows.

CSV, JSON and Excel readers (:mod:`~xinzhi.catalog.importing.readers`,
:mod:`~xinzhi.catalog.importing.xlsx`) and the patent format readers all hand their raw rows to
:func:`tabulate`, which finds the header row (skipping title rows above it) and pads the data.
Kept apart from the readers so the Excel reader and the reader dispatch do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from xinzhi.common.office import unneutralise
from xinzhi.core.errors import InvalidInput

HEADER_SCAN_ROWS = 10

IsHeader = Callable[[str], bool]
RawRow = tuple[int, list[Any]]


@dataclass
class Table:
    """A file's content: headers as written, and ``(row number, cells)`` for each data row.

    Row numbers are what the user sees: the spreadsheet row (counting the header and any title
    rows above it) for CSV and Excel, the 1-based record position for JSON.
    """

    headers: list[str]
    rows: list[RawRow]
    header_row: int
    format: str
    encoding: str | None = None
    sheet: str | None = None
    cell_errors: dict[tuple[int, int], str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False  # read for a preview: more rows follow


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def locate_header(raw_rows: Sequence[RawRow], is_header: IsHeader) -> int:
    """Index of the header among ``raw_rows``: the early row naming most known columns.

    Title rows above the header ("2020年技术需求汇总表") name no known column and are passed over;
    when no row names a known column the first non-empty row is the header.
    """
    candidates = [i for i, (_, cells) in enumerate(raw_rows) if not all(map(is_blank, cells))]
    if not candidates:
        raise InvalidInput("the file has no header row (it is empty)")
    best, best_score = candidates[0], 0
    for i in candidates[:HEADER_SCAN_ROWS]:
        score = sum(1 for c in raw_rows[i][1] if not is_blank(c) and is_header(str(c)))
        if score > best_score:
            best, best_score = i, score
    return best


def tabulate(raw_rows: list[RawRow], is_header: IsHeader, fmt: str) -> Table:
    """Split raw rows into header and data rows, naming blank headers by column letter.

    A text cell our exports neutralised (``'=…``, :func:`xinzhi.common.office.safe_cell`) reads
    back as it was, so an export re-imports unchanged."""
    raw_rows = [(n, [unneutralise(c) for c in cells]) for n, cells in raw_rows]
    index = locate_header(raw_rows, is_header)
    header_no, header_cells = raw_rows[index]
    data = raw_rows[index + 1 :]
    width = max([_width(header_cells)] + [_width(cells) for _, cells in data])
    headers = [_header(header_cells, i) for i in range(width)]
    rows = [(n, _pad(cells, width)) for n, cells in data]
    table = Table(headers=headers, rows=rows, header_row=header_no, format=fmt)
    if header_no > 1:
        table.notes.append(f"rows 1–{header_no - 1} above the header were skipped as title rows")
    return table


def _width(cells: Sequence[Any]) -> int:
    for i in range(len(cells) - 1, -1, -1):
        if not is_blank(cells[i]):
            return i + 1
    return 0


def _header(cells: Sequence[Any], i: int) -> str:
    value = cells[i] if i < len(cells) else None
    if is_blank(value):
        return f"column {get_column_letter(i + 1)}"
    return str(value).strip()


def _pad(cells: Sequence[Any], width: int) -> list[Any]:
    out = list(cells[:width])
    return out + [None] * (width - len(out))

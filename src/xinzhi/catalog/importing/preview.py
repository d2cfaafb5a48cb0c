"""What the web upload page shows before an import is confirmed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xinzhi.catalog.importing.limits import use_limits
from xinzhi.catalog.importing.mapping import required_fields, suggest_columns
from xinzhi.catalog.importing.prepare import header_predicate, importable
from xinzhi.catalog.importing.readers import read_table
from xinzhi.catalog.importing.validate import jsonable_cell
from xinzhi.core.settings import Settings

PREVIEW_ROWS = 10
PREVIEW_CHARS = 200
# Rows a preview reads at most: the page answers at once however large the file, and the
# whole file is read only by the import job, in the worker.
PREVIEW_READ_ROWS = 2000


def preview_file(
    path: Path,
    entity_name: str,
    mapping: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """What the upload page shows before an import: headers, suggested mapping, first rows.

    Reads at most ``PREVIEW_READ_ROWS`` rows, within the import limits of ``settings``;
    ``total_rows`` is then a lower bound and ``more_rows`` is true."""
    entity = importable(entity_name)
    overrides = mapping or {}
    with use_limits(settings, stop_after=PREVIEW_READ_ROWS):
        table = read_table(path, header_predicate(entity.name, overrides))
    suggested = suggest_columns(entity.name, table.headers, overrides)
    mapped = set(suggested.values())
    return {
        "entity": entity.name,
        "file": path.name,
        "format": table.format,
        "encoding": table.encoding,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "headers": table.headers,
        "suggested_mapping": suggested,
        "required_missing": [f for f in required_fields(entity.name) if f not in mapped],
        "rows": [
            dict(zip(table.headers, (_preview_cell(c) for c in cells), strict=True))
            for _, cells in table.rows[:PREVIEW_ROWS]
        ],
        "total_rows": len(table.rows),
        "more_rows": table.truncated,
        "notes": table.notes,
    }


def _preview_cell(value: Any) -> Any:
    cell = jsonable_cell(value)
    return cell[:PREVIEW_CHARS] if isinstance(cell, str) else cell

"""What the web upload page shows before an import is confirmed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xinzhi.catalog.importing.mapping import required_fields, suggest_columns
from xinzhi.catalog.importing.prepare import header_predicate, importable
from xinzhi.catalog.importing.readers import read_table
from xinzhi.catalog.importing.validate import jsonable_cell

PREVIEW_ROWS = 10
PREVIEW_CHARS = 200


def preview_file(
    path: Path, entity_name: str, mapping: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """What the upload page shows before an import: headers, suggested mapping, first rows."""
    entity = importable(entity_name)
    overrides = mapping or {}
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
        "notes": table.notes,
    }


def _preview_cell(value: Any) -> Any:
    cell = jsonable_cell(value)
    return cell[:PREVIEW_CHARS] if isinstance(cell, str) else cell

"""Export an entity's records as .xlsx or .csv that import back unchanged.

Headers are the Chinese field titles of the ``Create`` shape (the importer knows them), the
owner organisation is written by name under its title (所属单位), ``extra`` keys become columns of
their own, lists are joined with '；' and structured fields are JSON. Exporting and importing
the result therefore creates and updates nothing. CSV is UTF-8 with a byte-order mark so that
Excel opens it correctly; .xlsx is written in openpyxl's streaming write-only mode.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import ENTITIES, Entity
from xinzhi.catalog.importing.mapping import (
    EXTRA,
    EXTRA_PREFIX,
    ORG_FIELD,
    known_headers,
    normalise_header,
)
from xinzhi.catalog.importing.write import table_of
from xinzhi.catalog.models import Organisation
from xinzhi.catalog.service import visibility
from xinzhi.common.office import safe_row
from xinzhi.core import search
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal

FORMATS = ("xlsx", "csv")
OWNER_NAME = "owner_name"
STREAM_ROWS = 1000


@dataclass(frozen=True)
class ExportResult:
    entity: str
    format: str
    count: int
    path: str | None = None


def export_file(
    db: Database, entity_name: str, path: Path, *, principal: Principal, q: str = ""
) -> ExportResult:
    """Write the records ``principal`` may read (matching ``q``) to ``path`` (.xlsx or .csv)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput(f"{path.name}: export writes .xlsx or .csv")
    entity = ENTITIES[entity_name]
    with (
        db.read(actor=principal.actor, user_id=principal.user_id) as session,
        path.open("wb") as fh,
    ):
        count = export_records(session, entity, principal, fh, fmt, q=q)
    return ExportResult(entity=entity.name, format=fmt, count=count, path=str(path))


def export_records(
    session: Session,
    entity: Entity,
    principal: Principal,
    out: BinaryIO,
    fmt: str,
    q: str = "",
    filters: Mapping[str, Any] | None = None,
) -> int:
    """Write the export to the binary stream ``out`` (for files and HTTP responses alike): the
    records a list shows for the same search text and filters."""
    fields = [name for name in entity.create.model_fields if name != EXTRA]
    where = dict(filters or {})
    extra_keys = _extra_keys(session, entity, principal, q, where)
    headers = [_title(entity, name) for name in fields] + _extra_headers(entity, extra_keys)
    rows = (
        _cells(entity, rec, fields, extra_keys, fmt)
        for rec in _records(session, entity, principal, q, where)
    )
    if fmt == "xlsx":
        return _write_xlsx(out, headers, rows)
    return _write_csv(out, headers, rows)


def _title(entity: Entity, name: str) -> str:
    info = entity.create.model_fields[name]
    return info.title or name


def _extra_headers(entity: Entity, keys: list[str]) -> list[str]:
    """Extra keys as headers; a key the importer would map to a field gets the ``extra:`` prefix."""
    known = known_headers(entity.name)
    return [EXTRA_PREFIX + key if normalise_header(key) in known else key for key in keys]


def _base(
    session: Session,
    entity: Entity,
    principal: Principal,
    q: str,
    filters: dict[str, Any],
    *columns: Any,
) -> Select[Any]:
    table = table_of(entity.model)
    stmt = select(*columns).select_from(table).where(visibility(entity, principal))
    for name, value in filters.items():
        if name in entity.filters and value not in (None, ""):
            stmt = stmt.where(table.c[name] == value)
    if q.strip():
        sub = search.match_subquery(session, entity.name, q)
        if sub is None:
            return stmt.where(false())
        stmt = stmt.join(sub, sub.c.entity_id == table.c.id)
    return stmt


def _extra_keys(
    session: Session, entity: Entity, principal: Principal, q: str, filters: dict[str, Any]
) -> list[str]:
    table = table_of(entity.model)
    keys: dict[str, None] = {}
    stmt = _base(session, entity, principal, q, filters, table.c.extra).order_by(table.c.id)
    for (extra,) in session.execute(stmt.execution_options(yield_per=STREAM_ROWS)):
        keys.update(dict.fromkeys(extra or {}))
    return list(keys)


def _records(
    session: Session, entity: Entity, principal: Principal, q: str, filters: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    table = table_of(entity.model)
    org_field = ORG_FIELD.get(entity.name)
    columns: list[Any] = [table]
    if org_field:
        owner = table_of(Organisation).alias("owner")
        columns.append(owner.c.name.label(OWNER_NAME))
    stmt = _base(session, entity, principal, q, filters, *columns)
    if org_field:
        stmt = stmt.outerjoin(owner, owner.c.id == table.c[org_field])
    stmt = stmt.order_by(table.c.id).execution_options(yield_per=STREAM_ROWS)
    for record in session.execute(stmt).mappings():
        yield dict(record)


def _cells(
    entity: Entity, record: dict[str, Any], fields: list[str], extra_keys: list[str], fmt: str
) -> list[Any]:
    org_field = ORG_FIELD.get(entity.name)
    values = [record.get(OWNER_NAME) if name == org_field else record[name] for name in fields]
    extra = record.get("extra") or {}
    values += [extra.get(key) for key in extra_keys]
    return [_cell(v, fmt) for v in values]


def _cell(value: Any, fmt: str) -> Any:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "；".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dt.date) and fmt == "csv":
        return value.isoformat()
    return value


def _write_csv(out: BinaryIO, headers: list[str], rows: Iterator[list[Any]]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(safe_row(headers))
    count = 0
    for row in rows:
        writer.writerow(safe_row("" if v is None else v for v in row))
        count += 1
    text.flush()
    text.detach()
    return count


def _write_xlsx(out: BinaryIO, headers: list[str], rows: Iterator[list[Any]]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append(safe_row(headers))
    count = 0
    for row in rows:
        sheet.append(safe_row(row))
        count += 1
    book.save(out)
    return count

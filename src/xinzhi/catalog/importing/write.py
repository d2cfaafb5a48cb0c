"""Bulk writes of planned rows: Core ``insert``/``update`` executemany, audit, search, citations.

ORM objects cost about ten times more per row than Core executemany, which matters at tens of
thousands of rows. Because the ORM flush hook that writes the audit log is bypassed, the same
audit rows are written here through :func:`xinzhi.core.audit.audit_rows`, and search entries
through :func:`xinzhi.core.search.replace_entries`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import Entity
from xinzhi.catalog.models import Patent, PatentCitation
from xinzhi.core import search
from xinzhi.core.audit import audit_rows, jsonable
from xinzhi.core.models import AuditLog

CHUNK = 1000
Progress = Callable[[int, int, str], None]


@dataclass
class Insert:
    """A new record: its column values (natural key and content hash included)."""

    row: int
    values: dict[str, Any]


@dataclass
class Change:
    """An existing record to update: full new values and the before/after of changed fields."""

    row: int
    id: int
    values: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]


def table_of(model: Any) -> Table:
    """The Core table of an ORM model class (for bulk statements)."""
    table: Table = model.__table__
    return table


def date_columns(table: Table) -> list[str]:
    return [column.name for column in table.columns if isinstance(column.type, Date)]


def _json_values(values: dict[str, Any], dates: Sequence[str]) -> dict[str, Any]:
    """``values`` for a JSON column: validated values are plain except for dates."""
    out = dict(values)
    for name in dates:
        if out.get(name) is not None:
            out[name] = jsonable(out[name])
    return out


def _chunks(items: Sequence[Any], size: int = CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def insert_records(
    session: Session, entity: Entity, items: Sequence[Insert], progress: Progress
) -> dict[int, int]:
    """Insert ``items``; returns row number → new id. Audit and search entries included.

    Ids are read back by natural key: ``INSERT … RETURNING`` with guaranteed row order runs
    one statement per row on SQLite, which is several times slower than executemany.
    """
    table = table_of(entity.model)
    dates = date_columns(table)
    ids: dict[int, int] = {}
    for done, chunk in enumerate(_chunks(items), start=1):
        session.execute(insert(table), [item.values for item in chunk])
        keys = [item.values["natural_key"] for item in chunk]
        stmt = select(table.c.natural_key, table.c.id).where(table.c.natural_key.in_(keys))
        found = {key: new_id for key, new_id in session.execute(stmt)}
        new_ids = [found[key] for key in keys]
        ids.update({item.row: new_id for item, new_id in zip(chunk, new_ids, strict=True)})
        audits: list[AuditItem] = [
            (i, None, {"id": i, **_json_values(it.values, dates)})
            for it, i in zip(chunk, new_ids, strict=True)
        ]
        _audit(session, "create", table.name, audits)
        docs = [(i, it.values) for it, i in zip(chunk, new_ids, strict=True)]
        _index(session, entity, docs, new=True)
        progress(min(done * CHUNK, len(items)), len(items), f"inserting {entity.name}")
    return ids


def update_records(
    session: Session, entity: Entity, items: Sequence[Change], progress: Progress
) -> None:
    """Update ``items`` by id (every create field rewritten), with audit and search entries."""
    table = table_of(entity.model)
    dates = date_columns(table)
    stmt = update(table).where(table.c.id == bindparam("record_id"))
    for done, chunk in enumerate(_chunks(items), start=1):
        params = [{"record_id": it.id, **it.values} for it in chunk]
        session.execute(stmt, params)
        audits: list[AuditItem] = [
            (it.id, _json_values(it.before, dates), _json_values(it.after, dates)) for it in chunk
        ]
        _audit(session, "update", table.name, audits)
        _index(session, entity, [(it.id, it.values) for it in chunk], new=False)
        progress(min(done * CHUNK, len(items)), len(items), f"updating {entity.name}")


AuditItem = tuple[int | None, dict[str, Any] | None, dict[str, Any] | None]


def _audit(session: Session, action: str, table: str, items: list[AuditItem]) -> None:
    if items:
        rows = audit_rows(session, action, table, items, note="import")
        session.execute(insert(table_of(AuditLog)), rows)


def _index(
    session: Session, entity: Entity, docs: list[tuple[int, dict[str, Any]]], *, new: bool
) -> None:
    """Search entries of the records ``docs``; ``new`` records cannot have any yet."""
    entries = [search.document(i, entity.search_parts_from_dict(v)) for i, v in docs]
    if new:
        search.add_entries(session, entity.name, entries)
    else:
        search.replace_entries(session, entity.name, entries)


CITATION_CATEGORIES = "citation_categories"


def citation_categories(extra: Any) -> dict[str, str]:
    """Cited number → category (``examiner``, ``applicant`` …) kept in a patent's ``extra``."""
    found = extra.get(CITATION_CATEGORIES) if isinstance(extra, dict) else None
    return {str(k): str(v)[:16] for k, v in found.items()} if isinstance(found, dict) else {}


def write_citations(
    session: Session,
    cites: dict[int, list[str]],
    replaced: Sequence[int],
    categories: dict[int, dict[str, str]] | None = None,
) -> int:
    """Store each patent's cited numbers and resolve those present in the corpus.

    ``categories`` gives, per patent, the category of a cited number (who cited it: USPTO's
    "cited by examiner" / "cited by applicant"); others get ``""``.
    ``replaced`` are updated patents whose old citations are deleted first. Resolution runs
    over every unresolved citation, so citations of earlier imports resolve once the cited
    patent arrives. Returns the number of citations written.
    """
    table = table_of(PatentCitation)
    for chunk in _chunks(list(replaced), 500):
        session.execute(delete(table).where(table.c.citing_id.in_(chunk)))
    kinds = categories or {}
    rows = [
        {"citing_id": pid, "cited_number": number, "category": kinds.get(pid, {}).get(number, "")}
        for pid, numbers in cites.items()
        for number in dict.fromkeys(numbers)
    ]
    for chunk in _chunks(rows, 5 * CHUNK):
        session.execute(insert(table), chunk)
    patents = table_of(Patent)
    # UPDATE … FROM (a join) on both backends; SQLite has it since 3.33.
    session.execute(
        update(table)
        .where(table.c.cited_id.is_(None), table.c.cited_number == patents.c.pub_no)
        .values(cited_id=patents.c.id)
    )
    return len(rows)

"""Which record each valid row creates, updates or leaves unchanged (the idempotent upsert).

A row's record is found by the entity's natural key. For an existing record only the fields
the file provides are taken from the row (a column the file lacks never blanks a field edited
on the web), ``extra`` keys are merged, and :func:`~xinzhi.catalog.service.content_hash` of the
result decides between unchanged and updated. Re-importing a file therefore writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import Entity
from xinzhi.catalog.importing.mapping import ORG_FIELD
from xinzhi.catalog.importing.orgs import name_key
from xinzhi.catalog.importing.report import RowIssue
from xinzhi.catalog.importing.validate import ParsedRow
from xinzhi.catalog.importing.write import Change, Insert, Progress, table_of
from xinzhi.catalog.service import content_hash

KEY_CHUNK = 1000


@dataclass
class Plan:
    inserts: list[Insert] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def assign_owners(entity: Entity, rows: Iterable[ParsedRow], org_ids: dict[str, int]) -> None:
    """Set the organisation id of rows naming an owner (``None`` while it does not exist yet)."""
    org_field = ORG_FIELD.get(entity.name)
    if org_field is None:
        return
    for row in rows:
        if row.owner:
            row.values[org_field] = org_ids.get(name_key(row.owner))


def record_key(entity: Entity, row: ParsedRow) -> str:
    """The row's natural key; an owner not created yet stands in by its normalised name."""
    org_field = ORG_FIELD.get(entity.name)
    values = row.values
    if org_field and row.owner and values.get(org_field) is None:
        values = {**values, org_field: f"new-organisation:{name_key(row.owner)}"}
    return entity.natural_key(values)


def mark_repeats(rows: Sequence[ParsedRow], key_column: str) -> list[ParsedRow]:
    """Rows whose key an earlier row already has.

    An identical row is a repeat (returned, with a warning: the record is written once); a
    differing one gets a row error, since one record cannot take two sets of values.
    """
    first: dict[str, ParsedRow] = {}
    repeats: list[ParsedRow] = []
    for row in rows:
        earlier = first.setdefault(row.key, row)
        if earlier is row:
            continue
        if earlier.values == row.values:
            reason = f"repeats row {earlier.row}; the record is imported once"
            row.warnings.append(RowIssue(row.row, key_column, reason))
            repeats.append(row)
        else:
            reason = (
                f"same record as row {earlier.row} (key {row.key}) but with different values; "
                "a file may hold each record only once"
            )
            row.errors.append(RowIssue(row.row, key_column, reason))
    return repeats


def load_existing(
    session: Session, entity: Entity, keys: Sequence[str], names: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Natural key → id, content hash and the fields ``names`` of the existing records."""
    table = table_of(entity.model)
    columns = [table.c.id, table.c.natural_key, table.c.content_hash]
    columns += [table.c[name] for name in names]
    stmt = select(*columns).where(table.c.natural_key.in_(keys))
    return {
        record["natural_key"]: dict(record) for record in session.execute(stmt).mappings().all()
    }


@dataclass
class Suspect:
    """A row whose merged values hash differently from its record: compared field by field."""

    row: ParsedRow
    id: int
    merged: dict[str, Any]
    digest: str


def plan_rows(
    session: Session,
    entity: Entity,
    rows: Sequence[ParsedRow],
    provided: frozenset[str],
    progress: Progress,
) -> Plan:
    """Classify ``rows`` chunk by chunk, so only one chunk of existing records is in memory.

    The first query reads only what the hash of the merged values needs (the fields the file
    does not provide, and ``extra``); the fields the file provides are read afterwards, and
    only for rows whose hash differs, to record what changed.
    """
    names = list(entity.create.model_fields)
    kept = [name for name in names if name not in provided or name == "extra"]
    plan = Plan()
    for start in range(0, len(rows), KEY_CHUNK):
        chunk = rows[start : start + KEY_CHUNK]
        existing = load_existing(session, entity, [row.key for row in chunk], kept)
        suspects = classify(chunk, existing, provided, kept, plan)
        if suspects:
            full = load_existing(session, entity, [s.row.key for s in suspects], names)
            for suspect in suspects:
                _compare(suspect, full[suspect.row.key], names, plan)
        progress(start + len(chunk), len(rows), "comparing with existing records")
    return plan


def classify(
    rows: Sequence[ParsedRow],
    existing: dict[str, dict[str, Any]],
    provided: frozenset[str],
    kept: Sequence[str],
    plan: Plan,
) -> list[Suspect]:
    """Add new and unchanged rows to ``plan``; return the rows whose hash differs.

    A new row's values dict becomes the insert's (not copied: a large file's rows would
    otherwise be held twice).
    """
    suspects = []
    for row in rows:
        current = existing.get(row.key)
        if current is None:
            digest = content_hash(row.values)
            row.values.update(natural_key=row.key, content_hash=digest)
            plan.inserts.append(Insert(row=row.row, values=row.values))
            continue
        merged = {name: current[name] for name in kept}
        merged.update({name: row.values[name] for name in provided if name in row.values})
        merged["extra"] = {**(current["extra"] or {}), **row.values.get("extra", {})}
        digest = content_hash(merged)
        if digest == current["content_hash"]:
            plan.unchanged.append(row.row)
        else:
            suspects.append(Suspect(row, current["id"], merged, digest))
    return suspects


def _compare(suspect: Suspect, current: dict[str, Any], names: Sequence[str], plan: Plan) -> None:
    """A change with the before/after of the fields that differ.

    A differing stored hash with no differing value (a hash from an older scheme) is no change.
    """
    merged = suspect.merged
    changed = [name for name in names if merged[name] != current[name]]
    if not changed:
        plan.unchanged.append(suspect.row.row)
        return
    before = {name: current[name] for name in changed}
    after = {name: merged[name] for name in changed}
    values = {**merged, "content_hash": suspect.digest}
    plan.changes.append(Change(suspect.row.row, suspect.id, values, before, after))

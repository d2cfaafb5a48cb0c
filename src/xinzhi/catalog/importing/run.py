"""Import one file into one entity: read, map, validate and check everything, then write.

The write unit opens only after every row is parsed, validated and checked for duplicates, so
a bad file holds no lock and leaves no trace. All-or-nothing is the default: one invalid row
and nothing is written. ``skip_invalid`` writes the valid rows and the rest to a rejects file;
``dry_run`` reports what would happen and writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import ENTITIES, IMPORTABLE, Entity
from xinzhi.catalog.importing import plan as planning
from xinzhi.catalog.importing.dedupe import Existing, Match, find_duplicates
from xinzhi.catalog.importing.mapping import (
    known_headers,
    normalise_header,
    required_fields,
    resolve_columns,
    suggest_columns,
)
from xinzhi.catalog.importing.orgs import create_organisations, lookup_organisations, name_key
from xinzhi.catalog.importing.readers import IsHeader, Table, read_table
from xinzhi.catalog.importing.rejects import write_rejects, write_rejects_near
from xinzhi.catalog.importing.report import DuplicateFlag, ImportRejected, ImportReport
from xinzhi.catalog.importing.validate import ParsedRow, RowParser, jsonable_cell
from xinzhi.catalog.importing.write import Progress, insert_records, update_records, write_citations
from xinzhi.core.db import SYSTEM_ACTOR, Database
from xinzhi.core.errors import InvalidInput

PREVIEW_ROWS = 10


def no_progress(done: int, total: int, message: str) -> None:
    """The default progress callback: ignore."""


@dataclass(frozen=True)
class ImportOptions:
    """How to import: column overrides (header → field), invalid-row policy, dry run."""

    mapping: Mapping[str, str] = field(default_factory=dict)
    skip_invalid: bool = False
    dry_run: bool = False
    rejects_path: Path | None = None
    source: str | None = None


@dataclass
class Prepared:
    """A file parsed and checked, ready to be planned and written."""

    entity: Entity
    table: Table
    rows: list[ParsedRow]
    provided: frozenset[str]
    source: str


def importable(name: str) -> Entity:
    if name not in IMPORTABLE:
        raise InvalidInput(f"cannot import {name!r}; choose one of: {', '.join(IMPORTABLE)}")
    return ENTITIES[name]


def header_predicate(entity: str, mapping: Mapping[str, str]) -> IsHeader:
    known = set(known_headers(entity)) | {normalise_header(h) for h in mapping}
    return lambda header: normalise_header(header) in known


def import_file(
    db: Database,
    entity_name: str,
    path: Path,
    options: ImportOptions | None = None,
    *,
    actor: str = SYSTEM_ACTOR,
    user_id: int | None = None,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import ``path`` into ``entity_name`` and return the report.

    Raises :class:`ImportRejected` (an ``InvalidInput``) with the report when rows are invalid
    and ``skip_invalid`` is off, and ``InvalidInput`` for file-level problems.
    """
    started = time.perf_counter()
    opts = options or ImportOptions()
    entity = importable(entity_name)
    report = ImportReport(entity=entity.name, file=path.name, dry_run=opts.dry_run)
    prepared = prepare(db, entity, path, opts, report, progress)
    report.counts.rejected = len(report.rejected_rows)
    if report.errors and not opts.skip_invalid:
        report.seconds = round(time.perf_counter() - started, 3)
        raise ImportRejected(report)
    if report.errors and not opts.dry_run:
        report.rejects_path = str(_write_rejects(db, path, prepared.table, report, opts))
    if opts.dry_run:
        with db.read() as session:
            _apply(session, prepared, report, progress, write=False)
    else:
        with db.write(actor=actor, user_id=user_id) as session:
            _apply(session, prepared, report, progress, write=True)
        report.written = True
    report.seconds = round(time.perf_counter() - started, 3)
    progress(report.total_rows, report.total_rows, "done")
    return report


def _write_rejects(
    db: Database, path: Path, table: Table, report: ImportReport, opts: ImportOptions
) -> Path:
    if opts.rejects_path is not None:
        return write_rejects(table, report.errors, opts.rejects_path)
    return write_rejects_near(path, table, report.errors, db.settings.data_dir / "imports")


def prepare(
    db: Database,
    entity: Entity,
    path: Path,
    opts: ImportOptions,
    report: ImportReport,
    progress: Progress,
) -> Prepared:
    """Read, map, validate and check the file; fills the report's file facts and row issues."""
    progress(0, 0, f"reading {path.name}")
    table = read_table(path, header_predicate(entity.name, opts.mapping))
    columns = resolve_columns(entity.name, table.headers, opts.mapping)
    _describe(report, table, columns.as_report())
    parser = RowParser(entity.name, columns, db.settings.import_max_cell_chars)
    total = len(table.rows)
    parsed = parser.parse_table(table, lambda done: progress(done, total, "validating"))
    report.counts.skipped_empty = parsed.skipped_empty
    report.notes += parsed.notes
    source = opts.source or path.name
    valid = [row for row in parsed.rows if row.valid]
    _default_source(valid, parsed.provided, source)
    progress(total, total, "checking keys and duplicates")
    with db.read() as session:
        unique = _check_keys(session, entity, valid, columns.header_of)
        _flag_duplicates(
            session, entity, unique, db.settings.import_near_duplicate_threshold, report
        )
    report.counts.repeated = len(valid) - len(unique)
    report.errors = [issue for row in parsed.rows for issue in row.errors]
    report.warnings = [issue for row in parsed.rows for issue in row.warnings]
    rows = [row for row in unique if row.valid]
    return Prepared(entity, table, rows, parsed.provided, source)


def _describe(report: ImportReport, table: Table, mapping: dict[str, str | None]) -> None:
    report.format, report.encoding, report.sheet = table.format, table.encoding, table.sheet
    report.header_row, report.total_rows = table.header_row, len(table.rows)
    report.mapping = mapping
    report.extra_columns = [h for h, f in mapping.items() if f is None]
    report.notes += table.notes


def _default_source(rows: list[ParsedRow], provided: frozenset[str], source: str) -> None:
    """Provenance: new records without a 来源 column record the file they came from."""
    if "source" in provided:
        return
    for row in rows:
        row.values["source"] = row.values.get("source") or source[:128]


def _check_keys(
    session: Session, entity: Entity, rows: list[ParsedRow], header_of: Callable[[str], str]
) -> list[ParsedRow]:
    """Give rows their owner ids and keys; returns the rows that are not repeats."""
    owners = [row.owner for row in rows if row.owner]
    planning.assign_owners(entity, rows, lookup_organisations(session, owners))
    for row in rows:
        row.key = planning.record_key(entity, row)
    key_field = "pub_no" if entity.name == "patents" else entity.title_field
    repeats = planning.mark_repeats(rows, header_of(key_field))
    skip = {id(row) for row in repeats}
    return [row for row in rows if id(row) not in skip]


def _flag_duplicates(
    session: Session, entity: Entity, rows: list[ParsedRow], threshold: float, report: ImportReport
) -> None:
    """Flag duplicate titles within the file and against records the file does not update."""
    rows = [row for row in rows if row.valid]
    model = entity.model
    title_col = getattr(model, entity.title_field)
    stmt = select(model.id, model.natural_key, title_col)
    records = {key: (rid, title) for rid, key, title in session.execute(stmt)}
    for row in rows:
        records.pop(row.key, None)
    existing = [Existing(rid, title) for rid, title in records.values()]
    titles = [str(row.values.get(entity.title_field) or "") for row in rows]
    matches, stats = find_duplicates(titles, existing, threshold)
    titles_by_id = {rec.id: rec.title for rec in existing}
    report.duplicates = [_flag(m, rows, titles, titles_by_id) for m in matches]
    report.dedupe = stats


def _flag(
    match: Match, rows: list[ParsedRow], titles: list[str], existing: dict[int, str]
) -> DuplicateFlag:
    other = match.other_index
    return DuplicateFlag(
        row=rows[match.index].row,
        title=titles[match.index],
        kind=match.kind,
        similarity=match.similarity,
        duplicate_of_row=rows[other].row if other is not None else None,
        duplicate_of_title=titles[other] if other is not None else None,
        existing_id=match.existing_id,
        existing_title=existing.get(match.existing_id) if match.existing_id else None,
    )


def _apply(
    session: Session, prepared: Prepared, report: ImportReport, progress: Progress, *, write: bool
) -> None:
    """Resolve owners, plan every row and (when ``write``) carry the plan out."""
    entity, rows = prepared.entity, prepared.rows
    _resolve_owners(session, prepared, report, progress, write=write)
    existing = planning.load_existing(session, entity, [row.key for row in rows])
    plan = planning.classify(entity, rows, existing, prepared.provided)
    counts = report.counts
    counts.created, counts.updated = len(plan.inserts), len(plan.changes)
    counts.unchanged = len(plan.unchanged)
    if not write:
        return
    ids = insert_records(session, entity, plan.inserts, progress)
    update_records(session, entity, plan.changes, progress)
    if entity.name == "patents":
        _citations(session, plan, ids, prepared.provided, progress)


def _resolve_owners(
    session: Session, prepared: Prepared, report: ImportReport, progress: Progress, *, write: bool
) -> None:
    names = [row.owner for row in prepared.rows if row.owner]
    if not names:
        return
    found = lookup_organisations(session, names)
    missing = {name_key(n): n for n in names if name_key(n) not in found}
    report.counts.organisations_matched = len(found)
    report.counts.organisations_created = len(missing)
    if write and missing:
        found.update(create_organisations(session, missing.values(), prepared.source, progress))
    planning.assign_owners(prepared.entity, prepared.rows, found)
    for row in prepared.rows:
        if row.owner:
            row.key = planning.record_key(prepared.entity, row)


def _citations(
    session: Session,
    plan: planning.Plan,
    ids: dict[int, int],
    provided: frozenset[str],
    progress: Progress,
) -> None:
    progress(0, 0, "linking citations")
    cites = {ids[item.row]: list(item.values.get("cites") or []) for item in plan.inserts}
    replaced: list[int] = []
    if "cites" in provided:
        replaced = [change.id for change in plan.changes]
        cites.update({change.id: list(change.values.get("cites") or []) for change in plan.changes})
    write_citations(session, {pid: c for pid, c in cites.items() if c}, replaced)


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
    return cell[:200] if isinstance(cell, str) else cell

"""Everything an import does before the write unit: read, map, validate, key and dedupe.

Nothing here writes. Owners are looked up (not created), keys are computed, rows that repeat an
earlier row are set aside and duplicate titles are flagged, all under a read unit, so that an
invalid file never holds the write lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import ENTITIES, IMPORTABLE, Entity
from xinzhi.catalog.importing import plan as planning
from xinzhi.catalog.importing.dedupe import Existing, Match, find_duplicates
from xinzhi.catalog.importing.limits import use_limits
from xinzhi.catalog.importing.mapping import known_headers, normalise_header, resolve_columns
from xinzhi.catalog.importing.orgs import lookup_organisations
from xinzhi.catalog.importing.profiles import (
    Profile,
    detect_profile,
    detection_headers,
    profile_for_file,
)
from xinzhi.catalog.importing.readers import read_table
from xinzhi.catalog.importing.report import DuplicateFlag, ImportReport
from xinzhi.catalog.importing.table import IsHeader, Table
from xinzhi.catalog.importing.validate import ParsedRow, RowParser
from xinzhi.catalog.importing.write import Progress
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput


@dataclass
class Prepared:
    """A file parsed and checked, ready to be planned and written."""

    entity: Entity
    rejected: Table  # the file's headers and only its rejected rows, for the rejects file
    rows: list[ParsedRow]
    provided: frozenset[str]
    source: str


def importable(name: str) -> Entity:
    if name not in IMPORTABLE:
        raise InvalidInput(f"cannot import {name!r}; choose one of: {', '.join(IMPORTABLE)}")
    return ENTITIES[name]


def header_predicate(entity: str, mapping: Mapping[str, str]) -> IsHeader:
    """Recognises the headers of ``entity`` (and those named in ``mapping``) in a file."""
    known = set(known_headers(entity)) | {normalise_header(h) for h in mapping}
    known |= detection_headers(entity)
    return lambda header: normalise_header(header) in known


def prepare(
    db: Database,
    entity: Entity,
    path: Path,
    mapping: Mapping[str, str],
    source: str,
    report: ImportReport,
    progress: Progress,
    profile_name: str | None = None,
) -> Prepared:
    """Read, map, validate and check the file; fills the report's file facts and row issues.

    A format profile (named, or chosen by file type or by its headers) adds its columns under
    ``mapping`` and may bring its own reader, list separator and value transforms.
    """
    progress(0, 0, f"reading {path.name}")
    profile = profile_for_file(entity.name, path, profile_name)
    with use_limits(db.settings):
        table, profile = _read(entity.name, path, mapping, profile)
    if profile is not None:
        mapping = {**profile.columns, **mapping}
        report.profile = profile.name
    columns = resolve_columns(entity.name, table.headers, mapping)
    _describe(report, table, columns.as_report())
    parser = RowParser(
        entity.name,
        columns,
        db.settings.import_max_cell_chars,
        converters=profile.converters() if profile else None,
    )
    total = len(table.rows)
    parsed = parser.parse_table(table, lambda done: progress(done, total, "validating"))
    report.counts.skipped_empty = parsed.skipped_empty
    report.notes += parsed.notes
    valid = [row for row in parsed.rows if row.valid]
    _default_source(valid, parsed.provided, source)
    progress(total, total, "checking keys and duplicates")
    with db.read() as session:
        unique = _check_keys(session, entity, valid, columns.header_of)
        report.counts.repeated = len(valid) - len(unique)
        _collect_issues(report, parsed.rows)
        bad = report.rejected_rows
        rejected = replace(table, rows=[r for r in table.rows if r[0] in bad])
        del table  # a large file's cells: no longer needed, and the duplicate search needs room
        rows = [row for row in unique if row.valid]
        _flag_duplicates(session, entity, rows, db.settings.import_near_duplicate_threshold, report)
    return Prepared(entity, rejected, rows, parsed.provided, source)


def _read(
    entity: str, path: Path, mapping: Mapping[str, str], profile: Profile | None
) -> tuple[Table, Profile | None]:
    """The file's table, through the profile's reader when it has one; a profile is detected
    from the headers when none was named or implied by the file type."""
    wanted = {**profile.columns, **mapping} if profile else mapping
    is_header = header_predicate(entity, wanted)
    table = (profile.read(path, is_header) if profile else None) or read_table(path, is_header)
    if profile is None:
        profile = detect_profile(entity, table.headers)
    return table, profile


def _collect_issues(report: ImportReport, rows: list[ParsedRow]) -> None:
    report.errors = [issue for row in rows for issue in row.errors]
    report.warnings = [issue for row in rows for issue in row.warnings]
    report.counts.rejected = len(report.rejected_rows)


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

"""Import one file into one entity: read, map, validate and check everything, then write.

The write unit opens only after every row is parsed, validated and checked for duplicates, so
a bad file holds no lock and leaves no trace. All-or-nothing is the default: one invalid row
and nothing is written. ``skip_invalid`` writes the valid rows and the rest to a rejects file;
``dry_run`` reports what would happen and writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xinzhi.catalog.importing.prepare import importable, prepare
from xinzhi.catalog.importing.rejects import write_rejects, write_rejects_near
from xinzhi.catalog.importing.report import ImportRejected, ImportReport
from xinzhi.catalog.importing.table import Table
from xinzhi.catalog.importing.upsert import apply_plan
from xinzhi.catalog.importing.write import Progress
from xinzhi.core.db import SYSTEM_ACTOR, Database
from xinzhi.core.events import RecordChanged, publish


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
    profile: str | None = None


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
    source = opts.source or path.name
    prepared = prepare(db, entity, path, opts.mapping, source, report, progress, opts.profile)
    if report.errors and not opts.skip_invalid:
        report.seconds = round(time.perf_counter() - started, 3)
        raise ImportRejected(report)
    if report.errors and not opts.dry_run:
        report.rejects_path = str(_write_rejects(db, path, prepared.rejected, report, opts))
    if opts.dry_run:
        with db.read() as session:
            apply_plan(session, prepared, report, progress, write=False)
    else:
        with db.write(actor=actor, user_id=user_id) as session:
            apply_plan(session, prepared, report, progress, write=True)
            # one event per batch: derived data (the matching index) follows the whole import
            publish(session, RecordChanged(entity.name, 0, "import", {"file": path.name}))
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

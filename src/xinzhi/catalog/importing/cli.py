"""``xinzhi import ENTITY FILE`` and ``xinzhi export ENTITY OUT``.

Import prints a short summary (or ``--json``: the whole report) and exits 0 when the file was
imported, 2 when it was rejected (invalid rows under all-or-nothing, or a file-level problem).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from xinzhi.catalog.entities import ENTITIES, IMPORTABLE
from xinzhi.catalog.importing.export import export_file
from xinzhi.catalog.importing.mapping import load_mapping_file, parse_map_options
from xinzhi.catalog.importing.report import ImportRejected, ImportReport
from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import InvalidInput

PROGRESS_MIN_ROWS = 5000
SHOW_ITEMS = 10


class ProgressBars:
    """A ``click.progressbar`` on stderr per phase, only for files of many rows."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stack = ExitStack()
        self.bar: Any = None
        self.label = ""

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.enabled or total < PROGRESS_MIN_ROWS:
            return
        if message != self.label or self.bar is None:
            self.close()
            self.bar = self.stack.enter_context(
                click.progressbar(length=total, label=message, file=sys.stderr)
            )
            self.label = message
        self.bar.update(max(0, done - self.bar.pos))

    def close(self) -> None:
        self.stack.close()
        self.bar = None


@click.command("import")
@click.argument("entity", type=click.Choice(IMPORTABLE))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of `column: field` pairs.",
)
@click.option("--map", "maps", multiple=True, metavar="HEADER=field", help="Map one column.")
@click.option(
    "--profile",
    help="Named export format (lens, cn-export, uspto-xml …); detected when not given.",
)
@click.option("--skip-invalid", is_flag=True, help="Import valid rows; write the rest aside.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --skip-invalid writes the rejected rows.",
)
@json_option
@pass_ctx
def import_cmd(
    ctx: CliContext,
    entity: str,
    file: Path,
    mapping_file: Path | None,
    maps: tuple[str, ...],
    profile: str | None,
    skip_invalid: bool,
    dry_run: bool,
    rejects: Path | None,
    as_json: bool,
) -> None:
    """Import FILE (.xlsx, .csv, .tsv or .json; may be .gz; format profiles add more) into ENTITY.

    Columns are matched to fields by name, Chinese title or known alias; --mapping and --map
    override that, and unmatched columns are kept in each record's `extra`.
    """
    mapping = load_mapping_file(mapping_file) if mapping_file else {}
    mapping.update(parse_map_options(maps))
    options = ImportOptions(
        mapping=mapping,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        rejects_path=rejects,
        profile=profile,
    )
    db, principal = ctx.migrated_db(), ctx.principal
    bars = ProgressBars(enabled=not as_json)
    try:
        report = import_file(
            db,
            entity,
            file,
            options,
            actor=principal.actor,
            user_id=principal.user_id,
            progress=bars,
        )
    except ImportRejected as exc:
        bars.close()
        rejected = exc.report
        emit(rejected.to_dict(), as_json, lambda _: summary(rejected))
        click.echo(f"错误 Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    bars.close()
    emit(report.to_dict(), as_json, lambda _: summary(report))
    if report.counts.rejected and not _accepted(report):
        click.echo("错误 Error: every row was rejected; nothing was imported", err=True)
        sys.exit(InvalidInput.exit_code)


def _accepted(report: ImportReport) -> int:
    c = report.counts
    return c.created + c.updated + c.unchanged + c.repeated


@click.command("export")
@click.argument("entity", type=click.Choice(list(ENTITIES)))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--q", default="", help="Only the records this search finds.")
@json_option
@pass_ctx
def export_cmd(ctx: CliContext, entity: str, out: Path, q: str, as_json: bool) -> None:
    """Export ENTITY to OUT (.xlsx or .csv, Chinese headers); re-importing it changes nothing."""
    result = export_file(ctx.migrated_db(), entity, out, principal=ctx.principal, q=q)
    emit(asdict(result), as_json, lambda d: f"{d['count']} {d['entity']} written to {d['path']}")


def summary(report: ImportReport) -> str:
    """A few lines a person reads: counts, duplicates, first errors, where the rejects went."""
    lines = [_heading(report), _counts(report)]
    lines += _duplicates(report)
    if report.extra_columns:
        lines.append(f"  kept in extra (no matching field): {', '.join(report.extra_columns)}")
    lines += [f"  note: {note}" for note in report.notes]
    lines += _issues("warnings", report.warnings)
    lines += _issues("errors", report.errors)
    if report.rejects_path:
        lines.append(f"  rejected rows written to {report.rejects_path}")
    if report.dry_run:
        lines.append("  dry run: nothing was written")
    return "\n".join(lines)


def _heading(report: ImportReport) -> str:
    source = ", ".join(
        str(part)
        for part in (
            report.format,
            report.profile and f"profile {report.profile}",
            report.encoding,
            report.sheet and f"sheet {report.sheet}",
        )
        if part
    )
    where = f", header row {report.header_row}" if report.header_row else ""
    return f"{report.entity} ← {report.file} ({source}{where}) in {report.seconds:.1f}s"


def _counts(report: ImportReport) -> str:
    c = report.counts
    text = (
        f"  {report.total_rows} rows: {c.created} created, {c.updated} updated, "
        f"{c.unchanged} unchanged, {c.repeated} repeated, {c.rejected} rejected, "
        f"{c.skipped_empty} empty skipped"
    )
    if c.organisations_matched or c.organisations_created:
        text += (
            f"; organisations: {c.organisations_matched} matched, {c.organisations_created} created"
        )
    return text


def _duplicates(report: ImportReport) -> list[str]:
    d = report.duplicate_counts()
    if not report.duplicates:
        return ["  duplicate titles: none"]
    lines = [
        f"  duplicate titles (flagged, all kept): {d['exact_in_file']} exact and "
        f"{d['near_in_file']} near within the file; {d['exact_existing']} exact and "
        f"{d['near_existing']} near of existing records"
    ]
    for flag in report.duplicates[:SHOW_ITEMS]:
        other = (
            f"row {flag.duplicate_of_row}"
            if flag.duplicate_of_row is not None
            else f"record #{flag.existing_id}"
        )
        lines.append(
            f"    row {flag.row} {flag.title[:40]!r} ~ {other} ({flag.kind} {flag.similarity:.2f})"
        )
    return lines


def _issues(name: str, issues: list[Any]) -> list[str]:
    if not issues:
        return []
    lines = [f"  {name}: {len(issues)}"]
    for issue in issues[:SHOW_ITEMS]:
        column = f" [{issue.column}]" if issue.column else ""
        lines.append(f"    row {issue.row}{column}: {issue.reason}")
    if len(issues) > SHOW_ITEMS:
        lines.append(f"    … {len(issues) - SHOW_ITEMS} more (use --json for all)")
    return lines

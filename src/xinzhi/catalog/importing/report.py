"""What an import did, row by row: counts, row errors, duplicate flags and notes.

The report is the import's contract with the user: every row of the file is accounted for as
created, updated, unchanged, repeated, rejected or skipped (empty), so nothing disappears
without a line saying why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from xinzhi.core.errors import InvalidInput

DETAILS_IN_ERROR = 200


@dataclass(frozen=True)
class RowIssue:
    """A problem with one row: ``row`` as the user sees it in the file, ``column`` as headed."""

    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class DuplicateFlag:
    """A row whose title equals (``exact``) or resembles (``near``) another title."""

    row: int
    title: str
    kind: str
    similarity: float
    duplicate_of_row: int | None = None
    duplicate_of_title: str | None = None
    existing_id: int | None = None
    existing_title: str | None = None


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0
    rejected: int = 0
    skipped_empty: int = 0
    organisations_matched: int = 0
    organisations_created: int = 0


@dataclass
class ImportReport:
    """The full account of one import (or dry run) of one file."""

    entity: str
    file: str
    format: str = ""
    profile: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    header_row: int = 0
    total_rows: int = 0
    mapping: dict[str, str | None] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    duplicates: list[DuplicateFlag] = field(default_factory=list)
    dedupe: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    rejects_path: str | None = None
    seconds: float = 0.0

    @property
    def rejected_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    def duplicate_counts(self) -> dict[str, int]:
        counts = {"exact_in_file": 0, "near_in_file": 0, "exact_existing": 0, "near_existing": 0}
        for flag in self.duplicates:
            where = "existing" if flag.existing_id is not None else "in_file"
            counts[f"{flag.kind}_{where}"] += 1
        return counts

    def to_dict(self, max_items: int | None = None) -> dict[str, Any]:
        """JSON-able form; ``max_items`` caps the row lists (counts always stay complete)."""
        data = asdict(self)
        data["duplicate_counts"] = self.duplicate_counts()
        for name in ("errors", "warnings", "duplicates"):
            items = data[name]
            if max_items is not None and len(items) > max_items:
                data[name] = items[:max_items]
                data[f"{name}_truncated"] = len(items) - max_items
        return data


class ImportRejected(InvalidInput):
    """The file had invalid rows and nothing was written; carries the full report."""

    def __init__(self, report: ImportReport) -> None:
        bad = len(report.rejected_rows)
        super().__init__(
            f"{bad} of {report.total_rows} rows of {report.file} are invalid; nothing was written "
            "(fix them, or use --skip-invalid to import the valid rows)",
            details=[asdict(e) for e in report.errors[:DETAILS_IN_ERROR]],
        )
        self.report = report

    def to_dict(self) -> dict[str, Any]:
        body = super().to_dict()
        body["report"] = self.report.to_dict(max_items=DETAILS_IN_ERROR)
        return body

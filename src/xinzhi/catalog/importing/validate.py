"""Rows → validated values, with every problem reported against its row and column.

Each mapped cell is converted (see :mod:`convert`), derived values are filled in (a demand's
budget range from its budget text), unmapped cells go to ``extra``, and the result is validated
with the entity's pydantic ``Create`` shape, the same rules the API applies.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.catalog.importing.convert import Converter, converter_for
from xinzhi.catalog.importing.mapping import ORG_FIELD, OWNER, ColumnMap
from xinzhi.catalog.importing.report import RowIssue
from xinzhi.catalog.importing.table import Table
from xinzhi.core.messages import error_reason

CITED_NUMBER_CHARS = 32
OWNER_NAME_CHARS = 256
BUDGET_RANGE = frozenset({"budget_min_wan", "budget_max_wan"})
TRL_SCALE_NOTE = (
    "技术成熟度 values were read as GB/T 22900-2022 levels (trl_scale = gbt) because the file "
    "has no 成熟度标准 (trl_scale) column"
)


@dataclass
class ParsedRow:
    """One non-empty data row: its validated values or the reasons it failed."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    owner: str | None = None
    key: str = ""
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class Parsed:
    rows: list[ParsedRow]
    skipped_empty: int
    provided: frozenset[str]
    notes: list[str]


def jsonable_cell(value: Any) -> Any:
    """A cell value as it can be stored in a JSON column (``extra``)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


class RowParser:
    """Converts and validates the rows of one table for one entity."""

    def __init__(
        self,
        entity: str,
        columns: ColumnMap,
        max_cell_chars: int,
        converters: Mapping[str, Converter] | None = None,
    ) -> None:
        self.entity = entity
        self.columns = columns
        self.max_cell_chars = max_cell_chars
        self.create = ENTITIES[entity].create
        chosen = converters or {}
        self.converters: dict[int, Converter] = {
            col: chosen.get(name) or converter_for(entity, name)
            for col, name in columns.fields.items()
        }
        mapped = columns.mapped()
        self.derive = _derivations(entity, mapped, columns)
        self.checks = ROW_CHECKS.get(entity, ())
        self.provided = _provided(entity, mapped)
        self.enum_fields = enum_fields(self.create)

    def parse(self, row: int, cells: list[Any], cell_errors: dict[int, str]) -> ParsedRow | None:
        """The parsed row, or ``None`` for a row without any content (counted as empty)."""
        parsed = ParsedRow(row=row)
        values = self._convert(parsed, cells, cell_errors)
        if values is None:
            return None
        for derive in self.derive:
            derive(parsed, values)
        parsed.owner = values.pop(OWNER, None)
        if parsed.errors:
            return parsed
        try:
            model = self.create.model_validate(values)
        except ValidationError as exc:
            parsed.errors += self._pydantic_issues(row, exc)
            return parsed
        parsed.values = model.model_dump(mode="python")
        for name in self.enum_fields:
            if isinstance(parsed.values[name], enum.Enum):
                parsed.values[name] = parsed.values[name].value
        for check in self.checks:
            check(parsed, self.columns)
        return parsed

    def _convert(
        self, parsed: ParsedRow, cells: list[Any], cell_errors: dict[int, str]
    ) -> dict[str, Any] | None:
        """Converted mapped cells plus ``extra``; ``None`` when every cell is blank."""
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for col, cell in enumerate(cells):
            if col in cell_errors or (type(cell) is str and len(cell) > self.max_cell_chars):
                reason = cell_errors.get(col) or self._too_long(cell)
                parsed.errors.append(RowIssue(parsed.row, self.columns.headers[col], reason))
            elif cell is None or (type(cell) is str and (not cell or cell.isspace())):
                continue
            elif col in self.converters:
                self._convert_cell(parsed, col, cell, values)
            else:
                extra[self.columns.extra[col]] = jsonable_cell(cell)
        if not values and not extra and not parsed.errors:
            return None
        values["extra"] = extra
        return values

    def _convert_cell(self, parsed: ParsedRow, col: int, cell: Any, values: dict[str, Any]) -> None:
        try:
            values[self.columns.fields[col]] = self.converters[col](cell)
        except ValueError as exc:
            parsed.errors.append(RowIssue(parsed.row, self.columns.headers[col], str(exc)))

    def _too_long(self, cell: str) -> str:
        return (
            f"cell has {len(cell):,} characters; the limit is {self.max_cell_chars:,} "
            "(setting import_max_cell_chars)"
        )

    def _pydantic_issues(self, row: int, exc: ValidationError) -> list[RowIssue]:
        issues = []
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else ""
            column = self.columns.header_of(name) if name else ""
            issues.append(RowIssue(row, column, error_reason(dict(err))))
        return issues

    def parse_table(self, table: Table, progress: Callable[[int], None]) -> Parsed:
        rows: list[ParsedRow] = []
        errors_by_row = _cell_errors_by_row(table.cell_errors.items())
        for i, (row, cells) in enumerate(table.rows, start=1):
            parsed = self.parse(row, cells, errors_by_row.get(row, {}))
            if parsed is not None:
                rows.append(parsed)
            if i % 1000 == 0:
                progress(i)
        empty = len(table.rows) - len(rows)
        scale_defaulted = "trl_scale" in self.provided - self.columns.mapped()
        notes = [TRL_SCALE_NOTE] if scale_defaulted else []
        return Parsed(rows=rows, skipped_empty=empty, provided=self.provided, notes=notes)


def enum_fields(create: type[Any]) -> list[str]:
    """Fields whose validated value is an enum member (stored as its plain value)."""
    names = []
    for name, info in create.model_fields.items():
        kinds = typing.get_args(info.annotation) or (info.annotation,)
        if any(isinstance(k, type) and issubclass(k, enum.Enum) for k in kinds):
            names.append(name)
    return names


def _provided(entity: str, mapped: set[str]) -> frozenset[str]:
    """Fields the file sets: mapped columns, values derived from them, the owner's id field."""
    provided = (mapped | _derived_fields(entity, mapped)) - {OWNER}
    if OWNER in mapped:
        provided.add(ORG_FIELD[entity])
    return frozenset(provided)


def _check_cites(parsed: ParsedRow, columns: ColumnMap) -> None:
    """patent_citations.cited_number holds 32 characters; longer is not a publication number."""
    long = [c for c in parsed.values.get("cites") or [] if len(c) > CITED_NUMBER_CHARS]
    if long:
        reason = f"{long[0][:40]!r} is longer than {CITED_NUMBER_CHARS} characters"
        parsed.errors.append(RowIssue(parsed.row, columns.header_of("cites"), reason))


def _check_owner(parsed: ParsedRow, columns: ColumnMap) -> None:
    if parsed.owner is not None and len(str(parsed.owner)) > OWNER_NAME_CHARS:
        reason = f"organisation name longer than {OWNER_NAME_CHARS} characters"
        parsed.errors.append(RowIssue(parsed.row, columns.header_of(OWNER), reason))


RowCheck = Callable[[ParsedRow, ColumnMap], None]
ROW_CHECKS: dict[str, tuple[RowCheck, ...]] = {
    "patents": (_check_cites,),
    "achievements": (_check_owner,),
    "demands": (_check_owner,),
    "experts": (_check_owner,),
}


Derivation = Callable[[ParsedRow, dict[str, Any]], None]


def _cell_errors_by_row(
    items: Iterable[tuple[tuple[int, int], str]],
) -> dict[int, dict[int, str]]:
    out: dict[int, dict[int, str]] = {}
    for (row, col), reason in items:
        out.setdefault(row, {})[col] = reason
    return out


def _derived_fields(entity: str, mapped: set[str]) -> set[str]:
    if entity == "demands" and "budget_text" in mapped and not mapped & BUDGET_RANGE:
        return set(BUDGET_RANGE)
    if entity == "achievements" and "trl" in mapped and "trl_scale" not in mapped:
        return {"trl_scale"}
    return set()


def _derivations(entity: str, mapped: set[str], columns: ColumnMap) -> list[Derivation]:
    derived = _derived_fields(entity, mapped)
    if derived == BUDGET_RANGE:
        header = columns.header_of("budget_text")
        return [_budget_from_text("万" if "万" in header else None, header)]
    if derived == {"trl_scale"}:
        return [_default_trl_scale]
    return []


def _budget_from_text(default_unit: str | None, header: str) -> Derivation:
    def derive(parsed: ParsedRow, values: dict[str, Any]) -> None:
        text = values.get("budget_text")
        if not text:
            return
        bounds = parse_budget(str(text), default_unit)
        if bounds is None:
            reason = f"budget {text!r} not understood; kept as text only (no 万元 range)"
            parsed.warnings.append(RowIssue(parsed.row, header, reason))
            return
        values["budget_min_wan"], values["budget_max_wan"] = bounds

    return derive


def _default_trl_scale(_parsed: ParsedRow, values: dict[str, Any]) -> None:
    if values.get("trl") is not None:
        values["trl_scale"] = "gbt"

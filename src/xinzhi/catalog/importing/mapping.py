"""Which column feeds which field: built-in aliases, a YAML mapping file and ``--map`` options.

Headers are compared after NFKC (full-width → half-width), lower-casing and removing all
whitespace and required-field stars, so ``公开（公告）号``, ``公开(公告)号`` and
``公开 (公告) 号 *`` are one header. A column that maps to no field is kept in the record's
``extra`` dict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing.aliases import ALIASES
from xinzhi.catalog.importing.aliases import ORG_FIELD as ORG_FIELD  # re-exported
from xinzhi.catalog.importing.aliases import OWNER as OWNER  # re-exported
from xinzhi.core.errors import InvalidInput

EXTRA = "extra"
EXTRA_PREFIX = "extra:"
_SPACE = re.compile(r"\s+")


def normalise_header(header: str) -> str:
    """Comparison form of a header: NFKC, lower case, no whitespace, no required-field stars."""
    text = unicodedata.normalize("NFKC", header).lower()
    return _SPACE.sub("", text).strip("*:")


def fields_of(entity: str) -> list[str]:
    """Fields a column may feed: the Create shape's fields (``extra`` is implicit) and owner."""
    names = [f for f in ENTITIES[entity].create.model_fields if f != EXTRA]
    return [*names, OWNER] if entity in ORG_FIELD else names


def known_headers(entity: str) -> dict[str, str]:
    """Normalised header → field: field names, the schema's Chinese titles, then aliases."""
    create = ENTITIES[entity].create
    known: dict[str, str] = {}
    for name, info in create.model_fields.items():
        if name == EXTRA:
            continue
        known[normalise_header(name)] = name
        if info.title:
            target = OWNER if name == ORG_FIELD.get(entity) else name
            known.setdefault(normalise_header(info.title), target)
    for name, aliases in ALIASES.get(entity, {}).items():
        for alias in (name, *aliases):
            known.setdefault(normalise_header(alias), name)
    return known


def required_fields(entity: str) -> list[str]:
    create = ENTITIES[entity].create
    return [name for name, info in create.model_fields.items() if info.is_required()]


def field_label(entity: str, name: str) -> str:
    """``需求名称 (title)``: how a field is named in messages."""
    info = ENTITIES[entity].create.model_fields.get(name)
    title = info.title if info is not None else ("单位名称" if name == OWNER else None)
    return f"{title} ({name})" if title else name


@dataclass
class ColumnMap:
    """Column index → field, and column index → key in ``extra`` for the unmapped columns."""

    headers: list[str]
    fields: dict[int, str]
    extra: dict[int, str]

    def header_of(self, field: str) -> str:
        for col, name in self.fields.items():
            if name == field:
                return self.headers[col]
        return field

    def mapped(self) -> set[str]:
        return set(self.fields.values())

    def as_report(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for col, header in enumerate(self.headers):
            out[header] = self.fields.get(col)
        return out


def resolve_columns(
    entity: str, headers: Sequence[str], overrides: Mapping[str, str] | None = None
) -> ColumnMap:
    """Map each column to a field (overrides first, then built-in aliases) or to ``extra``.

    Refuses two columns feeding one field and a file without a required field's column.
    """
    fields: dict[int, str] = {}
    extra: dict[int, str] = {}
    for col, target in enumerate(_targets(entity, headers, overrides)):
        if target is None:
            extra[col] = _extra_key(headers[col], extra.values(), col)
        else:
            fields[col] = target
    _refuse_double_mapping(entity, headers, fields)
    _require(entity, headers, set(fields.values()))
    return ColumnMap(headers=list(headers), fields=fields, extra=extra)


def suggest_columns(
    entity: str, headers: Sequence[str], overrides: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Header → suggested field (or None), without refusing anything (for the upload preview)."""
    return dict(zip(headers, _targets(entity, headers, overrides), strict=True))


def _targets(
    entity: str, headers: Sequence[str], overrides: Mapping[str, str] | None
) -> list[str | None]:
    """The field each header feeds, ``None`` for ``extra``."""
    known = known_headers(entity)
    chosen = {normalise_header(k): _target(known, entity, v) for k, v in (overrides or {}).items()}
    targets: list[str | None] = []
    for header in headers:
        key = normalise_header(header)
        target = chosen.get(key) or known.get(key)
        targets.append(None if target == EXTRA else target)
    return targets


def _target(known: Mapping[str, str], entity: str, value: str) -> str:
    """Resolve a mapping target given as a field name, its Chinese title or a known alias."""
    wanted = normalise_header(value)
    if wanted == EXTRA:
        return EXTRA
    target = known.get(wanted)
    if target is None:
        raise InvalidInput(
            f"mapping target {value!r} is not a field of {entity}; choose one of: "
            f"{', '.join(fields_of(entity))} or extra"
        )
    return target


def _extra_key(header: str, taken: Iterable[str], col: int) -> str:
    """The ``extra`` key of an unmapped column: its header, made unique by column number."""
    key = header[len(EXTRA_PREFIX) :] if header.startswith(EXTRA_PREFIX) else header
    return key if key not in set(taken) else f"{key} ({col + 1})"


def _refuse_double_mapping(entity: str, headers: Sequence[str], fields: dict[int, str]) -> None:
    seen: dict[str, int] = {}
    for col, name in fields.items():
        if name in seen:
            first = headers[seen[name]]
            raise InvalidInput(
                f"columns {first!r} and {headers[col]!r} both map to "
                f"{field_label(entity, name)}; map one of them elsewhere with --map 'HEADER=field'"
            )
        seen[name] = col


def _require(entity: str, headers: Sequence[str], mapped: set[str]) -> None:
    missing = [f for f in required_fields(entity) if f not in mapped]
    if missing:
        names = ", ".join(field_label(entity, f) for f in missing)
        found = ", ".join(headers) or "(none)"
        raise InvalidInput(
            f"required column {names} is missing; headers found: {found}. "
            f"Map a column with --map 'HEADER={missing[0]}'",
            details=[{"row": 0, "column": f, "reason": "required column missing"} for f in missing],
        )


def load_mapping_file(path: Path) -> dict[str, str]:
    """A YAML file of ``column: field`` pairs."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"mapping file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"mapping file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InvalidInput(f"mapping file {path} must be a mapping of column: field")
    return {str(k): v for k, v in data.items()}


def parse_map_options(values: Sequence[str]) -> dict[str, str]:
    """``['需求名称=title', ...]`` → ``{'需求名称': 'title'}``."""
    out: dict[str, str] = {}
    for item in values:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise InvalidInput(f"--map expects HEADER=field, got {item!r}")
        out[header.strip()] = target.strip()
    return out

"""Record forms generated from an entity's Create shape: raw text in, typed values out.

Parsing turns each submitted string into what the shape expects (empty optional fields become
``None``, lists are split on Chinese and Latin separators, JSON fields are decoded); validation
runs the shape itself and reports each problem next to its field, in the page's language.
A table of rows (a demand's target indicators) arrives as ``name-<row>-<column>`` fields; rows
left empty are dropped, and a problem in a row is reported as 第 N 行 next to the table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticUndefined

from xinzhi.catalog.pages.fields import REGION_LEVELS, FieldSpec, to_raw
from xinzhi.common import divisions
from xinzhi.common.web.i18n import Translator
from xinzhi.core.text import split_list

GENERAL = "__all__"
_ROW_KEY = re.compile(r"^(?P<name>\w+)-(?P<row>\d{1,3})-(?P<col>\w+)$")


@dataclass
class FormState:
    """What a form shows: the raw text of each field and the problems found, by field name."""

    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def general_errors(self) -> list[str]:
        return self.errors.get(GENERAL, [])

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def initial(
    specs: Iterable[FieldSpec], shape: type[BaseModel], current: Mapping[str, Any] | None = None
) -> FormState:
    """The form of a new record (the shape's defaults) or of an existing one (``current``)."""
    values = {}
    for spec in specs:
        if current is not None:
            value = current[spec.name]
        else:
            value = shape.model_fields[spec.name].get_default(call_default_factory=True)
            value = None if value is PydanticUndefined else value
        values[spec.name] = to_raw(spec, value)
    return FormState(values)


def _clean(columns: Sequence[FieldSpec], typed: Any, state: FormState, t: Translator) -> Any:
    """A row or group as typed → values for its shape (empty cells are left to the defaults)."""
    if not isinstance(typed, dict):
        return typed
    out: dict[str, Any] = {}
    for column in columns:
        present, value = _parse_one(column, str(typed.get(column.name) or ""), state, t)
        if present:
            out[column.name] = value
    return out


def _parse_one(spec: FieldSpec, raw: str, state: FormState, t: Translator) -> tuple[bool, Any]:
    """``(present, value)``: absent means "use the shape's default" (or "required" if none)."""
    text = raw.strip()
    if spec.kind == "list":
        return True, split_list(text)
    if spec.kind == "bool":  # a select of 是/否, with 未填 when the shape allows "unknown"
        if text == "":
            return spec.nullable, None
        return True, text not in ("false", "0", "off")
    if text == "":
        if spec.nullable:
            return True, None
        # A required field left empty is "missing" (pydantic says so), not "too short".
        return not spec.required and spec.kind in ("text", "textarea"), ""
    if spec.kind in ("json", "rows", "group"):
        try:
            value = json.loads(text)
        except ValueError:
            state.add(spec.name, t("err.json"))
            return False, None
        if spec.kind == "rows" and isinstance(value, list):
            return True, [_clean(spec.columns, row, state, t) for row in value]
        return True, _clean(spec.columns, value, state, t) if spec.columns else value
    return True, text


def rows_from_form(spec: FieldSpec, form: Mapping[str, Any]) -> list[dict[str, str]]:
    """The rows of a table field as typed, in order, without the ones left wholly empty."""
    found: dict[int, dict[str, str]] = {}
    columns = {c.name for c in spec.columns}
    for key in form:
        match = _ROW_KEY.match(str(key))
        if match and match["name"] == spec.name and match["col"] in columns:
            found.setdefault(int(match["row"]), {})[match["col"]] = str(form.get(key) or "")
    rows = [found[i] for i in sorted(found)]
    return [r for r in rows if any(v.strip() for v in r.values())]


def region_from_form(name: str, form: Mapping[str, Any]) -> str:
    """The deepest level chosen that lies under the levels above it (a stale county left over
    from another province is ignored); the plain field when the picker was not used."""
    code = ""
    for level in REGION_LEVELS:
        pick = str(form.get(f"{name}-{level}") or "").strip()
        if not pick:
            break
        if code and code not in divisions.path(pick):
            break
        code = pick
    return code or str(form.get(name) or "").strip()


def _group_from_form(spec: FieldSpec, form: Mapping[str, Any]) -> dict[str, str]:
    return {c.name: str(form.get(f"{spec.name}-{c.name}") or "") for c in spec.columns}


def _raw_value(spec: FieldSpec, form: Mapping[str, Any]) -> str:
    if spec.kind == "rows":
        rows = rows_from_form(spec, form)
        return json.dumps(rows, ensure_ascii=False) if rows else ""
    if spec.kind == "group":
        return json.dumps(_group_from_form(spec, form), ensure_ascii=False)
    if spec.kind == "region":
        return region_from_form(spec.name, form)
    return str(form.get(spec.name) or "")


def parse(
    specs: Sequence[FieldSpec], form: Mapping[str, Any], t: Translator
) -> tuple[dict[str, Any], FormState]:
    """Typed-enough values for the shape, and the state to show again if validation fails."""
    raw = {s.name: _raw_value(s, form) for s in specs}
    state = FormState(raw)
    data: dict[str, Any] = {}
    for spec in specs:
        present, value = _parse_one(spec, raw[spec.name], state, t)
        if present:
            data[spec.name] = value
    return data, state


def message(error: ErrorDetails, t: Translator) -> str:
    key = f"err.{error['type']}"
    if t.has(key):
        return t(key, **{k: str(v) for k, v in error.get("ctx", {}).items()})
    return error["msg"].removeprefix("Value error, ")


def validate(
    shape: type[BaseModel], data: dict[str, Any], state: FormState, t: Translator
) -> BaseModel | None:
    """The validated model, or ``None`` with every problem added to ``state``."""
    try:
        model = shape.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            name = str(loc[0]) if loc and str(loc[0]) in state.values else GENERAL
            text = message(error, t)
            if len(loc) > 1 and isinstance(loc[1], int):
                text = t("form.row_error", row=loc[1] + 1, message=text)
            state.add(name, text)
        return None
    return None if state.errors else model

"""What the form's own widgets need beside a field's text: the 省/市/区 lists for a region, the
rows of a table, the taxonomy for ``field``, and the budget text read as a range in 万元.

The picker's options for the current value are rendered by the server (a form shown again after
an error keeps what was chosen, and works before any script runs); ``static/js/forms.js`` then
loads the children of a newly chosen level from ``/regions/children``.
"""

from __future__ import annotations

import json
from typing import Any

from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.catalog.pages.fields import REGION_LEVELS as LEVELS
from xinzhi.catalog.pages.fields import FieldSpec
from xinzhi.catalog.pages.forms import FormState
from xinzhi.common import divisions, taxonomy
from xinzhi.common.web.i18n import Translator

BLANK_ROWS = 1


def children(code: str | None) -> list[tuple[str, str]]:
    """The divisions directly under ``code`` (provinces when ``code`` is empty)."""
    names = divisions.names()
    if not code:
        return [(c, n) for c, n in names.items() if divisions.level(c) == 1]
    return [(c, n) for c, n in names.items() if c != code and divisions.parent(c) == code]


def region_levels(value: str) -> list[dict[str, Any]]:
    """The three selects of a picker showing ``value``: options and the chosen code of each."""
    chosen = divisions.path(value) if value else []
    levels: list[dict[str, Any]] = []
    parent: str | None = None
    for depth, level in enumerate(LEVELS):
        options = children(parent) if depth == 0 or parent else []
        pick = chosen[depth] if depth < len(chosen) else ""
        levels.append({"level": level, "options": options, "value": pick})
        parent = pick or None
    return levels


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows(spec: FieldSpec, raw: str, blank: int = BLANK_ROWS) -> list[dict[str, str]]:
    """The rows a table shows: those typed or stored, then blank rows to fill in."""
    try:
        typed = json.loads(raw) if raw else []
    except ValueError:
        typed = []
    shown = [{c.name: _cell(r.get(c.name)) for c in spec.columns} for r in typed
             if isinstance(r, dict)]  # fmt: skip
    return shown + [{c.name: "" for c in spec.columns} for _ in range(blank)]


def group(spec: FieldSpec, raw: str) -> dict[str, str]:
    """The values of a group of fields (a nested shape such as 声明事项), as text."""
    try:
        typed = json.loads(raw) if raw else {}
    except ValueError:
        typed = {}
    typed = typed if isinstance(typed, dict) else {}
    return {c.name: _cell(typed.get(c.name)) for c in spec.columns}


def field_choices() -> list[tuple[str, list[str]]]:
    return taxonomy.choices()


def choices(spec: FieldSpec, t: Translator) -> list[tuple[str, str]]:
    """A select's options: enum values in words, 是/否 for a yes-no field."""
    if spec.kind == "enum":
        return [(o, t.value(o)) for o in spec.options]
    if spec.kind == "bool":
        return [("true", t("form.yes")), ("false", t("form.no"))]
    return []


def field_context(
    spec: FieldSpec, state: FormState, t: Translator, refs: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Everything the ``field_input`` macro needs to draw one field of a form."""
    value = state.values.get(spec.name, "")
    context: dict[str, Any] = {
        "spec": spec,
        "label": spec.label(t),
        "value": value,
        "errors": state.errors.get(spec.name, []),
        "choices": refs if spec.kind == "ref" else choices(spec, t),
    }
    if spec.kind == "region":
        context["levels"] = region_levels(value)
    elif spec.kind in ("rows", "group"):
        context["columns"] = [
            {"spec": c, "label": c.label(t) if c.title else t(f"indicator.{c.name}"),
             "choices": choices(c, t)}
            for c in spec.columns
        ]  # fmt: skip
        if spec.kind == "rows":
            context["rows"] = rows(spec, value)
        else:
            context["group"] = group(spec, value)
    elif spec.name == "field":
        context["taxonomy"] = field_choices()
    return context


def derive_budget(data: dict[str, Any]) -> None:
    """A demand's range in 万元 from its budget text when neither bound was typed."""
    text = str(data.get("budget_text") or "")
    if not text or data.get("budget_min_wan") is not None or data.get("budget_max_wan") is not None:
        return
    found = parse_budget(text)
    if found is not None:
        data["budget_min_wan"], data["budget_max_wan"] = found

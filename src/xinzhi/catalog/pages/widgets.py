"""What the form's own widgets need beside a field's text: the 省/市/区 lists for a region, the
rows of a table, the taxonomy for ``field``, and the budget text read as a range in 万元.

The picker's options for the current value are rendered by the server (a form shown again after
an error keeps what was chosen, and works before any script runs); ``static/js/forms.js`` then
loads the children of a newly chosen level from ``/regions/children``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.catalog.pages.fields import FieldSpec
from xinzhi.common import divisions, taxonomy

LEVELS = ("province", "city", "county")
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


def region_from_form(name: str, form: Mapping[str, Any]) -> str:
    """The deepest level chosen that lies under the levels above it (a stale county left over
    from another province is ignored); the plain field when the picker was not used."""
    code = ""
    for level in LEVELS:
        pick = str(form.get(f"{name}-{level}") or "").strip()
        if not pick:
            break
        if code and code not in divisions.path(pick):
            break
        code = pick
    return code or str(form.get(name) or "").strip()


def rows(spec: FieldSpec, raw: str) -> list[dict[str, str]]:
    """The rows a table shows: those typed or stored, then one blank row to fill in."""
    try:
        typed = json.loads(raw) if raw else []
    except ValueError:
        typed = []
    shown = [
        {c.name: "" if r.get(c.name) is None else str(r.get(c.name)) for c in spec.columns}
        for r in typed
        if isinstance(r, dict)
    ]
    return shown + [{c.name: "" for c in spec.columns} for _ in range(BLANK_ROWS)]


def field_choices() -> list[tuple[str, list[str]]]:
    return taxonomy.choices()


def derive_budget(data: dict[str, Any]) -> None:
    """A demand's range in 万元 from its budget text when neither bound was typed."""
    text = str(data.get("budget_text") or "")
    if not text or data.get("budget_min_wan") is not None or data.get("budget_max_wan") is not None:
        return
    found = parse_budget(text)
    if found is not None:
        data["budget_min_wan"], data["budget_max_wan"] = found

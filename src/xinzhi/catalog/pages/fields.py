"""What each field of a Create shape is, for forms and detail pages, derived from its annotation.

One analysis serves every entity: a ``str`` without a length limit is long text (a textarea),
``list[str]`` is a list typed with Chinese or Latin separators, nested shapes are JSON, and the
``*_org_id`` fields reference an organisation. Some fields get a widget of their own: a region
code is a cascading 省/市/区 picker, a list of small shapes (a demand's target indicators) is a
table of rows added and removed in place, and ``field`` offers the field taxonomy.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from xinzhi.catalog.entities import Entity
from xinzhi.catalog.messages import FIELD_LABELS_EN
from xinzhi.catalog.models import Confidentiality
from xinzhi.common.divisions import full_name
from xinzhi.common.web.i18n import Translator

Kind = Literal[
    "text", "textarea", "int", "float", "bool", "date", "enum", "list", "json", "ref", "region",
    "rows", "group",
]  # fmt: skip

# Fields holding the id of another record, by the entity they point to.
REFERENCES = {"owner_org_id": "organisations", "organisation_id": "organisations"}
LIST_SEPARATOR = "；"
PROVENANCE = ("external_id", "source", "extra")
CODED_TEXT = frozenset({"level"})  # text columns holding a code (a policy's national/local)
REGION_LEVELS = ("province", "city", "county")  # the picker's selects: 省级, 地级, 县级


@dataclass(frozen=True)
class FieldSpec:
    """One field of a shape: its name, Chinese title, widget kind and constraints."""

    shape: str
    name: str
    title: str
    kind: Kind
    required: bool
    nullable: bool
    options: tuple[str, ...] = ()
    ref: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    columns: tuple[FieldSpec, ...] = ()  # the fields of one row ("rows")

    def label(self, t: Translator) -> str:
        """The field's label: the shape's Chinese title, or its English name."""
        if t.lang == "zh" and self.title:
            return self.title
        own = FIELD_LABELS_EN.get(f"{self.shape}.{self.name}")
        return own or FIELD_LABELS_EN.get(self.name) or self.name.replace("_", " ").capitalize()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(annotation, False)``."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return annotation, False


def _is_enum(base: Any) -> bool:
    return isinstance(base, type) and issubclass(base, enum.Enum)


def _kind(name: str, base: Any, info: FieldInfo) -> Kind:
    simple: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", dt.date: "date"}
    if name in REFERENCES:
        return "ref"
    if name == "region_code":
        return "region"
    if _is_enum(base):
        return "enum"
    if base in simple:
        return simple[base]
    if get_origin(base) is list and get_args(base) == (str,):
        return "list"
    if get_origin(base) is list and _is_shape(get_args(base)[0]):
        return "rows"
    if _is_shape(base):
        return "group"
    if base is str:
        return "textarea" if _is_long_text(info) else "text"
    return "json"


def _is_shape(item: Any) -> bool:
    return isinstance(item, type) and issubclass(item, BaseModel)


def _row_columns(base: Any) -> tuple[FieldSpec, ...]:
    """The fields of one row of a table (``list[Shape]``) or of a group (a nested shape)."""
    item = get_args(base)[0] if get_origin(base) is list and get_args(base) else base
    if _is_shape(item):
        return tuple(spec_of(item.__name__, n, i) for n, i in item.model_fields.items())
    return ()


def _is_long_text(info: FieldInfo) -> bool:
    """Free text (简介, 需求描述, 地址): a plain ``str`` with no length limit and no null."""
    nullable = _unwrap(info.annotation)[1]
    return not nullable and _bound(info, annotated_types.MaxLen, "max_length") is None


def _bound(info: FieldInfo, kind: type[Any], attr: str) -> Any:
    for meta in info.metadata:
        if isinstance(meta, kind):
            return getattr(meta, attr)
    return None


def spec_of(shape: str, name: str, info: FieldInfo) -> FieldSpec:
    base, nullable = _unwrap(info.annotation)
    return FieldSpec(
        shape=shape,
        name=name,
        title=info.title or "",
        kind=_kind(name, base, info),
        required=info.is_required(),
        nullable=nullable,
        options=tuple(str(m.value) for m in base) if _is_enum(base) else (),
        ref=REFERENCES.get(name),
        minimum=_bound(info, annotated_types.Ge, "ge"),
        maximum=_bound(info, annotated_types.Le, "le"),
        max_length=_bound(info, annotated_types.MaxLen, "max_length"),
        columns=_row_columns(base),
    )


@lru_cache(maxsize=64)
def field_specs(shape: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``shape``: its own first (title, text…), then inherited ones (owner,
    confidentiality), then provenance (external id, source, other fields)."""
    specs = [spec_of(shape.__name__, name, info) for name, info in shape.model_fields.items()]
    declared = set(vars(shape).get("__annotations__", {}))
    own = [s for s in specs if s.name in declared]
    inherited = [s for s in specs if s not in own and s.name not in PROVENANCE]
    return (*own, *inherited, *(s for s in specs if s.name in PROVENANCE))


def spec_map(shape: type[BaseModel]) -> dict[str, FieldSpec]:
    return {s.name: s for s in field_specs(shape)}


_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SCRIPT = re.compile(r"<(sub|sup)>([^<]{0,12})</\1>", re.IGNORECASE)


def scripts_as_text(text: str) -> str:
    """``CO<sub>2</sub>`` (as patent XML and some listings write it) → CO₂; a script Unicode
    cannot write (letters) loses only its tags."""

    def one(match: re.Match[str]) -> str:
        inner = match[2]
        table = _SUB if match[1].lower() == "sub" else _SUP
        written = inner.translate(table)
        return (
            written
            if all(c != o or c.isspace() for c, o in zip(written, inner, strict=True))
            else inner
        )

    return _SCRIPT.sub(one, text) if "<" in text else text


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def show(spec: FieldSpec, value: Any, t: Translator) -> str:
    """A value as a person reads it (enum values translated, lists joined, JSON indented)."""
    if is_empty(value):
        return "—"
    if isinstance(value, enum.Enum):
        value = value.value
    if spec.kind == "enum" or spec.name in CODED_TEXT:
        return t.value(str(value))
    if spec.kind == "list":
        return ("、" if t.lang == "zh" else ", ").join(str(v) for v in value)
    if spec.kind == "region":
        return full_name(str(value))
    if spec.kind == "rows":
        return "；".join(_row_text(row) for row in value)
    if spec.kind == "json":
        return json.dumps(value, ensure_ascii=False, indent=2, default=str)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return scripts_as_text(str(value))


def _row_text(row: Any) -> str:
    """One indicator as a person writes it: 循环寿命 ≥ 3000 次."""
    if not isinstance(row, dict):
        return str(row)
    text = " ".join(str(row.get(k) or "") for k in ("name", "value")).strip()
    return f"{text}{row.get('unit') or ''}" if text else json.dumps(row, ensure_ascii=False)


def to_raw(spec: FieldSpec, value: Any) -> str:
    """A stored value as the text a form field shows."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if spec.kind == "list":
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind in ("json", "rows", "group"):
        return "" if is_empty(value) else json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def coerce(spec: FieldSpec, raw: str) -> Any:
    """A filter value typed like its column; ``ValueError`` when it cannot be."""
    if spec.kind in ("int", "ref"):
        return int(raw)
    if spec.kind == "float":
        return float(raw)
    if spec.kind == "date":
        return dt.date.fromisoformat(raw)
    if spec.kind == "enum" and raw not in spec.options:
        raise ValueError(raw)
    return raw


def record_title(entity: Entity, obj: Any) -> str:
    return scripts_as_text(str(getattr(obj, entity.title_field) or f"#{obj.id}"))


def record_summary(entity: Entity, obj: Any, limit: int = 140) -> str:
    """The first non-empty text field after the title, shortened: a line under a search hit."""
    for name in entity.text_fields:
        value = getattr(obj, name, None)
        if name == entity.title_field or is_empty(value):
            continue
        text = "；".join(map(str, value)) if isinstance(value, list) else str(value)
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


def is_confidential(entity: Entity, obj: Any) -> bool:
    return entity.owned and getattr(obj, "confidentiality", "") == Confidentiality.CONFIDENTIAL

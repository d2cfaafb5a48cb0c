"""TRL scales as versioned data, and the documented mapping between them.

Level definitions live in ``data/<scale>.yaml`` with their document, version and sources (NASA
NPR 7123.1 Appendix E; EU Horizon 2020 WP2014-15 General Annex G; GB/T 22900-2022 as encoded in
an open-source implementation, unverified — see DOMAIN.md §3 and ANCHORS.md §C2). The mapping is
``data/mapping.yaml``: level for level, each pair marked ``exact`` or ``approximate`` with a note.
A TRL value is never a bare number: :class:`TrlValue` carries its scale.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from xinzhi.core.errors import InvalidInput

DATA_DIR = Path(__file__).parent / "data"
SCALES = ("nasa", "eu", "gbt")
LEVELS = range(1, 10)
ScaleId = Literal["nasa", "eu", "gbt"]


class Source(BaseModel):
    url: str
    tag: str
    note: str = ""


class Level(BaseModel):
    level: int = Field(ge=1, le=9)
    title: str
    title_zh: str
    exit_criterion: str = ""
    verified: bool = False


class Scale(BaseModel):
    """One TRL scale: its levels and where their wording comes from."""

    id: ScaleId
    name: str
    name_zh: str
    version: str
    document: str
    sources: list[Source]
    verified: bool | Literal["partial"]
    levels: list[Level]
    issued: dt.date | None = None
    effective_from: dt.date | None = None
    replaces: str = ""

    def level(self, level: int) -> Level:
        check_level(level)
        return self.levels[level - 1]


class TrlValue(BaseModel):
    """A TRL with its scale (the only way a level travels)."""

    level: int = Field(ge=1, le=9)
    scale: ScaleId


class Conversion(BaseModel):
    """``convert``'s answer: the level on the target scale and whether the meaning is the same."""

    level: int
    from_scale: ScaleId
    to_scale: ScaleId
    source_level: int
    approximate: bool
    note: str = ""
    mapping_version: str


class MappingRow(BaseModel):
    nasa: int
    eu: int
    gbt: int
    nasa_eu: Literal["exact", "approximate"]
    nasa_gbt: Literal["exact", "approximate"]
    eu_gbt: Literal["exact", "approximate"]
    note: str = ""


class Mapping(BaseModel):
    version: str
    basis: str
    rows: list[MappingRow]


def _read(name: str) -> Any:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def scales() -> dict[str, Scale]:
    """Every shipped scale by id (``nasa``, ``eu``, ``gbt``)."""
    out = {sid: Scale.model_validate(_read(f"{sid}.yaml")) for sid in SCALES}
    for sid, scale in out.items():
        if [lv.level for lv in scale.levels] != list(LEVELS):
            raise ValueError(f"scale {sid} must define levels 1–9 in order")
    return out


def check_scale(scale: str) -> ScaleId:
    if scale not in SCALES:
        raise InvalidInput(f"unknown TRL scale {scale!r}; use one of: {', '.join(SCALES)}")
    return scale  # type: ignore[return-value]


def check_level(level: int) -> int:
    if not isinstance(level, int) or isinstance(level, bool) or level not in LEVELS:
        raise InvalidInput(f"a TRL is an integer from 1 to 9, got {level!r}")
    return level


def get_scale(scale: str) -> Scale:
    return scales()[check_scale(scale)]


@lru_cache(maxsize=1)
def mapping() -> Mapping:
    """The mapping table (one row per level; pair flags ``exact``/``approximate``)."""
    return Mapping.model_validate(_read("mapping.yaml"))


def _pair(a: str, b: str) -> str:
    first, second = sorted((a, b), key=SCALES.index)
    return f"{first}_{second}"


def convert(level: int, from_scale: str, to_scale: str) -> Conversion:
    """Level ``level`` of ``from_scale`` on ``to_scale``, saying when the mapping is approximate.

    Source: ``data/mapping.yaml`` (written from DOMAIN.md §3 and ANCHORS.md §C2). The same scale
    converts exactly to itself.
    """
    src, dst = check_scale(from_scale), check_scale(to_scale)
    check_level(level)
    table = mapping()
    if src == dst:
        return Conversion(level=level, from_scale=src, to_scale=dst, source_level=level,
                          approximate=False, mapping_version=table.version)  # fmt: skip
    row = next(r for r in table.rows if getattr(r, src) == level)
    flag = getattr(row, _pair(src, dst))
    return Conversion(
        level=getattr(row, dst), from_scale=src, to_scale=dst, source_level=level,
        approximate=flag == "approximate", note=row.note if flag == "approximate" else "",
        mapping_version=table.version,
    )  # fmt: skip


def mapping_table() -> list[dict[str, Any]]:
    """The mapping as rows for display (CLI, API, docs)."""
    return [row.model_dump() for row in mapping().rows]

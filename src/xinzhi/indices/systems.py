"""Index systems as data: YAML files with dimension / sub-dimension / indicator, validated here.

An indicator names the panel column that feeds it (``column``), its unit and direction, the
yearbook table it comes from and a citation. ``verified: false`` marks structures recalled or
summarised from secondary sources (DOMAIN.md §4.9) that nobody has checked against the paper.
A system whose indicators lack columns documents a structure and cannot be run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from xinzhi.core.errors import InvalidInput, NotFound

SYSTEMS_DIR = Path(__file__).resolve().parent / "systems"


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str = ""
    unit: str = ""
    direction: Literal["+", "-"] = "+"
    column: str | None = None
    source: str = ""
    citation: str = ""
    verified: bool = True
    note: str = ""


class SubDimension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    name_en: str = ""
    verified: bool = True
    indicators: list[Indicator] = Field(default_factory=list)


class Dimension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    name_en: str = ""
    verified: bool = True
    sub_dimensions: list[SubDimension] = Field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for sub in self.sub_dimensions for i in sub.indicators]


class IndexSystem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str = ""
    version: str = "1"
    citation: str = ""
    source_url: str = ""
    verified: bool = True
    description: str = ""
    panel: str = ""
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> IndexSystem:
        ids = [i.id for i in self.indicators]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"indicator ids must be unique; repeated: {', '.join(repeated)}")
        return self

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.dimensions for i in d.indicators]

    def rows(self) -> Iterator[tuple[Dimension, SubDimension, Indicator]]:
        for dim in self.dimensions:
            for sub in dim.sub_dimensions:
                for ind in sub.indicators:
                    yield dim, sub, ind

    @property
    def runnable(self) -> bool:
        """Every sub-dimension has indicators and every indicator names its panel column."""
        subs = [s for d in self.dimensions for s in d.sub_dimensions]
        filled = all(d.sub_dimensions for d in self.dimensions) and all(s.indicators for s in subs)
        return filled and all(i.column for i in self.indicators)

    def require_runnable(self) -> None:
        if not self.runnable:
            raise InvalidInput(
                f"index system {self.id!r} documents a structure only (some sub-dimensions have "
                "no indicators or no panel column); add indicators with a `column` to run it"
            )


def load_system(path_or_id: str | Path) -> IndexSystem:
    """A system from a YAML path, or by id from the systems shipped in ``indices/systems``."""
    path = Path(path_or_id)
    if not path.is_file():
        path = SYSTEMS_DIR / f"{path_or_id}.yaml"
    if not path.is_file():
        known = ", ".join(s.id for s in shipped_systems())
        raise NotFound(f"index system {str(path_or_id)!r} not found (shipped: {known})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return IndexSystem.model_validate(raw)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path.name}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        details = [
            {"field": ".".join(map(str, e["loc"])), "problem": e["msg"]} for e in exc.errors()
        ]
        raise InvalidInput(f"{path.name}: not a valid index system", details=details) from exc


def shipped_systems() -> list[IndexSystem]:
    return [load_system(p) for p in sorted(SYSTEMS_DIR.glob("*.yaml"))]


def shipped_system(system_id: str) -> IndexSystem:
    """A shipped system by id only (never a path): for ids that come from users."""
    systems = {s.id: s for s in shipped_systems()}
    if system_id not in systems:
        raise NotFound(f"index system {system_id!r} not found (shipped: {', '.join(systems)})")
    return systems[system_id]

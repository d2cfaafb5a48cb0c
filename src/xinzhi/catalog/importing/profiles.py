"""Named format profiles: the column mapping of one known export format, and how to read it.

A profile is the ``--mapping`` YAML of a format someone exports often, kept with the code so
nobody writes it twice (a Lens.org CSV, a Chinese commercial patent export, USPTO XML). It
goes through the same column mapping as everything else, as the weakest override: built-in
aliases < profile columns < ``--mapping`` < ``--map``. Besides columns a profile may set

- ``list_separator``: how its multi-valued cells are joined (Lens writes ``;;``);
- ``transforms``: field → name of a value transform applied after conversion (e.g. the
  province out of ``河南(41)``), from :data:`TRANSFORMS`; ``cell_transforms`` the same on the
  raw cell before conversion (a dump's ``0`` for "no date" → empty);
- ``reader``: a reader for a file type the tabular readers do not know (a MySQL dump, XML);
  with ``suffixes`` it is chosen for those files without being named;
- ``detect``: headers that identify the format, so a CSV with them gets the profile unasked.

Profiles are YAML files (``name, entity, title, columns, detect, suffixes, list_separator,
transforms, reader``) registered by the domain packages listed in :data:`PROVIDERS`, imported
the first time a profile is looked up. See docs/import.md and docs/patent-import.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.importing.convert import Converter, converter_for, to_list, to_text
from xinzhi.catalog.importing.mapping import normalise_header
from xinzhi.catalog.importing.table import IsHeader, Table
from xinzhi.core.errors import InvalidInput

Reader = Callable[[Path, IsHeader], Table]
Transform = Callable[[Any], Any]

PROVIDERS = ("xinzhi.patents.formats",)
TRANSFORMS: dict[str, Transform] = {}
READERS: dict[str, Reader] = {}
_PROFILES: dict[str, Profile] = {}
_loaded = False


@dataclass(frozen=True)
class Profile:
    """One export format: its entity, column mapping and reading rules."""

    name: str
    entity: str
    title: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    detect: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    list_separator: str | None = None
    transforms: Mapping[str, str] = field(default_factory=dict)
    cell_transforms: Mapping[str, str] = field(default_factory=dict)
    reader: str | None = None

    def read(self, path: Path, is_header: IsHeader) -> Table | None:
        """The table of ``path`` through this profile's reader, or None to use the usual ones."""
        if self.reader is None or _suffix(path) not in self.suffixes:
            return None
        return READERS[self.reader](path, is_header)

    def converters(self) -> dict[str, Converter]:
        """Field → converter where the profile changes the default one."""
        out: dict[str, Converter] = {}
        if self.list_separator:
            for name in ENTITIES[self.entity].create.model_fields:
                if converter_for(self.entity, name) is to_list:
                    out[name] = _splitter(self.list_separator)
        for name, transform in self.cell_transforms.items():
            then = out.get(name) or converter_for(self.entity, name)
            out[name] = _before(TRANSFORMS[transform], then)
        for name, transform in self.transforms.items():
            first = out.get(name) or converter_for(self.entity, name)
            out[name] = _then(first, TRANSFORMS[transform])
        return out

    def matches(self, headers: Sequence[str]) -> bool:
        have = {normalise_header(h) for h in headers}
        return bool(self.detect) and all(normalise_header(h) in have for h in self.detect)

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entity": self.entity,
            "title": self.title,
            "detect": list(self.detect),
            "suffixes": list(self.suffixes),
            "columns": dict(self.columns),
            "list_separator": self.list_separator,
            "transforms": dict(self.transforms),
            "cell_transforms": dict(self.cell_transforms),
        }


def _splitter(sep: str) -> Converter:
    """A list converter splitting on ``sep`` only (``;;`` keeps ``Co., Ltd.`` in one name)."""

    def split(value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            return [to_text(v) for v in value if to_text(v)]
        return [part.strip() for part in to_text(value).split(sep) if part.strip()]

    return split


def _then(first: Converter, then: Transform) -> Converter:
    def convert(value: Any) -> Any:
        return then(first(value))

    return convert


def _before(first: Transform, then: Converter) -> Converter:
    """``first`` on the raw cell, then the field's converter; ``None`` from ``first`` is empty."""

    def convert(value: Any) -> Any:
        cell = first(value)
        return None if cell is None else then(cell)

    return convert


def register(profile: Profile) -> None:
    named = [*profile.transforms.values(), *profile.cell_transforms.values()]
    unknown = [t for t in named if t not in TRANSFORMS]
    if unknown or (profile.reader and profile.reader not in READERS):
        raise InvalidInput(f"profile {profile.name}: unknown transform or reader {unknown}")
    _PROFILES[profile.name] = profile


def load_profile_file(path: Path) -> Profile:
    """A profile from its YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"profile file {path}: {exc}") from None
    if not isinstance(data, dict) or "name" not in data or "entity" not in data:
        raise InvalidInput(f"profile file {path} needs at least name and entity")
    return Profile(
        name=str(data["name"]),
        entity=str(data["entity"]),
        title=str(data.get("title", "")),
        columns={str(k): str(v) for k, v in (data.get("columns") or {}).items()},
        detect=tuple(str(h) for h in data.get("detect") or ()),
        suffixes=tuple(str(s).lower() for s in data.get("suffixes") or ()),
        list_separator=data.get("list_separator"),
        transforms={str(k): str(v) for k, v in (data.get("transforms") or {}).items()},
        cell_transforms={str(k): str(v) for k, v in (data.get("cell_transforms") or {}).items()},
        reader=data.get("reader"),
    )


def profiles() -> dict[str, Profile]:
    """Every registered profile by name (the providers are imported on first use)."""
    global _loaded
    if not _loaded:
        for module in PROVIDERS:
            importlib.import_module(module)
        _loaded = True
    return dict(_PROFILES)


def get_profile(name: str, entity: str) -> Profile:
    known = {n: p for n, p in profiles().items() if p.entity == entity}
    if name not in known:
        names = ", ".join(sorted(known)) or "(none)"
        raise InvalidInput(f"unknown format profile {name!r} for {entity}; known: {names}")
    return known[name]


def _suffix(path: Path) -> str:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return Path(name).suffix


def profile_for_file(entity: str, path: Path, name: str | None) -> Profile | None:
    """The named profile, else the one that reads this file type, else None (decided later)."""
    if name:
        return get_profile(name, entity)
    suffix = _suffix(path)
    for profile in profiles().values():
        if profile.entity == entity and suffix in profile.suffixes:
            return profile
    return None


def detect_profile(entity: str, headers: Sequence[str]) -> Profile | None:
    """The first profile of ``entity`` whose ``detect`` headers all appear in ``headers``."""
    for profile in profiles().values():
        if profile.entity == entity and profile.matches(headers):
            return profile
    return None


def detection_headers(entity: str) -> set[str]:
    """Normalised headers of every profile of ``entity`` (help the header-row search)."""
    out: set[str] = set()
    for profile in profiles().values():
        if profile.entity == entity:
            out |= {normalise_header(h) for h in (*profile.columns, *profile.detect)}
    return out

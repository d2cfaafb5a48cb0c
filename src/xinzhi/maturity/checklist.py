"""The evidence-gated checklist: criteria per level and track, loaded from versioned YAML.

``data/checklist-<scale>.yaml`` holds, for each level 1–9, criteria of the ``hardware`` and
``software`` tracks. We wrote them from the cited level definitions (each file names its source).
An assessment on track ``both`` answers the criteria of both tracks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.maturity.scales import DATA_DIR, LEVELS, SCALES, ScaleId, check_scale

TRACKS = ("hardware", "software", "both")
Track = Literal["hardware", "software", "both"]


class Criterion(BaseModel):
    id: str
    level: int
    track: Literal["hardware", "software"]
    text: str
    en: str = ""
    evidence: str = ""


class Checklist(BaseModel):
    scale: ScaleId
    version: str
    source: str
    criteria: list[Criterion]

    def for_track(self, track: str) -> list[Criterion]:
        check_track(track)
        return [c for c in self.criteria if track == "both" or c.track == track]

    def for_level(self, level: int, track: str) -> list[Criterion]:
        return [c for c in self.for_track(track) if c.level == level]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise NotFound(f"no criterion {criterion_id!r} in checklist {self.version}")


def check_track(track: str) -> Track:
    if track not in TRACKS:
        raise InvalidInput(f"unknown track {track!r}; use one of: {', '.join(TRACKS)}")
    return track  # type: ignore[return-value]


@lru_cache(maxsize=len(SCALES))
def checklist(scale: str) -> Checklist:
    """The shipped checklist of ``scale``; every level has criteria on both tracks."""
    raw: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / f"checklist-{check_scale(scale)}.yaml").read_text(encoding="utf-8")
    )
    criteria = [
        Criterion(level=int(level), track=track, **item)
        for level, tracks in raw["levels"].items()
        for track, items in tracks.items()
        for item in items
    ]
    result = Checklist(scale=raw["scale"], version=raw["version"], source=raw["source"],
                       criteria=criteria)  # fmt: skip
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise ValueError(f"checklist {scale} repeats a criterion id")
    for level in LEVELS:
        for track in ("hardware", "software"):
            if not result.for_level(level, track):
                raise ValueError(f"checklist {scale} has no {track} criterion at level {level}")
    return result

"""Where milestone acceptance asks for approved TRL evidence, without importing maturity.

The maturity domain keeps TRL assessments and reviewer approvals; domains may not import each
other, so the composition root registers a source here (``xinzhi.app._connect_domains``):
``fn(session, achievement_id) -> highest approved TRL or None``. With no source registered no
evidence exists and every acceptance is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

TrlSource = Callable[[Session, int], int | None]
_SOURCES: list[TrlSource] = []


def register_trl_source(source: TrlSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def approved_trl(session: Session, achievement_id: int) -> int | None:
    """The highest TRL any registered source holds approved evidence for."""
    levels = [level for s in _SOURCES if (level := s(session, achievement_id)) is not None]
    return max(levels) if levels else None

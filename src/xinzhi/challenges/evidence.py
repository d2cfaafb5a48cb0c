"""Where milestone acceptance asks for approved TRL evidence, without importing maturity.

The maturity domain keeps TRL assessments and reviewer approvals; domains may not import each
other, so the composition root registers a source here (``xinzhi.app._connect_domains``):
``fn(session, achievement_id) -> highest approved TRL or None``. With no source registered no
evidence exists and every acceptance is refused.

The other direction: a passed 场景验证 (:mod:`xinzhi.challenges.scenarios`) is handed to the
registered evidence sinks (:func:`register_evidence_sink`); the composition root's sink files it
as TRL evidence in the maturity domain, pending a reviewer's approval of the level there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from xinzhi.core.settings import Settings

TrlSource = Callable[[Session, int], int | None]
_SOURCES: list[TrlSource] = []


def register_trl_source(source: TrlSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def approved_trl(session: Session, achievement_id: int) -> int | None:
    """The highest TRL any registered source holds approved evidence for."""
    levels = [level for s in _SOURCES if (level := s(session, achievement_id)) is not None]
    return max(levels) if levels else None


# ---------------------------------------------------------------- evidence written (场景验证)

#: ``fn(session, settings, achievement_id, record) -> what was written`` (a dict kept on the
#: challenge's validation result) or None when nothing was written.
EvidenceSink = Callable[[Session, Settings, int, dict[str, Any]], dict[str, Any] | None]
_SINKS: list[EvidenceSink] = []

#: The TRL a passed 场景验证 is evidence for: a system prototype demonstrated in an operational
#: environment is level 7 (NASA TRL 7 "system prototype demonstration in an operational
#: environment"; EU H2020 TRL 7 likewise; GB/T 22900-2022 开发研究 level 7 "实际环境", whose
#: checklist item gbt.7.hw.1 reads 工程样机系统在实际环境运行，功能和性能现场测试通过).
SCENARIO_TRL = 7


def register_evidence_sink(sink: EvidenceSink) -> None:
    """The composition root registers where passed scenario validations become TRL evidence."""
    if sink not in _SINKS:
        _SINKS.append(sink)


def write_evidence(
    session: Session, settings: Settings, achievement_id: int, record: dict[str, Any]
) -> list[dict[str, Any]]:
    """Hand a validation record to every registered sink; what each wrote, in order."""
    return [w for s in _SINKS if (w := s(session, settings, achievement_id, record)) is not None]

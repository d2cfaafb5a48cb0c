"""The approval gate: which levels are blocked and the achieved TRL, as pure kernels.

A level may be approved only when every applicable criterion is ``met`` with at least one
evidence file (:func:`level_blockers`); the achieved TRL is the highest level L with 1…L all
approved (:func:`achieved_level`). The service applies them; the views show the blockers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xinzhi.maturity.checklist import Criterion, checklist
from xinzhi.maturity.models import TrlAssessment


def achieved_level(approved: Iterable[int]) -> int | None:
    """The highest level L with 1…L all approved; ``None`` when level 1 is not approved.

    The contiguity rule is the AFRL calculator's and the GB/T implementation's
    (DOMAIN.md §3.4; ANCHORS.md §C3 items 1–2).
    """
    done = set(approved)
    level = 0
    while level + 1 in done:
        level += 1
    return level or None


def level_blockers(criteria: Sequence[Criterion], answers: dict[str, tuple[str, int]]) -> list[str]:
    """Why a level cannot be approved yet (empty when it can).

    ``answers`` maps a criterion id to ``(answer, number of evidence files)``. Every criterion
    must be answered; ``not_applicable`` ones are skipped; the others must be ``met`` with
    evidence; a level whose criteria are all not applicable cannot be approved.
    """
    blockers: list[str] = []
    applicable = 0
    for c in criteria:
        value, n_files = answers.get(c.id, (None, 0))
        if value is None:
            blockers.append(f"{c.id} 未作答 not answered")
        elif value == "not_applicable":
            continue
        else:
            applicable += 1
            if value != "met":
                blockers.append(f"{c.id} 不满足 not met")
            elif n_files == 0:
                blockers.append(f"{c.id} 缺少证据 no evidence")
    if criteria and applicable == 0 and not blockers:
        blockers.append("本级无适用检查项 no applicable criterion")
    return blockers


def _answers_map(row: TrlAssessment) -> dict[str, tuple[str, int]]:
    return {a.criterion_id: (a.answer, len(a.evidence)) for a in row.answers}


def blockers_of(row: TrlAssessment, level: int) -> list[str]:
    criteria = checklist(row.scale).for_level(level, row.track)
    return level_blockers(criteria, _answers_map(row))

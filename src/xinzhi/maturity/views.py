"""Read shapes of TRL assessments: summaries, evidence and the full checklist view by level.

Built from the stored rows for the API, the pages and the CLI alike; the blockers shown beside an
unapproved level come from :mod:`xinzhi.maturity.gate`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement
from xinzhi.maturity.checklist import checklist
from xinzhi.maturity.gate import blockers_of
from xinzhi.maturity.models import TrlAssessment, TrlEvidence
from xinzhi.maturity.prior import Prior
from xinzhi.maturity.scales import LEVELS, check_scale, get_scale
from xinzhi.maturity.schemas import (
    ApprovalView,
    AssessmentSummary,
    AssessmentView,
    CriterionView,
    EvidenceView,
    LevelView,
)


def summary(row: TrlAssessment) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id, scale=check_scale(row.scale), track=row.track, status=row.status,
        achieved_level=row.achieved_level, target_level=row.target_level,
        prior_level=(row.prior or {}).get("level"), prior_decision=row.prior_decision,
        approved_levels=sorted(a.level for a in row.approvals), created_by=row.created_by,
        created_at=row.created_at,
    )  # fmt: skip


def evidence_view(e: TrlEvidence) -> EvidenceView:
    return EvidenceView(id=e.id, filename=e.filename, sha256=e.sha256, size=e.size,
                        uploaded_by=e.uploaded_by, uploaded_at=e.uploaded_at)  # fmt: skip


def view(session: Session, row: TrlAssessment) -> AssessmentView:
    """The assessment with its checklist by level: answers, evidence, approvals, blockers."""
    scale = get_scale(row.scale)
    sheet = checklist(row.scale)
    answers = {a.criterion_id: a for a in row.answers}
    approvals = {a.level: a for a in row.approvals}
    achievement = session.get(Achievement, row.achievement_id)
    levels = []
    for level in LEVELS:
        criteria = []
        for c in sheet.for_level(level, row.track):
            a = answers.get(c.id)
            item = CriterionView(id=c.id, level=c.level, track=c.track, text=c.text, en=c.en,
                                 evidence_hint=c.evidence)  # fmt: skip
            if a is not None:
                item.answer = a.answer  # type: ignore[assignment]
                item.note, item.answered_by, item.answered_at = a.note, a.answered_by, a.answered_at
                item.evidence = [evidence_view(e) for e in a.evidence]
            criteria.append(item)
        approval = approvals.get(level)
        blockers = [] if approval else blockers_of(row, level)
        definition = scale.level(level)
        levels.append(LevelView(
            level=level, title=definition.title, title_zh=definition.title_zh, criteria=criteria,
            approval=ApprovalView(level=level, reviewer=approval.reviewer,
                                  approved_at=approval.approved_at, note=approval.note)
            if approval else None,
            ready=approval is None and not blockers, blockers=blockers,
        ))  # fmt: skip
    prior = Prior.model_validate(row.prior) if row.prior else None
    return AssessmentView(
        id=row.id, achievement_id=row.achievement_id,
        achievement_title=achievement.title if achievement else "",
        scale=check_scale(row.scale), scale_name=scale.name_zh, track=row.track,
        checklist_version=row.checklist_version, status=row.status,
        achieved_level=row.achieved_level, target_level=row.target_level,
        supersedes_id=row.supersedes_id, note=row.note, created_by=row.created_by,
        created_at=row.created_at, prior=prior, prior_decision=row.prior_decision,
        prior_decided_level=row.prior_decided_level, prior_reviewer=row.prior_reviewer,
        prior_reason=row.prior_reason, prior_decided_at=row.prior_decided_at, levels=levels,
    )  # fmt: skip

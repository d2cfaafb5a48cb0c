"""TRL assessments in the database: start (re-assess), answer, attach evidence, approve levels,
decide on the prior, read the history, and a track's maturity over a query.

Services take a ``Session`` and a :class:`~xinzhi.core.security.Principal` and flush; the caller
(API endpoint, CLI command, page) owns the unit of work. The gate: a reviewer (role ``reviewer``
or ``admin``) may approve a level only when every applicable criterion of the level is ``met`` and
has at least one evidence file. Achieved TRL = the highest level L such that 1…L are all approved
(:func:`achieved_level`); on every approval or revocation it is written to the assessment and to
the achievement's ``trl``/``trl_scale`` (both audited). Only the latest assessment of an
achievement is open; re-assessing supersedes it and it is never changed again.

Who may act is decided in :mod:`xinzhi.maturity.access`, the gate's kernels are in
:mod:`xinzhi.maturity.gate` and the read shapes in :mod:`xinzhi.maturity.views`.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from xinzhi.catalog import service as catalog
from xinzhi.catalog.models import Achievement, Link, Patent
from xinzhi.core import search
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import utcnow
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings
from xinzhi.maturity import evidence as files
from xinzhi.maturity.access import (
    ACHIEVEMENTS,
    check_may_edit,
    require_reviewer,
    visible_achievement,
)
from xinzhi.maturity.checklist import Checklist, Criterion, check_track, checklist
from xinzhi.maturity.gate import achieved_level, blockers_of
from xinzhi.maturity.models import TrlAnswer, TrlApproval, TrlAssessment, TrlEvidence
from xinzhi.maturity.prior import PatentFact, Prior, patent_kind, trl_prior
from xinzhi.maturity.scales import check_level, check_scale
from xinzhi.maturity.schemas import ANSWERS, TrackReport
from xinzhi.maturity.track import track_maturity

OPEN, SUPERSEDED = "open", "superseded"


def get_assessment(session: Session, principal: Principal, assessment_id: int) -> TrlAssessment:
    row = session.get(
        TrlAssessment,
        assessment_id,
        options=[
            selectinload(TrlAssessment.answers).selectinload(TrlAnswer.evidence),
            selectinload(TrlAssessment.approvals),
        ],
    )
    if row is None:
        raise NotFound(f"TRL assessment {assessment_id} not found")
    try:
        visible_achievement(session, principal, row.achievement_id)
    except NotFound:
        raise NotFound(f"TRL assessment {assessment_id} not found") from None
    return row


def _open(row: TrlAssessment) -> None:
    if row.status != OPEN:
        raise Conflict(
            f"评估 {row.id} 已被新的评估取代，历史记录不可修改 "
            f"assessment {row.id} is superseded; start from the latest one"
        )


# ---------------------------------------------------------------- prior


def patent_facts(session: Session, achievement_id: int) -> list[PatentFact]:
    """The patents linked to an achievement (relation ``protected_by``), classified."""
    stmt = (
        select(Patent)
        .join(Link, and_(Link.target_type == "patents", Link.target_id == Patent.id))
        .where(
            Link.source_type == "achievements",
            Link.source_id == achievement_id,
            Link.relation == "protected_by",
        )
        .order_by(Patent.id)
    )
    return [
        PatentFact(
            pub_no=p.pub_no,
            kind=patent_kind(p.pub_no, p.legal_status, p.grant_date is not None),
            legal_status=p.legal_status,
        )
        for p in session.scalars(stmt)
    ]


def achievement_text(achievement: Achievement) -> str:
    return "。".join(
        part for part in (achievement.title, achievement.summary, " ".join(achievement.keywords))
        if part
    )  # fmt: skip


def prior_for(
    session: Session, principal: Principal, achievement_id: int, scale: str = "gbt"
) -> Prior:
    """The automatic prior of one achievement from its text and linked patents."""
    achievement = visible_achievement(session, principal, achievement_id)
    return trl_prior(achievement_text(achievement), patent_facts(session, achievement.id), scale)


def decide_prior(
    session: Session, principal: Principal, assessment_id: int, *, level: int | None = None,
    reason: str = "",
) -> TrlAssessment:  # fmt: skip
    """A reviewer confirms the prior (``level`` None or equal to it) or overrides it with a
    level and a reason. The decided level becomes the assessment's target level; it never sets
    the achieved TRL, which only approved evidence does."""
    require_reviewer(principal)
    row = get_assessment(session, principal, assessment_id)
    _open(row)
    proposed = (row.prior or {}).get("level")
    if level is None:
        if proposed is None:
            raise InvalidInput(
                "先验没有给出等级，请给出等级并说明理由 the prior has no level: override it"
            )
        level = int(proposed)
    check_level(level)
    overridden = level != proposed
    if overridden and not reason.strip():
        raise InvalidInput("改判先验时必须说明理由 a reason is required to override the prior")
    row.prior_decision = "overridden" if overridden else "confirmed"
    row.prior_decided_level = level
    row.prior_reviewer = principal.actor
    row.prior_reason = reason.strip()
    row.prior_decided_at = utcnow()
    row.target_level = level
    session.flush()
    return row


# ---------------------------------------------------------------- assessments


def latest(session: Session, achievement_id: int) -> TrlAssessment | None:
    return session.scalars(
        select(TrlAssessment)
        .where(TrlAssessment.achievement_id == achievement_id)
        .order_by(TrlAssessment.id.desc())
        .limit(1)
    ).first()


def start_assessment(
    session: Session, principal: Principal, achievement_id: int, *, scale: str = "gbt",
    track: str = "hardware", note: str = "", carry_over: bool = True,
) -> TrlAssessment:  # fmt: skip
    """A new assessment (re-assessment): the previous one is kept, marked superseded.

    With ``carry_over`` the answers and evidence of the previous assessment on the same scale
    are copied (criteria of the current checklist only); approvals are never copied, so every
    level is approved again.
    """
    scale, track = check_scale(scale), check_track(track)
    achievement = visible_achievement(session, principal, achievement_id)
    check_may_edit(principal, achievement)
    sheet = checklist(scale)
    previous = latest(session, achievement.id)
    prior = trl_prior(achievement_text(achievement), patent_facts(session, achievement.id), scale)
    row = TrlAssessment(
        achievement_id=achievement.id, scale=scale, track=track,
        checklist_version=sheet.version, status=OPEN, note=note, created_by=principal.actor,
        prior=prior.model_dump(mode="json"), prior_reason="",
        supersedes_id=previous.id if previous else None,
    )  # fmt: skip
    session.add(row)
    if previous is not None:
        previous.status = SUPERSEDED
        if carry_over and previous.scale == scale:
            _copy_answers(session, previous, row, sheet, track)
    session.flush()
    return row


def _copy_answers(
    session: Session, old: TrlAssessment, new: TrlAssessment, sheet: Checklist, track: str
) -> None:
    wanted = {c.id for c in sheet.for_track(track)}
    old = get_assessment_raw(session, old.id)
    for a in old.answers:
        if a.criterion_id not in wanted:
            continue
        copy = TrlAnswer(
            criterion_id=a.criterion_id, level=a.level, track=a.track,
            criterion_text=a.criterion_text, answer=a.answer, note=a.note,
            answered_by=a.answered_by, answered_at=a.answered_at,
            evidence=[TrlEvidence(filename=e.filename, stored_path=e.stored_path, sha256=e.sha256,
                                  size=e.size, uploaded_by=e.uploaded_by,
                                  uploaded_at=e.uploaded_at) for e in a.evidence],
        )  # fmt: skip
        new.answers.append(copy)


def get_assessment_raw(session: Session, assessment_id: int) -> TrlAssessment:
    row = session.get(
        TrlAssessment,
        assessment_id,
        options=[selectinload(TrlAssessment.answers).selectinload(TrlAnswer.evidence)],
    )
    if row is None:
        raise NotFound(f"TRL assessment {assessment_id} not found")
    return row


def _criterion(row: TrlAssessment, criterion_id: str) -> Criterion:
    sheet = checklist(row.scale)
    criterion = sheet.criterion(criterion_id)
    if criterion not in sheet.for_track(row.track):
        raise InvalidInput(f"{criterion_id} is not on the {row.track} track of this assessment")
    return criterion


def _unlocked(row: TrlAssessment, level: int) -> None:
    if any(a.level == level for a in row.approvals):
        raise Conflict(
            f"第 {level} 级已审批，修改前请先撤销审批 level {level} is approved: revoke it first"
        )


def answer(
    session: Session, principal: Principal, assessment_id: int, criterion_id: str, value: str,
    note: str = "",
) -> TrlAnswer:  # fmt: skip
    """Answer (or re-answer) one criterion ``met`` / ``not_met`` / ``not_applicable``."""
    if value not in ANSWERS:
        raise InvalidInput(f"answer must be one of {', '.join(ANSWERS)}, got {value!r}")
    row = get_assessment(session, principal, assessment_id)
    _open(row)
    check_may_edit(principal, visible_achievement(session, principal, row.achievement_id))
    criterion = _criterion(row, criterion_id)
    _unlocked(row, criterion.level)
    found = next((a for a in row.answers if a.criterion_id == criterion_id), None)
    if found is None:
        found = TrlAnswer(criterion_id=criterion.id, level=criterion.level,
                          track=criterion.track, criterion_text=criterion.text)  # fmt: skip
        row.answers.append(found)
    found.answer = value
    found.note = note
    found.answered_by = principal.actor
    found.answered_at = utcnow()
    session.flush()
    return found


def add_evidence(
    session: Session, settings: Settings, principal: Principal, assessment_id: int,
    criterion_id: str, filename: str, source: BinaryIO,
) -> TrlEvidence:  # fmt: skip
    """Store an evidence file (SHA-256 kept) on an answered criterion."""
    row = get_assessment(session, principal, assessment_id)
    _open(row)
    check_may_edit(principal, visible_achievement(session, principal, row.achievement_id))
    criterion = _criterion(row, criterion_id)
    _unlocked(row, criterion.level)
    found = next((a for a in row.answers if a.criterion_id == criterion_id), None)
    if found is None:
        raise InvalidInput(f"先作答再上传证据 answer {criterion_id} before attaching evidence")
    stored = files.store(settings, source, filename)
    item = TrlEvidence(filename=stored.filename, stored_path=stored.stored_path,
                       sha256=stored.sha256, size=stored.size,
                       uploaded_by=principal.actor)  # fmt: skip
    found.evidence.append(item)
    session.flush()
    return item


def get_evidence(session: Session, principal: Principal, evidence_id: int) -> TrlEvidence:
    item = session.get(TrlEvidence, evidence_id)
    if item is None:
        raise NotFound(f"evidence {evidence_id} not found")
    get_assessment(session, principal, item.answer.assessment_id)  # visibility
    return item


def approve_level(
    session: Session, principal: Principal, assessment_id: int, level: int, note: str = ""
) -> TrlApproval:
    """A reviewer approves ``level``; refused unless every applicable criterion is met with
    evidence. Updates the achieved level and the achievement's TRL."""
    require_reviewer(principal)
    check_level(level)
    row = get_assessment(session, principal, assessment_id)
    _open(row)
    if any(a.level == level for a in row.approvals):
        raise Conflict(f"第 {level} 级已审批 level {level} is already approved")
    blockers = blockers_of(row, level)
    if blockers:
        raise InvalidInput(
            f"第 {level} 级不能审批 level {level} cannot be approved",
            details=[{"criterion": b.split(" ")[0], "reason": b} for b in blockers],
        )
    approval = TrlApproval(level=level, reviewer=principal.actor,
                           reviewer_user_id=principal.user_id, note=note)  # fmt: skip
    row.approvals.append(approval)
    session.flush()
    _sync_achieved(session, row)
    return approval


def revoke_approval(
    session: Session, principal: Principal, assessment_id: int, level: int, reason: str
) -> None:
    """A reviewer withdraws the approval of ``level`` (audited with the reason)."""
    require_reviewer(principal)
    if not reason.strip():
        raise InvalidInput("撤销审批必须说明理由 a reason is required")
    row = get_assessment(session, principal, assessment_id)
    _open(row)
    found = next((a for a in row.approvals if a.level == level), None)
    if found is None:
        raise NotFound(f"level {level} of assessment {assessment_id} is not approved")
    row.approvals.remove(found)
    session.delete(found)
    row.note = (row.note + "\n" if row.note else "") + f"撤销第 {level} 级审批：{reason.strip()}"
    session.flush()
    _sync_achieved(session, row)


def _sync_achieved(session: Session, row: TrlAssessment) -> None:
    before = row.achieved_level
    row.achieved_level = achieved_level(a.level for a in row.approvals)
    achievement = session.get(Achievement, row.achievement_id)
    assert achievement is not None
    if row.achieved_level is not None:
        if (achievement.trl, achievement.trl_scale) != (row.achieved_level, row.scale):
            achievement.trl = row.achieved_level
            achievement.trl_scale = row.scale
    elif before is not None and (achievement.trl, achievement.trl_scale) == (before, row.scale):
        achievement.trl = None
        achievement.trl_scale = None
    session.flush()


def history(session: Session, principal: Principal, achievement_id: int) -> list[TrlAssessment]:
    """Every assessment of an achievement, newest first (old ones are kept unchanged)."""
    achievement = visible_achievement(session, principal, achievement_id)
    return list(
        session.scalars(
            select(TrlAssessment)
            .where(TrlAssessment.achievement_id == achievement.id)
            .options(selectinload(TrlAssessment.approvals))
            .order_by(TrlAssessment.id.desc())
        )
    )


# ---------------------------------------------------------------- track maturity


def track_report(
    session: Session, principal: Principal, q: str = "", field: str | None = None,
    scale: str = "gbt",
) -> TrackReport:  # fmt: skip
    """:func:`~xinzhi.maturity.track.track_maturity` of the visible achievements matching the
    keyword query ``q`` (the catalog's Chinese search) and ``field``, on ``scale``."""
    stmt = select(Achievement.id, Achievement.trl, Achievement.trl_scale).where(
        catalog.visibility(ACHIEVEMENTS, principal)
    )
    if field:
        stmt = stmt.where(Achievement.field == field)
    if q.strip():
        sub = search.match_subquery(session, "achievements", q)
        if sub is None:
            rows = []
        else:
            rows = list(session.execute(stmt.join(sub, sub.c.entity_id == Achievement.id)))
    else:
        rows = list(session.execute(stmt))
    values = [(int(r.trl), str(r.trl_scale)) for r in rows if r.trl is not None and r.trl_scale]
    with_trl = {r.id for r in rows if r.trl is not None and r.trl_scale}
    backed = 0
    if with_trl:
        backed = len(set(session.scalars(
            select(TrlAssessment.achievement_id).where(
                TrlAssessment.achievement_id.in_(with_trl), TrlAssessment.status == OPEN,
                TrlAssessment.achieved_level.is_not(None))
        )))  # fmt: skip
    return TrackReport(query=q, field=field, matching=len(rows), with_trl=len(with_trl),
                       evidence_backed=backed, maturity=track_maturity(values, scale))  # fmt: skip

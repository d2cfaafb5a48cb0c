"""场景开放 on the challenge engine: a scenario (场景清单 entry) is a challenge of kind
``scenario`` with its site, what it offers (test bed, data, a first purchase), the TRL it
needs and the 场景合伙人 type; technologies apply with their achievements (the TRL need is an
eligibility rule checked against approved evidence), the owner selects (award), and the
validation result is recorded here: passed → completed, not passed → failed (a failure case).

A passed validation whose technology matches a 首台（套）装备 / 首批次材料 / 首版次软件 catalogue
entry is flagged for that recognition with the catalogue's name and year (技术突破 → 场景验证 →
产业应用). A passed validation is also TRL evidence for every achievement of the selected
application: it is handed to the evidence sinks the composition root registers
(:func:`xinzhi.challenges.evidence.write_evidence`), which file it in the maturity domain at
level :data:`~xinzhi.challenges.evidence.SCENARIO_TRL` (7, operational environment) *pending* a
reviewer's approval there; what was written is kept under ``validation["trl_evidence"]``. A
failed validation writes no evidence (docs/challenges.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from xinzhi.challenges import access, flow
from xinzhi.challenges.evidence import SCENARIO_TRL, write_evidence
from xinzhi.challenges.models import Challenge, ChallengeApplication
from xinzhi.challenges.schemas import StatusChange, ValidationIn
from xinzhi.core.errors import Conflict
from xinzhi.core.models import utcnow
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings

CATALOGUES = {"equipment": "首台（套）装备", "material": "首批次材料", "software": "首版次软件"}


def record_validation(
    session: Session, principal: Principal, challenge_id: int, body: ValidationIn,
    settings: Settings,
) -> Challenge:  # fmt: skip
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    if challenge.kind != "scenario":
        raise Conflict("只有场景可以登记验证结果 (validation results belong to scenarios)")
    if challenge.status not in ("awarded", "in_progress"):
        raise Conflict("场景尚未选定验证的技术 (select a technology first)")
    result = body.model_dump(mode="json")
    result["recorded_at"] = utcnow().isoformat()
    result["recorded_by"] = principal.actor
    result["application_id"] = challenge.award_application_id
    if body.passed and body.catalogue:
        result["recognition"] = {
            "catalogue": CATALOGUES[body.catalogue],
            "name": body.catalogue_name,
            "year": body.catalogue_year,
        }
    if body.passed:
        result["trl_evidence"] = _trl_evidence(session, settings, challenge, result)
    challenge.validation = result
    if challenge.status == "awarded":
        flow.change_status(session, principal, challenge.id, StatusChange(status="in_progress"))
    target = "completed" if body.passed else "failed"
    note = "场景验证通过" if body.passed else "场景验证未通过"
    flow.change_status(session, principal, challenge.id, StatusChange(status=target, note=note))
    return challenge


def _trl_evidence(
    session: Session, settings: Settings, challenge: Challenge, result: dict[str, Any]
) -> list[dict[str, Any]]:
    """File the passed validation as TRL evidence for each achievement of the selected
    application (through the registered sinks; none registered → nothing written)."""
    application = (
        session.get(ChallengeApplication, challenge.award_application_id)
        if challenge.award_application_id
        else None
    )
    if application is None:
        return []
    record = {
        "challenge_id": challenge.id,
        "title": challenge.title,
        "site": (challenge.scenario or {}).get("site", ""),
        "trl_needed": (challenge.scenario or {}).get("trl_needed"),
        "level": SCENARIO_TRL,
        **result,
    }
    written: list[dict[str, Any]] = []
    for achievement_id in application.achievement_ids:
        written.extend(write_evidence(session, settings, int(achievement_id), record))
    return written

"""场景开放 on the challenge engine: a scenario (场景清单 entry) is a challenge of kind
``scenario`` with its site, what it offers (test bed, data, a first purchase), the TRL it
needs and the 场景合伙人 type; technologies apply with their achievements (the TRL need is an
eligibility rule checked against approved evidence), the owner selects (award), and the
validation result is recorded here: passed → completed, not passed → failed (a failure case).

A passed validation whose technology matches a 首台（套）装备 / 首批次材料 / 首版次软件 catalogue
entry is flagged for that recognition with the catalogue's name and year (技术突破 → 场景验证 →
产业应用). The result does not yet write TRL evidence into the maturity domain: the record is
kept here and a maturity reviewer approves levels there (docs/challenges.md).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinzhi.challenges import access, flow
from xinzhi.challenges.models import Challenge
from xinzhi.challenges.schemas import StatusChange, ValidationIn
from xinzhi.core.errors import Conflict
from xinzhi.core.models import utcnow
from xinzhi.core.security import Principal

CATALOGUES = {"equipment": "首台（套）装备", "material": "首批次材料", "software": "首版次软件"}


def record_validation(
    session: Session, principal: Principal, challenge_id: int, body: ValidationIn
) -> Challenge:
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
    challenge.validation = result
    if challenge.status == "awarded":
        flow.change_status(session, principal, challenge.id, StatusChange(status="in_progress"))
    target = "completed" if body.passed else "failed"
    note = "场景验证通过" if body.passed else "场景验证未通过"
    flow.change_status(session, principal, challenge.id, StatusChange(status=target, note=note))
    return challenge

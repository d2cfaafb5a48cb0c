"""揭榜挂帅 API, second part: key needs (需求清单), the failure-case library and statistics.

Fixed paths (``/challenges/stats``) are declared before ``/challenges/{id}`` by listing this
router first in ``domain.py``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from xinzhi.challenges import failures, needs, stats
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import (
    FailureCaseCreate,
    FailureCaseUpdate,
    FailureDecision,
    KeyNeedCreate,
    KeyNeedReview,
    ValidationIn,
)
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, unit_kwargs

router = APIRouter(tags=["challenges"])


class NeedIds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    need_ids: list[int] = Field(min_length=1, title="关键需求")


@router.get("/challenges/stats")
def overall_stats(db: DbDep, principal: PrincipalDep, settings: SettingsDep) -> dict[str, Any]:
    with db.read(limited=True) as session:
        return stats.compute(session, principal, Policy.of(settings))


@router.get("/challenges/{challenge_id}/stats")
def challenge_stats(
    challenge_id: int, db: DbDep, principal: PrincipalDep, settings: SettingsDep
) -> dict[str, Any]:
    with db.read(limited=True) as session:
        return stats.compute(session, principal, Policy.of(settings), challenge_id)


@router.get("/challenges/{challenge_id}/similar-failures")
def similar_failures(challenge_id: int, db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Past failures that share words with the challenge (shown when drafting and publishing)."""
    from xinzhi.challenges.access import get_challenge

    with db.read() as session:
        return failures.similar(session, principal, get_challenge(session, principal, challenge_id))


@router.post("/key-needs", status_code=201)
def flag_need(body: KeyNeedCreate, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """Flag one of one's organisation's demands as a key need, naming the 卡脖子 item."""
    with db.write(**unit_kwargs(principal)) as session:
        need = needs.flag(session, principal, body)
        return {"id": need.id, "demand_id": need.demand_id, "status": need.status}


@router.get("/key-needs")
def list_needs(db: DbDep, principal: PrincipalDep, uncovered: bool = False) -> list[dict[str, Any]]:
    """The 需求清单; ``uncovered=true``: needs no challenge covers yet."""
    with db.read() as session:
        return needs.list_needs(session, principal, uncovered=uncovered)


@router.post("/key-needs/{need_id}/review")
def review_need(
    need_id: int, body: KeyNeedReview, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    with db.write(**unit_kwargs(principal)) as session:
        need = needs.review(session, principal, need_id, body)
        return {"id": need.id, "status": need.status}


@router.post("/challenges/{challenge_id}/key-needs")
def merge_needs(
    challenge_id: int, body: NeedIds, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Merge several key needs into this challenge."""
    with db.write(**unit_kwargs(principal)) as session:
        needs.merge(session, principal, challenge_id, body.need_ids)
        return {"challenge_id": challenge_id, "need_ids": body.need_ids}


@router.post("/failure-cases", status_code=201)
def create_case(body: FailureCaseCreate, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """A failure case; with ``challenge_id`` the challenge's original records are frozen in."""
    with db.write(**unit_kwargs(principal)) as session:
        return failures.read(failures.create(session, principal, body), principal)


@router.get("/failure-cases")
def search_cases(
    db: DbDep, principal: PrincipalDep, q: str = "", limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Chinese full-text search (the catalog's tokens and index) over the visible cases."""
    with db.read(limited=True) as session:
        items, total = failures.search_cases(
            session, principal, q, limit=min(max(limit, 1), 500), offset=max(offset, 0)
        )
        return {"items": [failures.read(c, principal) for c in items], "total": total}


@router.get("/failure-cases/{case_id}")
def get_case(case_id: int, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    with db.read() as session:
        return failures.read(failures.get(session, principal, case_id), principal)


@router.patch("/failure-cases/{case_id}")
def update_case(
    case_id: int, body: FailureCaseUpdate, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Lessons, reusable results, publication may change; the original records never (409)."""
    with db.write(**unit_kwargs(principal)) as session:
        return failures.read(failures.update(session, principal, case_id, body), principal)


@router.post("/failure-cases/{case_id}/decision")
def decide(
    case_id: int, body: FailureDecision, db: DbDep, principal: PrincipalDep, settings: SettingsDep
) -> dict[str, Any]:
    """有价值的失败: checklist, decision and the compensation the settings allow."""
    with db.write(**unit_kwargs(principal)) as session:
        case = failures.decide(session, principal, case_id, body, Policy.of(settings))
        return failures.read(case, principal)


class InviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_ids: list[int] = Field(min_length=1, max_length=200, title="邀请的单位")


@router.get("/challenges/{challenge_id}/invitations")
def proposed_solvers(
    challenge_id: int, db: DbDep, principal: PrincipalDep, settings: SettingsDep, k: int = 10
) -> list[dict[str, Any]]:
    """Organisations and experts the matching engine proposes to invite (staff)."""
    from xinzhi.challenges import invites

    with db.read() as session:
        return invites.propose(session, principal, challenge_id, settings, min(max(k, 1), 50))


@router.post("/challenges/{challenge_id}/invitations")
def invite(challenge_id: int, body: InviteIn, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """Send the chosen organisations' users an inbox notice about the published challenge."""
    from xinzhi.challenges import invites

    with db.write(**unit_kwargs(principal)) as session:
        told = invites.invite(session, principal, challenge_id, body.organisation_ids)
        return {"challenge_id": challenge_id, "notified_users": told}


@router.post("/challenges/{challenge_id}/validation")
def record_validation(
    challenge_id: int, body: ValidationIn, db: DbDep, principal: PrincipalDep,
    settings: SettingsDep,
) -> dict[str, Any]:  # fmt: skip
    """场景验证 result of a scenario: passed → completed (and TRL evidence pending approval in
    the maturity domain), not passed → failed."""
    from xinzhi.challenges import scenarios
    from xinzhi.challenges.views import read_challenge

    with db.write(**unit_kwargs(principal)) as session:
        return read_challenge(
            scenarios.record_validation(session, principal, challenge_id, body, settings)
        )

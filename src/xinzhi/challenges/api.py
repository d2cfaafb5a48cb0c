"""揭榜挂帅 through the API: challenges, status, applications, reviewers, scores, ranking,
award, milestones. Key needs, failure cases and statistics are in ``api_library``.

Each endpoint owns its unit of work; access rules live in ``access`` (unseen → 404).

The ranking is returned as the list the issue names, ``[{application_id, score, reviewers,
spread_flag, …}]``; whether it is final is in the header ``X-Ranking-Final`` (``true`` /
``false``) and in each item's ``final``; ``GET …/ranking/summary`` gives ``{final, items}``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from xinzhi.challenges import access, delivery, flow, review, service
from xinzhi.challenges.failures import similar
from xinzhi.challenges.policy import Policy
from xinzhi.challenges.schemas import (
    ApplicationCreate,
    ApplicationCreated,
    AwardIn,
    ChallengeCreate,
    MilestoneAccept,
    MilestoneCreate,
    RecusalCreate,
    ReviewerAssign,
    ScoresIn,
    StatusChange,
    TieCreate,
)
from xinzhi.challenges.views import read_challenge
from xinzhi.common.web.deps import DbDep, PrincipalDep, SettingsDep, unit_kwargs

router = APIRouter(tags=["challenges"])


class Created(BaseModel):
    id: int
    status: str


def _milestone(m: Any) -> dict[str, Any]:
    return {
        c: getattr(m, c)
        for c in (
            "id",
            "challenge_id",
            "title",
            "due",
            "trl_target",
            "payment_share",
            "achievement_id",
            "status",
            "accepted_at",
            "accepted_trl",
        )
    }


@router.post("/challenges", status_code=201)
def create_challenge(body: ChallengeCreate, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """A draft 榜单; rubric weights must sum to 1 (422 otherwise)."""
    with db.write(**unit_kwargs(principal)) as session:
        return read_challenge(service.create(session, principal, body))


@router.get("/challenges")
def list_challenges(
    db: DbDep, principal: PrincipalDep, status: str = "", limit: int = 200, offset: int = 0
) -> dict[str, Any]:
    with db.read() as session:
        items, total = service.list_challenges(
            session,
            principal,
            status=status,
            limit=min(max(limit, 1), 1000),
            offset=max(offset, 0),
        )
        return {"items": [read_challenge(c) for c in items], "total": total}


@router.get("/challenges/{challenge_id}")
def get_challenge(challenge_id: int, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    with db.read() as session:
        challenge = access.get_challenge(session, principal, challenge_id)
        data = read_challenge(challenge)
        if access.is_staff(principal):
            data["history"] = [
                {
                    "from": h.from_status,
                    "to": h.to_status,
                    "at": h.at,
                    "actor": h.actor,
                    "note": h.note,
                }
                for h in challenge.history
            ]
            data["similar_failures"] = similar(session, principal, challenge)
        return data


@router.post("/challenges/{challenge_id}/status")
def change_status(
    challenge_id: int, body: StatusChange, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    """One step along draft → published → closed → under_review → awarded → in_progress →
    completed / failed, or cancelled; 409 out of order."""
    with db.write(**unit_kwargs(principal)) as session:
        return read_challenge(flow.change_status(session, principal, challenge_id, body))


@router.post("/challenges/{challenge_id}/applications", status_code=201)
def apply(
    challenge_id: int, body: ApplicationCreate, db: DbDep, principal: PrincipalDep
) -> ApplicationCreated:
    """揭榜 for one's own organisation; eligibility is checked with a reason per failed rule."""
    with db.write(**unit_kwargs(principal)) as session:
        a = flow.apply(session, principal, challenge_id, body)
        return ApplicationCreated(
            id=a.id,
            eligible=a.eligible,
            failed_rules=a.reasons,
            reasons=[r["message"] for r in a.reasons],
        )


@router.get("/challenges/{challenge_id}/applications")
def list_applications(
    challenge_id: int, db: DbDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    """Staff: all; assigned reviewer: not recused ones, blind when the challenge is; the team:
    its own."""
    with db.read() as session:
        return flow.visible_applications(session, principal, challenge_id)


@router.get("/challenges/{challenge_id}/applications.csv")
def export_applications(challenge_id: int, db: DbDep, principal: PrincipalDep) -> Response:
    """The same rows as the list, as CSV (the blind rule applies to the export too)."""
    with db.read() as session:
        rows = flow.visible_applications(session, principal, challenge_id)
    out = io.StringIO()
    columns = sorted({k for r in rows for k in r if not isinstance(r[k], list | dict)})
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    headers = {"Content-Disposition": f'attachment; filename="challenge-{challenge_id}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/applications/{application_id}")
def get_application(application_id: int, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    with db.read() as session:
        return flow.get_application(session, principal, application_id)


@router.get("/applications/{application_id}/feedback")
def feedback(application_id: int, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """The reviewers' comments for the team, unattributed, once the challenge is awarded."""
    with db.read() as session:
        return review.feedback(session, principal, application_id)


@router.post("/challenges/{challenge_id}/reviewers", status_code=201)
def assign_reviewer(
    challenge_id: int,
    body: ReviewerAssign,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Assign a reviewer; 409 naming the conflict of interest (or recuse where conflicted)."""
    with db.write(**unit_kwargs(principal)) as session:
        r = review.assign(session, principal, challenge_id, body, Policy.of(settings))
        return {"id": r.id, "challenge_id": r.challenge_id, "user_id": r.user_id}


@router.get("/challenges/{challenge_id}/reviewers")
def list_reviewers(challenge_id: int, db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Staff only: who reviews, and the applications each is recused from."""
    with db.read() as session:
        access.require_manage(principal)
        access.get_challenge(session, principal, challenge_id)
        return review.reviewer_rows(session, challenge_id)


@router.post("/reviewer-ties", status_code=201)
def declare_tie(body: TieCreate, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """A financial, employment or family tie of a reviewer to an organisation."""
    with db.write(**unit_kwargs(principal)) as session:
        tie = review.declare_tie(session, principal, body)
        return {
            "id": tie.id,
            "user_id": tie.user_id,
            "organisation_id": tie.organisation_id,
            "kind": tie.kind,
        }


@router.post("/applications/{application_id}/recusals", status_code=201)
def recuse(
    application_id: int, body: RecusalCreate, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Staff recuse a reviewer from one application; a reviewer abstains from it."""
    with db.write(**unit_kwargs(principal)) as session:
        r = review.recuse(session, principal, application_id, body)
        return {"id": r.id, "application_id": r.application_id, "kind": r.kind}


@router.put("/applications/{application_id}/scores")
def put_scores(
    application_id: int, body: ScoresIn, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    """An assigned reviewer scores every criterion 0–100 (``round``: review or defence)."""
    with db.write(**unit_kwargs(principal)) as session:
        s = review.put_scores(session, principal, application_id, body)
        return {
            "application_id": s.application_id,
            "round": s.round,
            "scores": s.scores,
            "weighted": s.weighted,
            "comment": s.comment,
        }


@router.get("/challenges/{challenge_id}/ranking")
def ranking(
    challenge_id: int,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    response: Response,
) -> list[dict[str, Any]]:
    """[{application_id, score, reviewers, spread_flag, final, …}], best first; the header
    ``X-Ranking-Final`` says whether every assigned reviewer has scored."""
    with db.read() as session:
        result = review.ranking(session, principal, challenge_id, Policy.of(settings))
    response.headers["X-Ranking-Final"] = "true" if result["final"] else "false"
    items: list[dict[str, Any]] = result["items"]
    return items


@router.get("/challenges/{challenge_id}/ranking/summary")
def ranking_summary(
    challenge_id: int, db: DbDep, principal: PrincipalDep, settings: SettingsDep
) -> dict[str, Any]:
    with db.read() as session:
        return review.ranking(session, principal, challenge_id, Policy.of(settings))


@router.post("/challenges/{challenge_id}/award")
def award(
    challenge_id: int, body: AwardIn, db: DbDep, principal: PrincipalDep, settings: SettingsDep
) -> dict[str, Any]:
    """挂帅: the chosen team, once the ranking is final (409 before)."""
    with db.write(**unit_kwargs(principal)) as session:
        c = delivery.award(session, principal, challenge_id, body, Policy.of(settings))
        return read_challenge(c)


@router.post("/challenges/{challenge_id}/milestones", status_code=201)
def add_milestone(
    challenge_id: int, body: MilestoneCreate, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    with db.write(**unit_kwargs(principal)) as session:
        return _milestone(delivery.add_milestone(session, principal, challenge_id, body))


@router.get("/challenges/{challenge_id}/milestones")
def list_milestones(challenge_id: int, db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    with db.read() as session:
        access.get_challenge(session, principal, challenge_id)
        return [_milestone(m) for m in delivery.milestones_of(session, challenge_id)]


@router.post("/milestones/{milestone_id}/accept")
def accept_milestone(
    milestone_id: int,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    body: MilestoneAccept | None = None,
) -> dict[str, Any]:
    """Accepted only with approved TRL evidence at ≥ trl_target (409 otherwise)."""
    note = body.note if body else ""
    with db.write(**unit_kwargs(principal)) as session:
        m = delivery.accept_milestone(session, principal, milestone_id, note, Policy.of(settings))
        return _milestone(m)


@router.get("/challenges/{challenge_id}/payments")
def payments(challenge_id: int, db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    with db.read() as session:
        access.require_manage(principal)
        access.get_challenge(session, principal, challenge_id)
        return delivery.payment_rows(session, challenge_id)

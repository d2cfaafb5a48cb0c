"""Use cases that span the parts: a status change with its effects, and the applications as
the caller may see them (staff, the team, an assigned reviewer — blind or not)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from xinzhi.challenges import access, delivery, failures, invites, review, service
from xinzhi.challenges.models import Challenge, ChallengeApplication
from xinzhi.challenges.schemas import ApplicationCreate, StatusChange
from xinzhi.challenges.views import blind_application, read_application
from xinzhi.core.errors import NotFound
from xinzhi.core.security import Principal


def change_status(
    session: Session, principal: Principal, challenge_id: int, body: StatusChange
) -> Challenge:
    """Move the status; completion pays what is due, failure (or cancelling a challenge that
    was awarded) files a failure case with the frozen original records."""
    before = access.get_challenge(session, principal, challenge_id).status
    challenge = service.change_status(session, principal, challenge_id, body)
    if body.status == "published":
        invites.invite_proposed(session, principal, challenge)
    if body.status == "completed":
        delivery.on_completed(session, challenge)
    if body.status == "failed" or (
        body.status == "cancelled" and before in ("awarded", "in_progress")
    ):
        failures.from_challenge(session, principal, challenge)
    return challenge


def apply(
    session: Session, principal: Principal, challenge_id: int, body: ApplicationCreate
) -> ChallengeApplication:
    """揭榜, then recuse every assigned reviewer who has a conflict with the new team."""
    application = service.apply(session, principal, challenge_id, body)
    challenge = session.get_one(Challenge, challenge_id)
    review.recuse_conflicted(session, principal, challenge, application)
    return application


def visible_applications(
    session: Session, principal: Principal, challenge_id: int
) -> list[dict[str, Any]]:
    """Staff: every application in full. An assigned reviewer: those not recused from, blind
    when the challenge is. Enterprise and researcher users: their own team's. Others: none."""
    challenge = access.get_challenge(session, principal, challenge_id)
    apps = service.applications_of(session, challenge.id)
    if access.is_staff(principal):
        return [read_application(session, a) for a in apps]
    if access.is_assigned(session, principal, challenge.id):
        assert principal.user_id is not None
        shown = []
        for number, a in enumerate(apps, start=1):
            if access.recused(session, principal.user_id, a.id):
                continue
            shown.append(
                blind_application(session, a, number)
                if challenge.blind
                else read_application(session, a)
            )
        return shown
    return [read_application(session, a) for a in apps if access.own_application(principal, a)]


def get_application(session: Session, principal: Principal, application_id: int) -> dict[str, Any]:
    application, how = access.application_view(session, principal, application_id)
    challenge = session.get(Challenge, application.challenge_id)
    if challenge is None:
        raise NotFound(f"申报 #{application_id} 不存在")
    if how == "reviewer" and challenge.blind:
        apps = service.applications_of(session, challenge.id)
        number = next(i for i, a in enumerate(apps, start=1) if a.id == application.id)
        return blind_application(session, application, number)
    return read_application(session, application)

"""Who may do what with 揭榜挂帅, written once for the API, the pages and the CLI.

- Department staff (admin, broker) manage challenges: draft, publish, move the status, assign
  reviewers and recusals, award, set and accept milestones, keep the failure-case library,
  review key needs and read statistics. They see every application with its team.
- Enterprise and researcher users apply for their own organisation (揭榜), see their own
  applications and the unattributed reviewer feedback on them, and flag their own
  organisation's demands as key needs. They never see who reviewed them.
- Reviewers score only the challenges they are assigned to, and only the applications they
  are not recused from; in blind mode they see no applicant or member organisation, person or
  id of an organisation (see ``views.blind_application``).
- Everyone, the anonymous public included, sees published challenges (any status once
  published); a draft, or a draft cancelled before publication, is staff-only and reported as
  not found to others.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from xinzhi.challenges.models import (
    ApplicationMember,
    Challenge,
    ChallengeApplication,
    ChallengeReviewer,
    Recusal,
)
from xinzhi.common import permissions
from xinzhi.common.permissions import STAFF, allowed
from xinzhi.core.errors import Forbidden, NotFound, Unauthorized
from xinzhi.core.models import Role
from xinzhi.core.security import Principal

APPLICANTS = frozenset({Role.ENTERPRISE, Role.RESEARCHER})
MANAGE = "challenges.manage"
APPLY = "challenges.apply"
SCORE = "challenges.score"
FLAG_NEED = "challenges.flag_need"

RULES = permissions.define(
    {
        MANAGE: STAFF,
        APPLY: APPLICANTS,
        SCORE: {Role.REVIEWER},
        FLAG_NEED: STAFF | APPLICANTS,
    }
)


def is_staff(principal: Principal) -> bool:
    return allowed(principal, MANAGE)


def _login_first(principal: Principal) -> None:
    if principal.user_id is None:
        raise Unauthorized("请先登录 (please log in first)")


def require_manage(principal: Principal) -> None:
    if is_staff(principal):
        return
    _login_first(principal)
    raise Forbidden("只有管理员或服务专员可以管理榜单 (only department staff manage challenges)")


def require_apply(principal: Principal, lead_org_id: int) -> None:
    """Enterprise and researcher users apply for their own organisation only."""
    _login_first(principal)
    if not allowed(principal, APPLY) or principal.organisation_id is None:
        raise Forbidden(
            "只有关联了单位的企业或科研用户可以揭榜 "
            "(only enterprise or researcher users linked to an organisation may apply)"
        )
    if principal.organisation_id != lead_org_id:
        raise Forbidden("只能以本单位为牵头单位揭榜 (apply with your own organisation as lead)")


def visible_challenges(principal: Principal) -> ColumnElement[bool]:
    """SQL: the challenges ``principal`` may see (staff: all; others: those that were
    published — a draft cancelled before publication stays staff-only)."""
    if is_staff(principal):
        return true()
    return Challenge.published_at.is_not(None)


def get_challenge(session: Session, principal: Principal, challenge_id: int) -> Challenge:
    found = session.scalar(
        select(Challenge).where(Challenge.id == challenge_id, visible_challenges(principal))
    )
    if found is None:
        raise NotFound(f"榜单 #{challenge_id} 不存在 (challenge #{challenge_id} not found)")
    return found


def is_assigned(session: Session, principal: Principal, challenge_id: int) -> bool:
    if principal.user_id is None or not allowed(principal, SCORE):
        return False
    stmt = select(ChallengeReviewer.id).where(
        ChallengeReviewer.challenge_id == challenge_id,
        ChallengeReviewer.user_id == principal.user_id,
    )
    return session.scalar(stmt) is not None


def recused(session: Session, user_id: int, application_id: int) -> bool:
    stmt = select(Recusal.id).where(
        Recusal.application_id == application_id, Recusal.user_id == user_id
    )
    return session.scalar(stmt) is not None


def team_org_ids(application: ChallengeApplication) -> set[int]:
    return {application.lead_org_id, *(m.organisation_id for m in application.members)}


def own_application(principal: Principal, application: ChallengeApplication) -> bool:
    org = principal.organisation_id
    return (
        org is not None
        and principal.user_id is not None
        and allowed(principal, APPLY)
        and org in team_org_ids(application)
    )


def application_view(
    session: Session, principal: Principal, application_id: int
) -> tuple[ChallengeApplication, str]:
    """The application and how ``principal`` sees it: ``staff``, ``applicant`` or ``reviewer``
    (assigned and not recused); anyone else gets not found."""
    application = session.get(ChallengeApplication, application_id)
    if application is not None:
        if is_staff(principal):
            return application, "staff"
        if own_application(principal, application):
            return application, "applicant"
        if (
            principal.user_id is not None
            and is_assigned(session, principal, application.challenge_id)
            and not recused(session, principal.user_id, application.id)
        ):
            return application, "reviewer"
    raise NotFound(f"申报 #{application_id} 不存在 (application #{application_id} not found)")


def require_reviewer_of(session: Session, principal: Principal, challenge_id: int) -> None:
    _login_first(principal)
    if not is_assigned(session, principal, challenge_id):
        raise Forbidden("您不是该榜单的评审专家 (you are not a reviewer of this challenge)")


def member_org_ids(session: Session, org_id: int) -> set[int]:
    """Applications whose team includes ``org_id``."""
    stmt = select(ApplicationMember.application_id).where(
        ApplicationMember.organisation_id == org_id
    )
    return set(session.scalars(stmt))

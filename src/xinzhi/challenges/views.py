"""How challenges and applications are shown, and the blind rule.

In blind mode a reviewer's view of an application (API, page, export) carries no applicant or
member organisation — no name, no id, no people — and no offered achievement or patent (their
owners would name the team). The proposal and plan are shown with every team organisation's
name and every catalog person of those organisations masked. What remains: a neutral code
(方案 1, 2, …), the texts, the budget and the team's make-up by kind (企业/高校/科研院所).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation, Person
from xinzhi.challenges import rules
from xinzhi.challenges.messages import (
    APPLICATION_STATUSES,
    FUNDING_MODES,
    MEMBER_ROLES,
    ORG_KIND_LABELS,
    RULES,
    STATUSES,
    zh,
)
from xinzhi.challenges.models import Challenge, ChallengeApplication

MASK = "＊＊"


def read_challenge(c: Challenge) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "scenario": c.scenario,
        "validation": c.validation,
        "title": c.title,
        "goal": c.goal,
        "field": c.field,
        "budget_wan": c.budget_wan,
        "deadline": c.deadline,
        "blind": c.blind,
        "rubric": c.rubric,
        "indicators": c.indicators,
        "eligibility": [{**r, "label": zh(RULES, r.get("rule"))} for r in c.eligibility],
        "funding_mode": c.funding_mode,
        "funding_mode_label": zh(FUNDING_MODES, c.funding_mode),
        "race_teams": c.race_teams,
        "status": c.status,
        "status_label": zh(STATUSES, c.status),
        "next_statuses": list(rules.allowed_next(c.status)),
        "owner_org_id": c.owner_org_id,
        "published_at": c.published_at,
        "awarded_at": c.awarded_at,
        "award_application_id": c.award_application_id,
        "created_at": c.created_at,
    }


def _orgs(session: Session, ids: set[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    rows = session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    return {o.id: o for o in rows}


def read_application(session: Session, a: ChallengeApplication) -> dict[str, Any]:
    """The full application (staff, the team itself, reviewers of an open review)."""
    orgs = _orgs(session, {m.organisation_id for m in a.members})
    lead = orgs.get(a.lead_org_id)
    return {
        "id": a.id,
        "challenge_id": a.challenge_id,
        "lead_org_id": a.lead_org_id,
        "lead_org_name": lead.name if lead else "",
        "members": [
            {
                "organisation_id": m.organisation_id,
                "name": orgs[m.organisation_id].name if m.organisation_id in orgs else "",
                "kind": orgs[m.organisation_id].kind if m.organisation_id in orgs else "",
                "role": m.role,
                "role_label": zh(MEMBER_ROLES, m.role),
                "share": m.share,
            }
            for m in a.members
        ],
        "proposal": a.proposal,
        "plan": a.plan,
        "budget_wan": a.budget_wan,
        "achievement_ids": a.achievement_ids,
        "patent_ids": a.patent_ids,
        "eligible": a.eligible,
        "reasons": [r["message"] for r in a.reasons],
        "failed_rules": a.reasons,
        "status": a.status,
        "status_label": zh(APPLICATION_STATUSES, a.status),
        "created_at": a.created_at,
        "blind": False,
    }


def identities(session: Session, a: ChallengeApplication) -> list[str]:
    """Every name that would identify the team: its organisations and their people."""
    ids = {m.organisation_id for m in a.members} | {a.lead_org_id}
    names = [o.name for o in _orgs(session, ids).values()]
    names += list(session.scalars(select(Person.name).where(Person.organisation_id.in_(ids))))
    return sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True)


def mask(text: str, names: list[str]) -> str:
    if not names or not text:
        return text
    return re.sub("|".join(re.escape(n) for n in names), MASK, text)


def blind_application(session: Session, a: ChallengeApplication, number: int) -> dict[str, Any]:
    """What a reviewer of a blind review sees (see the module docstring)."""
    names = identities(session, a)
    kinds = [o.kind for o in _orgs(session, {m.organisation_id for m in a.members}).values()]
    make_up: dict[str, int] = {}
    for kind in kinds:
        label = ORG_KIND_LABELS.get(kind, kind)
        make_up[label] = make_up.get(label, 0) + 1
    return {
        "id": a.id,
        "challenge_id": a.challenge_id,
        "code": f"方案 {number}",
        "proposal": mask(a.proposal, names),
        "plan": mask(a.plan, names),
        "budget_wan": a.budget_wan,
        "team_make_up": make_up,
        "eligible": a.eligible,
        "blind": True,
    }

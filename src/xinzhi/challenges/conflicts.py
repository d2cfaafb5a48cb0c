"""Conflicts of interest between a reviewer and an application's team.

Four kinds are detected (the issue's list; 15 U.S.C. §3719(k)(2) for the declared ties):

- ``same_org``: the reviewer's organisation is the lead or a member of the team.
- ``coinventor``: the reviewer is named an inventor on a patent filed within the last
  ``years`` (setting ``challenge_conflict_years``, 3 by default) together with a person of a
  team organisation, or on a patent a team organisation applied for.
- ``codeveloper``: the reviewer is linked ``developed_by`` to an achievement a team
  organisation owns (catalog links carry no date, so this one has no time window).
- ``financial`` / ``employment`` / ``family``: ties the reviewer or staff declared.

A user account is tied to a catalog person by name: the expert whose name equals the user's
display name (at the user's organisation when both have one). The catalog has no explicit
user ↔ person link; docs/challenges.md says so.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import String, and_, cast, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Achievement, Link, Organisation, Patent, Person
from xinzhi.challenges.access import team_org_ids
from xinzhi.challenges.messages import CONFLICT_KINDS, zh
from xinzhi.challenges.models import ChallengeApplication, ReviewerTie
from xinzhi.core.models import User


def reviewer_people(session: Session, user: User) -> list[Person]:
    name = (user.display_name or "").strip()
    if not name:
        return []
    stmt = select(Person).where(Person.name == name)
    people = list(session.scalars(stmt))
    if user.organisation_id is not None:
        at_org = [p for p in people if p.organisation_id in (None, user.organisation_id)]
        return at_org
    return people


def _json_text(value: str) -> str:
    """How ``value`` appears inside a stored JSON list (non-ASCII escaped as \\uXXXX)."""
    return json.dumps(value)[1:-1]


def _coinventions(
    session: Session, names: set[str], team: set[int], years: int, today: dt.date
) -> list[dict[str, Any]]:
    org_names = set(session.scalars(select(Organisation.name).where(Organisation.id.in_(team))))
    team_people = set(session.scalars(select(Person.name).where(Person.organisation_id.in_(team))))
    cutoff = (
        today.replace(year=today.year - years)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year - years, day=28)
    )
    found = []
    for name in sorted(names):
        stmt = select(Patent).where(
            Patent.app_date >= cutoff,
            cast(Patent.inventors, String).contains(_json_text(name), autoescape=True),
        )
        for patent in session.scalars(stmt.limit(200)):
            if name not in patent.inventors:
                continue
            shared = (set(patent.inventors) - {name}) & team_people
            applicants = set(patent.applicants) & org_names
            if shared or applicants:
                found.append(
                    {
                        "kind": "coinventor",
                        "patent_id": patent.id,
                        "detail": f"专利 {patent.pub_no}（{patent.app_date}）",
                    }
                )
    return found


def conflicts(
    session: Session,
    user: User,
    application: ChallengeApplication,
    *,
    years: int,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Every conflict between ``user`` and the team, each ``{kind, label, detail}``."""
    today = today or dt.date.today()
    team = team_org_ids(application)
    found: list[dict[str, Any]] = []
    if user.organisation_id is not None and user.organisation_id in team:
        found.append({"kind": "same_org", "detail": "评审专家所在单位属于申报团队"})
    ties = session.scalars(
        select(ReviewerTie).where(
            ReviewerTie.user_id == user.id, ReviewerTie.organisation_id.in_(team)
        )
    )
    for tie in ties:
        found.append({"kind": tie.kind, "detail": tie.note or "已申报的关联关系"})
    people = reviewer_people(session, user)
    if people:
        found += _coinventions(session, {p.name for p in people}, team, years, today)
        stmt = (
            select(Achievement.id, Achievement.title)
            .join(Link, and_(Link.source_type == "achievements", Link.source_id == Achievement.id))
            .where(
                Link.relation == "developed_by",
                Link.target_type == "experts",
                Link.target_id.in_([p.id for p in people]),
                Achievement.owner_org_id.in_(team),
            )
        )
        for aid, title in session.execute(stmt):
            found.append(
                {"kind": "codeveloper", "achievement_id": aid, "detail": f"科技成果「{title}」"}
            )
    for item in found:
        item["label"] = zh(CONFLICT_KINDS, item["kind"])
    return found


def describe(found: list[dict[str, Any]]) -> str:
    return "；".join(f"{c['label']}（{c['detail']}）" for c in found)

"""Who to invite to a published challenge: the matching engine proposes organisations and
experts; at publication the best organisations are told at once (:func:`invite_proposed`),
and staff can invite more by hand. Invited organisations' users get an inbox notice.

Domains may not import each other, so the composition root registers the proposer
(``xinzhi.app._connect_domains``): ``fn(settings, principal, text, k) -> [{type, id, title,
score, organisation_id}]`` with ``type`` ``organisation`` or ``person``. With no proposer
registered the list is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation
from xinzhi.challenges import access, service
from xinzhi.challenges.models import Challenge
from xinzhi.core.errors import Conflict, InvalidInput, XinzhiError
from xinzhi.core.events import Notice, publish
from xinzhi.core.security import Principal

Proposer = Callable[[Any, Principal, str, int], list[dict[str, Any]]]
_PROPOSERS: list[Proposer] = []
AUTO_INVITES = 5  # organisations told when a challenge is published


def register_proposer(fn: Proposer) -> None:
    if fn not in _PROPOSERS:
        _PROPOSERS.append(fn)


def query_text(title: str, goal: str, field: str, indicators: list[dict[str, Any]]) -> str:
    names = " ".join(str(i.get("name", "")) for i in indicators)
    return " ".join(p for p in (title, goal, field, names) if p)


def propose(
    session: Session, principal: Principal, challenge_id: int, settings: Any, k: int = 10
) -> list[dict[str, Any]]:
    """Candidate solvers for the challenge, best first (staff only)."""
    access.require_manage(principal)
    c = access.get_challenge(session, principal, challenge_id)
    text = query_text(c.title, c.goal, c.field, c.indicators)
    found: list[dict[str, Any]] = []
    for proposer in _PROPOSERS:
        found += proposer(settings, principal, text, k)
    found.sort(key=lambda f: -float(f.get("score") or 0.0))
    return found


def invite(
    session: Session, principal: Principal, challenge_id: int, organisation_ids: list[int]
) -> int:
    """Tell the users of the chosen organisations about a published challenge (inbox notice
    of kind ``challenge.deadline``, with the deadline); returns how many users were told."""
    access.require_manage(principal)
    challenge = access.get_challenge(session, principal, challenge_id)
    if challenge.status != "published":
        raise Conflict("只有已发榜的榜单可以邀请揭榜 (invite to a published challenge)")
    known = set(
        session.scalars(select(Organisation.id).where(Organisation.id.in_(organisation_ids)))
    )
    missing = sorted(set(organisation_ids) - known)
    if missing:
        raise InvalidInput(f"单位 {missing} 不存在", details=[{"field": "organisation_ids"}])
    return _notify(session, principal, challenge, known)


def invite_proposed(
    session: Session, principal: Principal, challenge: Challenge, k: int = AUTO_INVITES
) -> int:
    """At publication: tell the organisations the matching engine proposes (those above its
    relevance floor, best ``k``), so solvers hear of a challenge without staff picking them
    first. With no index yet nobody is told; staff can still invite by hand."""
    settings = session.info.get("settings")
    if settings is None:
        return 0
    text = query_text(challenge.title, challenge.goal, challenge.field, challenge.indicators)
    found: list[int] = []
    for proposer in _PROPOSERS:
        try:
            proposals = proposer(settings, principal, text, k)
        except XinzhiError:  # no matching index yet, or the engine refused the text
            continue
        found += [int(p["id"]) for p in proposals if p.get("type") == "organisation"]
    chosen = list(dict.fromkeys(found))[:k]
    return _notify(session, principal, challenge, set(chosen)) if chosen else 0


def _notify(
    session: Session, principal: Principal, challenge: Challenge, organisation_ids: set[int]
) -> int:
    users = service.org_users(session, organisation_ids)
    users.discard(principal.user_id or -1)
    if users:
        publish(
            session,
            Notice(
                kind="challenge.deadline",
                recipients=tuple(sorted(users)),
                title=f"邀请揭榜：{challenge.title}（{challenge.deadline} 截止）",
                link=f"/challenges/{challenge.id}",
                subject_type="challenge",
                subject_id=challenge.id,
            ),
        )
    return len(users)

"""揭榜挂帅 challenges as records the chains domain places (wired in ``_connect_domains``).

Placed: challenges that were published (``published_at`` set: 已发榜 and every later status),
by their title, goal, field and indicator names — a draft is not a call yet and is not placed.
Read back with the challenges domain's own visibility rule (``visible_challenges``: staff see
all, everyone else only published ones); "open" is the status 已发榜 (accepting applications).
A challenge's region is its issuing organisation's GB/T 2260 code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Organisation
from xinzhi.core.security import Principal

OPEN = "published"


def _indicator_text(indicators: Any) -> list[str]:
    out: list[str] = []
    for item in indicators or []:
        if isinstance(item, dict):
            out.extend(str(item[k]) for k in ("name",) if item.get(k))
        elif item:
            out.append(str(item))
    return out


def challenge_rows(session: Session) -> Iterator[tuple[int, str, list[str], str]]:
    """``(id, text, [], "")`` for every published challenge: placed by terms only."""
    from xinzhi.challenges.models import Challenge

    query = select(
        Challenge.id, Challenge.title, Challenge.goal, Challenge.field, Challenge.indicators
    ).where(Challenge.published_at.is_not(None))
    for cid, title, goal, field, indicators in session.execute(query):
        parts = [title, goal, field, *_indicator_text(indicators)]
        yield cid, " ".join(str(p) for p in parts if p), [], ""


def visible_challenges(
    session: Session, principal: Principal
) -> Iterable[tuple[int, str, str | None, bool]]:
    """``(id, title, region code, open)`` of the challenges ``principal`` may see."""
    from xinzhi.challenges.access import visible_challenges as visible
    from xinzhi.challenges.models import Challenge

    query = (
        select(Challenge.id, Challenge.title, Organisation.region_code, Challenge.status)
        .outerjoin(Organisation, Organisation.id == Challenge.owner_org_id)
        .where(visible(principal))
    )
    return [
        (cid, title, region, status == OPEN)
        for cid, title, region, status in session.execute(query)
    ]


def changed_at(session: Session) -> dt.datetime | None:
    from xinzhi.challenges.models import Challenge

    value: dt.datetime | None = session.scalar(select(func.max(Challenge.updated_at)))
    return value

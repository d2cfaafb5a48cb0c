"""待我处理 (``/queue``): what waits for the signed-in user's action, from every domain.

The items come from the domains' ``waiting_*`` functions (see :mod:`xinzhi.common.waiting`),
grouped by kind; the header shows their number on every page, the dashboard included.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xinzhi.common import waiting
from xinzhi.common.web.deps import DbDep, UserDep
from xinzhi.common.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/queue", name="queue")
def queue_page(request: Request, db: DbDep, principal: UserDep) -> Response:
    with db.read() as session:
        items = waiting.collect(session, principal, getattr(request.app.state, "waiting", ()))
    groups: dict[str, list[waiting.WaitingItem]] = {}
    for item in items:
        groups.setdefault(item.kind_label, []).append(item)
    return page(request, "queue.html", {"groups": groups, "total": len(items)})

"""The home page (what the platform holds, a search box) and the search over every record type."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from xinzhi.catalog import service
from xinzhi.catalog.entities import nav_entities
from xinzhi.catalog.pages.fields import is_confidential, record_summary, record_title
from xinzhi.common.web.deps import DbDep, PrincipalDep
from xinzhi.common.web.limits import anonymous_limit
from xinzhi.common.web.render import page, redirect

router = APIRouter(include_in_schema=False)
SEARCH_HITS = 5


@router.get("/", name="home")
def home(request: Request, db: DbDep, principal: PrincipalDep) -> Response:
    """Counts of the records this user may see, per type (confidential ones only if allowed).

    A signed-in user goes to the home a domain registered as ``app.state.home_path`` (the
    对接 workbench), if any; ``/?overview=1`` still shows the overview."""
    home_path = getattr(request.app.state, "home_path", None)
    if home_path and principal.user_id is not None and "overview" not in request.query_params:
        return redirect(home_path)
    with db.read(limited=True) as session:
        counts = [
            (e, service.list_records(session, e, principal, size=1).total) for e in nav_entities()
        ]
    return page(request, "home.html", {"counts": counts})


@router.get("/search", name="search", dependencies=[anonymous_limit("search", only_with="q")])
def search(request: Request, db: DbDep, principal: PrincipalDep, q: str = "") -> HTMLResponse:
    groups: list[dict[str, Any]] = []
    found = 0
    if q.strip():
        with db.read(limited=True) as session:
            for entity in nav_entities():
                result = service.list_records(session, entity, principal, q=q, size=SEARCH_HITS)
                hits = [
                    {
                        "url": f"/{entity.name}/{o.id}",
                        "title": record_title(entity, o),
                        "summary": record_summary(entity, o),
                        "confidential": is_confidential(entity, o),
                    }
                    for o in result.items
                ]
                groups.append({"entity": entity, "total": result.total, "hits": hits})
                found += result.total
    return page(request, "search.html", {"q": q, "groups": groups, "found": found})

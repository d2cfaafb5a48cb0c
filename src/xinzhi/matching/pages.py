"""智能匹配 pages: a demand's (or achievement's) matches with reasons, the demand-quality panel,
filters that re-render through GET parameters, 有用/无用 feedback (htmx POST) and the free-text
box at ``/match``. Staff can submit the index job from an empty index."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import FormData, QueryParams

from xinzhi.common.permissions import require
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, HueyDep, PrincipalDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.limits import anonymous_limit
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core import jobs
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.matching import access, service
from xinzhi.matching import feedback as feedback_service
from xinzhi.matching.engine import MODES
from xinzhi.matching.quality import assess_demand
from xinzhi.matching.service import TARGETS, MatchOptions, MatchResult

router = APIRouter(include_in_schema=False)

# page URL segment ↔ the service's entity type, and where a matched record's page is
SOURCES = {"demands": "demand", "achievements": "achievement", "patents": "patent"}
RECORD_PAGES = {
    "achievement": "achievements",
    "patent": "patents",
    "demand": "demands",
    "person": "experts",
    "organisation": "organisations",
}
FILTER_NAMES = ("field", "region", "trl_min", "trl_max", "date_from", "date_to", "mode")


def highlight(title: str, terms: list[str]) -> Markup:
    """``title`` with every matched term wrapped in ``<mark>``; everything else escaped."""
    wanted = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not wanted:
        return Markup(escape(title))
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(title):
        out.append(escape(title[last : m.start()]))
        out.append(Markup("<mark>{}</mark>").format(m.group()))
        last = m.end()
    out.append(escape(title[last:]))
    return Markup("").join(out)


def parse_filters(params: QueryParams) -> tuple[dict[str, str], MatchOptions, list[str]]:
    """The filter form's values, the options they mean, and the names of values ignored."""
    values = {name: params.get(name, "").strip() for name in FILTER_NAMES}
    bad: list[str] = []

    def number(name: str) -> int | None:
        raw = values[name]
        if raw.isdigit() and 1 <= int(raw) <= 9:
            return int(raw)
        if raw:
            bad.append(name)
        return None

    def date(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            bad.append(name)
            return None

    mode = values["mode"] or "hybrid"
    if mode not in MODES:
        bad.append("mode")
        mode = "hybrid"
    options = MatchOptions(
        fields=(values["field"],) if values["field"] else (),
        region_prefix=values["region"] if values["region"].isdigit() else "",
        trl_min=number("trl_min"),
        trl_max=number("trl_max"),
        date_from=date("date_from"),
        date_to=date("date_to"),
        mode=mode,
    )
    if values["region"] and not values["region"].isdigit():
        bad.append("region")
    return values | {"mode": mode}, options, bad


def _groups(result: MatchResult) -> list[dict[str, Any]]:
    groups = []
    for target, items in result.groups.items():
        rows = []
        for item in items:
            why = item.explanation
            rows.append(
                {
                    "item": item,
                    "why": why,
                    "title_html": highlight(item.title, why.title_terms or why.matched_terms),
                    "url": f"/{RECORD_PAGES[item.entity_type]}/{item.record_id}",
                }
            )
        groups.append({"target": target, "rows": rows})
    return groups


def _index(settings: Settings) -> dict[str, Any]:
    stats = service.get_retriever(settings).backend.stats()
    return {"documents": stats.documents, "model": stats.model, "backend": stats.backend}


def _context(
    request: Request, settings: Settings, result: MatchResult | None, **extra: Any
) -> dict[str, Any]:
    values, _options, bad = parse_filters(request.query_params)
    return {
        "values": values,
        "bad_filters": bad,
        "modes": MODES,
        "groups": _groups(result) if result else [],
        "quality": result.quality if result else None,
        "advice": result.advice if result else None,
        "took_ms": round(result.took_ms, 1) if result else None,
        "index": _index(settings),
        **extra,
    }


@router.get("/match", name="match", dependencies=[anonymous_limit("matching", only_with="q")])
def text_page(
    request: Request, principal: PrincipalDep, settings: SettingsDep, q: str = ""
) -> Response:
    """The free-text box: quality of what was typed and its matches."""
    text = q.strip()
    _values, options, _bad = parse_filters(request.query_params)
    result = None
    quality = None
    if text:
        options = MatchOptions(**{**options.__dict__, "targets": TARGETS["demand"]})
        result = service.match_text(settings, principal, text, options)
        quality = assess_demand({"title": "", "detail": text}).to_dict()
    context = _context(request, settings, result, q=text, source=None, source_type="text")
    context["quality"] = quality
    return page(request, "match.html", context)


@router.get(
    "/match/{entity}/{record_id}",
    name="match_record",
    dependencies=[anonymous_limit("matching")],
)
def record_page(
    request: Request,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    entity: str,
    record_id: int,
) -> Response:
    """A demand's (achievement's, patent's) matches, per target type, with reasons."""
    source_type = SOURCES.get(entity)
    if source_type is None:
        raise InvalidInput(f"只能对需求、成果或专利发起匹配，收到 {entity!r}")
    _values, options, _bad = parse_filters(request.query_params)
    with db.read() as session:
        result = service.match_record(session, settings, principal, source_type, record_id, options)
    source = {
        "entity": entity,
        "id": record_id,
        "title": result.query["title"],
        "url": f"/{entity}/{record_id}",
    }
    context = _context(request, settings, result, q="", source=source, source_type=source_type)
    context["engage"] = _engage_action(request, source_type, record_id)
    return page(request, "match.html", context)


def _engage_action(request: Request, source_type: str, record_id: int) -> dict[str, str] | None:
    """The action another domain offers on each result (加入对接, registered by the
    composition as ``app.state.match_action``), or None when this user may not take it."""
    offer = getattr(request.app.state, "match_action", None)
    return offer(request, source_type, record_id) if offer else None


def _flag(form: FormData, name: str) -> bool:
    raw = str(form.get(name) or "")
    if raw not in ("1", "0"):
        raise InvalidInput("useful must be 1 or 0")
    return raw == "1"


def _int(form: FormData, name: str) -> int | None:
    raw = str(form.get(name) or "").strip()
    return int(raw) if raw.isdigit() else None


def _float(form: FormData, name: str) -> float | None:
    try:
        return float(str(form.get(name) or ""))
    except ValueError:
        return None


@router.post("/match/feedback", name="match_feedback")
def feedback(
    request: Request, db: DbDep, principal: UserDep, settings: SettingsDep, form: CheckedForm
) -> Response:
    """Store a 有用/无用 mark; htmx gets the replacement fragment, a plain form a redirect."""
    useful = _flag(form, "useful")
    source_id, target_id = _int(form, "source_id"), _int(form, "target_id")
    if source_id is None or target_id is None:
        raise InvalidInput("source_id and target_id are required")
    with db.write(**unit_kwargs(principal)) as session:
        feedback_service.record_feedback(
            session, principal, settings, source_type=str(form.get("source_type") or ""),
            source_id=source_id, target_type=str(form.get("target_type") or ""),
            target_id=target_id, useful=useful, rank=_int(form, "rank"),
            score=_float(form, "score"),
        )  # fmt: skip
    t = translator(request)
    message = t("match.feedback.saved_useful" if useful else "match.feedback.saved_not_useful")
    if request.headers.get("hx-request"):
        done = '<span class="feedback-done" role="status" data-testid="feedback-done">{}</span>'
        return HTMLResponse(Markup(done).format(message))
    flash(request, "match.feedback.saved")
    back = str(form.get("next") or "/match")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/match")


@router.post("/match/index", name="match_index")
def submit_index(
    request: Request, db: DbDep, huey: HueyDep, principal: UserDep, form: CheckedForm
) -> Response:
    """Staff: queue the matching.index job and follow it on the job page."""
    require(principal, access.INDEX)
    job_id = jobs.submit(db, huey, "matching.index", {"full": False}, principal)
    return redirect(f"/jobs/{job_id}")

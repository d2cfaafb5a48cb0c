"""Rendering a page: the Jinja2 environment, the request's language and the shared context."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.exc import SQLAlchemyError

from xinzhi.common import waiting
from xinzhi.common.web import csrf, deps
from xinzhi.common.web.i18n import HTML_LANG, LANGUAGES, Translator
from xinzhi.core.security import Principal

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_KEY = "lang"
FLASH_KEY = "flash"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["quote"] = quote
    return env


def session_of(request: Request) -> dict[str, Any]:
    """The request's session; an empty one where the session middleware did not run (500s)."""
    session: dict[str, Any] = request.scope.get("session", {})
    return session


def language(request: Request) -> str:
    """The session's language, else the configured default."""
    chosen = session_of(request).get(LANG_KEY)
    if chosen in LANGUAGES:
        return str(chosen)
    return deps.get_settings(request).language


def translator(request: Request) -> Translator:
    return Translator(language(request))


def flash(request: Request, key: str) -> None:
    """Show the message ``key`` on the next page this session renders."""
    request.session[FLASH_KEY] = key


def redirect(url: str, *, status: int = 303) -> RedirectResponse:
    return RedirectResponse(url, status_code=status)


def safe_next(target: str | None) -> str:
    """A same-site path to return to after log in; anything else goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def header_unread(request: Request, principal: Principal) -> int | None:
    """The logged-in user's unread notifications for the header badge (one COUNT), or None.

    The counter is whatever the composition registered as ``app.state.unread_count``; the
    badge never breaks a page, so a database error here (an error page being drawn) hides it.
    """
    counter = getattr(request.app.state, "unread_count", None)
    if counter is None or principal.user_id is None:
        return None
    try:
        return int(counter(deps.get_db(request), principal.user_id))
    except SQLAlchemyError:
        return None


def header_waiting(request: Request, principal: Principal) -> int | None:
    """How many things wait for the signed-in user (待我处理), or None for a visitor; like the
    inbox badge it never breaks a page (a database error hides it)."""
    found = getattr(request.app.state, "waiting", None)
    if found is None or principal.user_id is None:
        return None
    try:
        with deps.get_db(request).read() as session:
            return len(waiting.collect(session, principal, found))
    except SQLAlchemyError:
        return None


def record_panels(request: Request, entity: str, record_id: int) -> list[dict[str, Any]]:
    """Panels other domains add to a record's page (e.g. the 响应 form on a demand).

    The composition may register ``app.state.record_panels``: ``fn(request, entity, record_id)
    -> [{"template": ..., **context}]``; the detail template includes each panel's template,
    so the catalog shows them without knowing the domain."""
    provider = getattr(request.app.state, "record_panels", None)
    if provider is None:
        return []
    panels: list[dict[str, Any]] = provider(request, entity, record_id)
    return panels


def base_context(request: Request) -> dict[str, Any]:
    lang = language(request)
    principal: Principal = deps.get_principal(request)
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {
        "request": request,
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "t": Translator(lang),
        "principal": principal,
        "csrf_token": csrf.token(request) if "session" in request.scope else "",
        "csrf_field": csrf.FIELD,
        "nav": getattr(request.app.state, "nav", ()),
        "current_path": path,
        "flash": session_of(request).pop(FLASH_KEY, None),
        "unread_count": header_unread(request, principal),
        "waiting_count": header_waiting(request, principal),
    }


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    env: Environment = request.app.state.page_env
    html = env.get_template(template).render({**base_context(request), **(context or {})})
    return HTMLResponse(html, status_code=status)

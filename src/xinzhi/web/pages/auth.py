"""Log in, log out and the language toggle.

The session cookie (Starlette's signed ``SessionMiddleware``) carries the id of a server-side
session row under ``deps.SESSION_ID`` (:mod:`xinzhi.core.tokens`), the chosen language and the
CSRF token; logging in or out starts a fresh session but keeps the language, and logging out
deletes the row so a copy of the old cookie no longer works.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from xinzhi.common.web import csrf, limits
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import SESSION_ID, DbDep, SettingsDep
from xinzhi.common.web.i18n import LANGUAGES
from xinzhi.common.web.render import LANG_KEY, flash, page, redirect, safe_next
from xinzhi.core import security, tokens
from xinzhi.core.errors import TooManyRequests, Unauthorized
from xinzhi.web.api.auth import client_of

router = APIRouter(include_in_schema=False)
NextParam = Annotated[str, Query(alias="next")]


def _fresh_session(request: Request, db: DbDep) -> None:
    sid = request.session.get(SESSION_ID)
    if isinstance(sid, str) and sid:
        with db.write() as session:
            tokens.close_session(session, sid)
    lang = request.session.get(LANG_KEY)
    request.session.clear()
    if lang in LANGUAGES:
        request.session[LANG_KEY] = lang
    csrf.rotate(request)


@router.get("/login", name="login")
def login_form(request: Request, next_url: NextParam = "/") -> Response:
    return page(request, "login.html", {"next": safe_next(next_url), "username": "", "error": ""})


@router.post("/login")
def login(request: Request, db: DbDep, settings: SettingsDep, form: CheckedForm) -> Response:
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    context = {"next": target, "username": username, "error": "auth.failed", "wait": 0}
    try:
        limits.check_login(request, username)
    except TooManyRequests as exc:
        context |= {"error": "auth.throttled", "wait": exc.retry_after}
        response = page(request, "login.html", context, status=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    try:
        with db.write(actor=f"login:{username}") as session:
            user = security.authenticate(session, username, password)
            sid = tokens.open_session(
                session, user, settings.session_max_age_seconds, client_of(request)
            )
    except Unauthorized:
        limits.login_failed(request, username)
        return page(request, "login.html", context, status=401)
    limits.login_succeeded(request, username)
    _fresh_session(request, db)
    request.session[SESSION_ID] = sid
    flash(request, "auth.logged_in")
    return redirect(target)


@router.post("/logout", name="logout")
def logout(request: Request, db: DbDep, form: CheckedForm) -> Response:
    _fresh_session(request, db)
    flash(request, "auth.logged_out")
    return redirect("/")


@router.get("/lang/{code}", name="language")
def set_language(request: Request, code: str, next_url: NextParam = "/") -> Response:
    """Switch the interface language for this session (a plain link, so it works without JS)."""
    if code in LANGUAGES:
        request.session[LANG_KEY] = code
    return redirect(safe_next(next_url))

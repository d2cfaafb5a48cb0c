"""Log in, log out and the language toggle.

The session cookie (Starlette's signed ``SessionMiddleware``) carries the user id under
``deps.SESSION_USER``, the chosen language and the CSRF token; logging in or out starts a fresh
session but keeps the language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from xinzhi.common.web import csrf
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import SESSION_USER, DbDep
from xinzhi.common.web.i18n import LANGUAGES
from xinzhi.common.web.render import LANG_KEY, flash, page, redirect, safe_next
from xinzhi.core import security
from xinzhi.core.errors import Unauthorized

router = APIRouter(include_in_schema=False)
NextParam = Annotated[str, Query(alias="next")]


def _fresh_session(request: Request) -> None:
    lang = request.session.get(LANG_KEY)
    request.session.clear()
    if lang in LANGUAGES:
        request.session[LANG_KEY] = lang
    csrf.rotate(request)


@router.get("/login", name="login")
def login_form(request: Request, next_url: NextParam = "/") -> Response:
    return page(request, "login.html", {"next": safe_next(next_url), "username": "", "error": ""})


@router.post("/login")
def login(request: Request, db: DbDep, form: CheckedForm) -> Response:
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    try:
        with db.write(actor=f"login:{username}") as session:
            user_id = security.authenticate(session, username, password).id
    except Unauthorized:
        context = {"next": target, "username": username, "error": "auth.failed"}
        return page(request, "login.html", context, status=401)
    _fresh_session(request)
    request.session[SESSION_USER] = user_id
    flash(request, "auth.logged_in")
    return redirect(target)


@router.post("/logout", name="logout")
def logout(request: Request, form: CheckedForm) -> Response:
    _fresh_session(request)
    flash(request, "auth.logged_out")
    return redirect("/")


@router.get("/lang/{code}", name="language")
def set_language(request: Request, code: str, next_url: NextParam = "/") -> Response:
    """Switch the interface language for this session (a plain link, so it works without JS)."""
    if code in LANGUAGES:
        request.session[LANG_KEY] = code
    return redirect(safe_next(next_url))

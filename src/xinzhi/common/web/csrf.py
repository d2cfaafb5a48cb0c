"""CSRF protection for page forms: a per-session token, sent back as a field or header.

Every POST a page makes carries ``csrf_token`` (forms) or ``X-CSRF-Token`` (htmx requests);
:func:`checked_form` compares it with the session's token in constant time.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from xinzhi.core.errors import Forbidden

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
MESSAGE = "csrf_failed"


def token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = value
    return value


def rotate(request: Request) -> None:
    """A new token (after log in or out, so a token seen before does not carry over)."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)


def is_valid(request: Request, sent: str) -> bool:
    expected = request.session.get(SESSION_KEY)
    return bool(expected) and bool(sent) and secrets.compare_digest(str(expected), sent)


async def checked_form(request: Request) -> FormData:
    """The POSTed form, after its CSRF token was checked (a FastAPI dependency)."""
    form = await request.form()
    sent = form.get(FIELD)
    if not isinstance(sent, str):
        sent = request.headers.get(HEADER, "")
    if not is_valid(request, sent):
        raise Forbidden(MESSAGE)
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]

"""Request-scoped helpers: the app's database, the acting principal, the job queue.

Endpoints own their unit of work explicitly (``with db.write(...)``) so a commit failure is an
error response, never a success sent before the commit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from huey import Huey
from sqlalchemy.exc import SQLAlchemyError

from xinzhi.core import tokens
from xinzhi.core.db import Database
from xinzhi.core.errors import Unauthorized
from xinzhi.core.models import TokenKind
from xinzhi.core.security import ANONYMOUS, Principal, principal_of
from xinzhi.core.settings import Settings

# The session cookie carries the id of a server-side session row (xinzhi.core.tokens), never
# the user id itself: logging out deletes the row and the cookie stops working.
SESSION_ID = "sid"


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_huey(request: Request) -> Huey:
    huey: Huey = request.app.state.huey
    return huey


def get_principal(request: Request) -> Principal:
    """Bearer API token first, then the session cookie, else the anonymous public."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = _resolve(request)
    request.state.principal = principal
    return principal


def _resolve(request: Request) -> Principal:
    db = get_db(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        secret, kind = auth[7:].strip(), TokenKind.API
    else:
        sid = request.session.get(SESSION_ID) if "session" in request.scope else None
        if not isinstance(sid, str) or not sid:
            return ANONYMOUS
        secret, kind = sid, TokenKind.SESSION
    every = get_settings(request).session_touch_seconds
    with db.read() as session:
        row = tokens.find(session, secret, kind)
        if row is None:
            if kind == TokenKind.API:
                raise Unauthorized("invalid or revoked API token")
            request.session.pop(SESSION_ID, None)  # logged out, revoked or expired
            return ANONYMOUS
        principal, token_id, stale = principal_of(row.user), row.id, tokens.needs_touch(row, every)
    request.state.credential_id = token_id
    if stale:
        _touch(db, token_id)
    return principal


def _touch(db: Database, token_id: int) -> None:
    """Note when a credential was last used; a busy database only delays the note."""
    try:
        with db.write() as session:
            tokens.touch(session, token_id)
    except SQLAlchemyError:
        return


def require_login(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    if principal.user_id is None:
        raise Unauthorized("please log in first")
    return principal


DbDep = Annotated[Database, Depends(get_db)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
UserDep = Annotated[Principal, Depends(require_login)]
HueyDep = Annotated[Huey, Depends(get_huey)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def unit_kwargs(principal: Principal) -> dict[str, Any]:
    return {"actor": principal.actor, "user_id": principal.user_id}

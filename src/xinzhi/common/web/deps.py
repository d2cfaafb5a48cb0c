"""Request-scoped helpers: the app's database, the acting principal, the job queue.

Endpoints own their unit of work explicitly (``with db.write(...)``) so a commit failure is an
error response, never a success sent before the commit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from huey import Huey

from xinzhi.core.db import Database
from xinzhi.core.errors import Unauthorized
from xinzhi.core.models import User
from xinzhi.core.security import ANONYMOUS, Principal, principal_of, user_for_token
from xinzhi.core.settings import Settings

SESSION_USER = "uid"


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
        with db.read() as session:
            return principal_of(user_for_token(session, auth[7:].strip()))
    user_id = request.session.get(SESSION_USER) if "session" in request.scope else None
    if user_id is None:
        return ANONYMOUS
    with db.read() as session:
        user = session.get(User, int(user_id))
        if user is None or not user.active:
            request.session.clear()
            return ANONYMOUS
        return principal_of(user)


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

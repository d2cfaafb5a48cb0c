"""Log in and out, who am I, API tokens and sessions, and user administration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from xinzhi.common.web import limits
from xinzhi.common.web.deps import (
    SESSION_ID,
    DbDep,
    PrincipalDep,
    SettingsDep,
    UserDep,
    unit_kwargs,
)
from xinzhi.core import security, tokens
from xinzhi.core.errors import Unauthorized
from xinzhi.core.models import Role, User

router = APIRouter(tags=["auth"])


class LoginIn(BaseModel):
    username: str
    password: str


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: str
    organisation_id: int | None
    active: bool


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=security.MIN_PASSWORD)
    role: Role = Role.PUBLIC
    organisation_id: int | None = None
    display_name: str = ""


class TokenIn(BaseModel):
    name: str = Field("", max_length=128)


class TokenRead(BaseModel):
    """A credential as its owner sees it: never the secret, which is shown once."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    kind: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    address: str
    user_agent: str
    current: bool = False


def client_of(request: Request) -> tokens.Client:
    agent = request.headers.get("user-agent", "")
    return tokens.Client(address=limits.client_address(request), user_agent=agent)


@router.post("/auth/login", response_model=UserRead)
def login(body: LoginIn, request: Request, db: DbDep, settings: SettingsDep) -> Any:
    """Start a session (cookie). Wrong passwords are limited per account and per address:
    past the limit the answer is 429 with ``Retry-After``."""
    limits.check_login(request, body.username)
    _end_session(request, db)
    try:
        with db.write(actor=f"login:{body.username}") as session:
            user = security.authenticate(session, body.username, body.password)
            sid = tokens.open_session(
                session, user, settings.session_max_age_seconds, client_of(request)
            )
            result = UserRead.model_validate(user)
    except Unauthorized:
        limits.login_failed(request, body.username)
        raise
    limits.login_succeeded(request, body.username)
    request.session.clear()
    request.session[SESSION_ID] = sid
    return result


def _end_session(request: Request, db: DbDep) -> None:
    sid = request.session.get(SESSION_ID)
    if isinstance(sid, str) and sid:
        with db.write() as session:
            tokens.close_session(session, sid)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, db: DbDep) -> None:
    """End the session on the server: its cookie no longer authenticates anyone."""
    _end_session(request, db)
    request.session.clear()


@router.get("/auth/me")
def me(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "user_id": principal.user_id,
        "username": principal.username,
        "role": principal.role.value,
        "organisation_id": principal.organisation_id,
    }


@router.post("/auth/tokens", status_code=201)
def create_token(body: TokenIn, request: Request, db: DbDep, principal: UserDep) -> dict[str, str]:
    """A new API token for the current user: send it as ``Authorization: Bearer …``."""
    with db.write(**unit_kwargs(principal)) as session:
        user = session.get(User, principal.user_id)
        assert user is not None
        return {"token": tokens.issue_token(session, user, body.name, client_of(request))}


@router.get("/auth/tokens", response_model=list[TokenRead])
def list_tokens(request: Request, db: DbDep, principal: UserDep, user_id: int | None = None) -> Any:
    """The caller's API tokens and open web sessions (an admin may ask for ``user_id``)."""
    owner = principal.user_id if user_id is None else user_id
    if owner != principal.user_id:
        principal.require(Role.ADMIN)
    assert owner is not None
    current = getattr(request.state, "credential_id", None)
    with db.read() as session:
        rows = tokens.list_for(session, owner)
        return [
            TokenRead.model_validate(r).model_copy(update={"current": r.id == current})
            for r in rows
        ]


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, db: DbDep, principal: UserDep) -> None:
    """Revoke one API token or end one web session (one's own; an admin: anyone's)."""
    with db.write(**unit_kwargs(principal)) as session:
        tokens.revoke(
            session, token_id, user_id=principal.user_id, admin=principal.role == Role.ADMIN
        )


@router.get("/users", response_model=list[UserRead])
def list_users(db: DbDep, principal: PrincipalDep) -> Any:
    principal.require(Role.ADMIN)
    with db.read() as session:
        return [UserRead.model_validate(u) for u in session.scalars(select(User).order_by(User.id))]


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(body: UserCreate, db: DbDep, principal: PrincipalDep) -> Any:
    principal.require(Role.ADMIN)
    with db.write(**unit_kwargs(principal)) as session:
        user = security.create_user(session, **body.model_dump())
        return UserRead.model_validate(user)

"""Log in and out, who am I, API tokens, and user administration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from xinzhi.common.web.deps import SESSION_USER, DbDep, PrincipalDep, UserDep, unit_kwargs
from xinzhi.core import security
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
    name: str = ""


@router.post("/auth/login", response_model=UserRead)
def login(body: LoginIn, request: Request, db: DbDep) -> Any:
    with db.write(actor=f"login:{body.username}") as session:
        user = security.authenticate(session, body.username, body.password)
        request.session.clear()
        request.session[SESSION_USER] = user.id
        return UserRead.model_validate(user)


@router.post("/auth/logout", status_code=204)
def logout(request: Request) -> None:
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
def create_token(body: TokenIn, db: DbDep, principal: UserDep) -> dict[str, str]:
    """A new API token for the current user: send it as ``Authorization: Bearer …``."""
    with db.write(**unit_kwargs(principal)) as session:
        user = session.get(User, principal.user_id)
        assert user is not None
        return {"token": security.issue_token(session, user, body.name)}


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

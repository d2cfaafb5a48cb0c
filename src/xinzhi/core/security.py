"""Accounts: password hashing, API tokens and the principal every request acts as.

Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106). API tokens are random
strings shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.core.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from xinzhi.core.models import ApiToken, Role, User, utcnow

_hasher = PasswordHasher()
TOKEN_PREFIX = "xz_"
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Principal:
    """Who acts: a user with a role and organisation, or the anonymous public."""

    user_id: int | None
    username: str
    role: Role
    organisation_id: int | None = None

    @property
    def actor(self) -> str:
        return f"user:{self.username}" if self.user_id else self.username

    @property
    def is_staff(self) -> bool:
        """Admins and brokers see confidential records and curate the whole catalog."""
        return self.role in (Role.ADMIN, Role.BROKER)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None or self.role == Role.ADMIN

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            if not self.authenticated:
                raise Unauthorized("please log in first")
            raise Forbidden(f"role {self.role.value!r} may not do this")


ANONYMOUS = Principal(user_id=None, username="anonymous", role=Role.PUBLIC)


def system_principal(name: str = "cli") -> Principal:
    """The operator at the command line acts with admin rights (they own the files anyway)."""
    return Principal(user_id=None, username=name, role=Role.ADMIN)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password must have at least {MIN_PASSWORD} characters")
    return str(_hasher.hash(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        organisation_id=user.organisation_id,
    )


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    organisation_id: int | None = None,
    display_name: str = "",
) -> User:
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role.value,
        organisation_id=organisation_id,
        display_name=display_name or username,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise Unauthorized("wrong username or password")
    user.last_login_at = utcnow()
    return user


def issue_token(session: Session, user: User, name: str = "") -> str:
    """Create an API token for ``user``; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_digest(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or not row.user.active:
        raise Unauthorized("invalid or revoked API token")
    return row.user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

"""Accounts: password hashing, log-in and the principal every request acts as.

Passwords are hashed with Argon2id (argon2-cffi defaults, RFC 9106). API tokens and web
sessions are server-side records (:mod:`xinzhi.core.tokens`).

:func:`authenticate` spends the same work whether or not the user exists: an unknown or
disabled account is verified against a dummy hash made with the same parameters, so the
answer's timing does not tell which user names exist (OWASP Authentication Cheat Sheet,
"Authentication Responses").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.core.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from xinzhi.core.models import Role, User, utcnow

_hasher = PasswordHasher()
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
    _refuse_demo_password(session, password)
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


def _refuse_demo_password(session: Session, password: str) -> None:
    settings = session.info.get("settings")
    if settings is not None and settings.env == "production" and password == settings.demo_password:
        raise InvalidInput(
            "the demo password may not be used in production 生产环境不能使用演示密码"
        )


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password (the same rules as a new account's)."""
    _refuse_demo_password(session, password)
    user.password_hash = hash_password(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random password with the real parameters, verified for unknown users."""
    import secrets

    return str(_hasher.hash(secrets.token_urlsafe(16)))


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)  # the same work as for a real account
        raise Unauthorized("wrong username or password")
    if not verify_password(user.password_hash, password):
        raise Unauthorized("wrong username or password")
    user.last_login_at = utcnow()
    return user


def accounts_with_password(session: Session, password: str, usernames: list[str]) -> list[str]:
    """Which of ``usernames`` (active accounts) still log in with ``password``."""
    rows = session.execute(
        select(User.username, User.password_hash)
        .where(User.username.in_(usernames), User.active.is_(True))
        .order_by(User.username)
    )
    return [name for name, hashed in rows if verify_password(hashed, password)]

"""Server-side credentials: API tokens and web sessions, both rows of ``api_tokens``.

A credential is a random secret handed to the client once (an API token shown to its owner,
or a session id inside the signed session cookie); only its SHA-256 is stored. A request is
authenticated only while the row exists, has not expired and its user is active, so logging
out, revoking a token or disabling an account takes effect on the next request, whatever the
client still holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from xinzhi.core.errors import NotFound, Unauthorized
from xinzhi.core.models import ApiToken, TokenKind, User, as_utc, utcnow

TOKEN_PREFIX = "xz_"
SESSION_PREFIX = "xs_"


@dataclass(frozen=True)
class Client:
    """Where a credential is used from, for the owner to recognise it in the list."""

    address: str = ""
    user_agent: str = ""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, name: str = "", client: Client | None = None) -> str:
    """Create an API token for ``user``; the plain token is returned once and never stored."""
    return _issue(session, user, TokenKind.API, TOKEN_PREFIX, name, None, client)


def open_session(
    session: Session, user: User, max_age_seconds: int, client: Client | None = None
) -> str:
    """Record a web log-in of ``user``; returns the session id the cookie carries."""
    expires = utcnow() + dt.timedelta(seconds=max_age_seconds)
    return _issue(session, user, TokenKind.SESSION, SESSION_PREFIX, "", expires, client)


def _issue(
    session: Session,
    user: User,
    kind: TokenKind,
    prefix: str,
    name: str,
    expires: dt.datetime | None,
    client: Client | None,
) -> str:
    secret = prefix + secrets.token_urlsafe(32)
    client = client or Client()
    session.add(
        ApiToken(
            user_id=user.id,
            kind=kind.value,
            name=name[:128],
            token_hash=digest(secret),
            expires_at=expires,
            address=client.address[:64],
            user_agent=client.user_agent[:256],
        )
    )
    session.flush()
    return secret


def find(session: Session, secret: str, kind: TokenKind) -> ApiToken | None:
    """The live credential row for ``secret``, or None (unknown, revoked, expired, disabled)."""
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == digest(secret), ApiToken.kind == kind.value)
    )
    if row is None or not row.user.active:
        return None
    if row.expires_at is not None and as_utc(row.expires_at) <= utcnow():
        return None
    return row


def user_for_token(session: Session, token: str) -> User:
    row = find(session, token, TokenKind.API)
    if row is None:
        raise Unauthorized("invalid or revoked API token")
    return row.user


def needs_touch(row: ApiToken, every_seconds: int) -> bool:
    """Whether ``last_used_at`` is older than ``every_seconds`` (so reads rarely write)."""
    last = row.last_used_at
    return last is None or utcnow() - as_utc(last) >= dt.timedelta(seconds=every_seconds)


def touch(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is not None:
        row.last_used_at = utcnow()


def close_session(session: Session, secret: str) -> None:
    """Log out: the session's row is deleted, so its cookie no longer authenticates."""
    session.execute(delete(ApiToken).where(ApiToken.token_hash == digest(secret)))


def list_for(session: Session, user_id: int) -> list[ApiToken]:
    """The user's live credentials, newest first (expired sessions are left out)."""
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    )
    now = utcnow()
    return [r for r in rows if r.expires_at is None or as_utc(r.expires_at) > now]


def revoke(session: Session, token_id: int, *, user_id: int | None, admin: bool) -> ApiToken:
    """Delete one credential: its owner (``user_id``) or an ``admin`` may; to anyone else it
    does not exist."""
    row = session.get(ApiToken, token_id)
    if row is None or not (admin or row.user_id == user_id):
        raise NotFound(f"token or session #{token_id} not found")
    session.delete(row)
    session.flush()
    return row


def revoke_all(session: Session, user_id: int, *, keep_id: int | None = None) -> int:
    """Delete every credential of ``user_id`` except ``keep_id``; returns how many."""
    stmt = delete(ApiToken).where(ApiToken.user_id == user_id)
    if keep_id is not None:
        stmt = stmt.where(ApiToken.id != keep_id)
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]


def purge_expired(session: Session) -> int:
    """Delete expired sessions (the periodic clean-up); returns how many."""
    stmt = delete(ApiToken).where(ApiToken.expires_at.is_not(None), ApiToken.expires_at < utcnow())
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]

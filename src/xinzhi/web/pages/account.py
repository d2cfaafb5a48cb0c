"""我的登录会话/令牌: a logged-in user's open web sessions and API tokens, to revoke any of them
or make a new token (the same functions as ``/api/v1/auth/tokens`` and ``xinzhi users tokens``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect
from xinzhi.core import tokens
from xinzhi.core.models import ApiToken, Role, User, as_utc
from xinzhi.web.api.auth import client_of

router = APIRouter(include_in_schema=False)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _when(value: dt.datetime | None) -> str:
    return as_utc(value).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


def _row(row: ApiToken, current: int | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "name": row.name,
        "created": _when(row.created_at),
        "last_used": _when(row.last_used_at),
        "expires": _when(row.expires_at),
        "client": " · ".join(p for p in (row.address, row.user_agent[:80]) if p),
        "current": row.id == current,
    }


def _render(request: Request, db: DbDep, principal: UserDep, new_token: str = "") -> Response:
    assert principal.user_id is not None
    current = getattr(request.state, "credential_id", None)
    with db.read() as session:
        rows = [_row(r, current) for r in tokens.list_for(session, principal.user_id)]
    return page(request, "account_sessions.html", {"rows": rows, "new_token": new_token})


@router.get("/account/sessions", name="account_sessions")
def sessions_page(request: Request, db: DbDep, principal: UserDep) -> Response:
    return _render(request, db, principal)


@router.post("/account/sessions/{token_id}/revoke", name="account_revoke")
def revoke(
    request: Request, token_id: int, db: DbDep, principal: UserDep, form: CheckedForm
) -> Response:
    with db.write(**unit_kwargs(principal)) as session:
        tokens.revoke(
            session, token_id, user_id=principal.user_id, admin=principal.role == Role.ADMIN
        )
    flash(request, "account.revoked")
    return redirect("/account/sessions")


@router.post("/account/sessions/revoke_others", name="account_revoke_others")
def revoke_others(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    assert principal.user_id is not None
    current = getattr(request.state, "credential_id", None)
    with db.write(**unit_kwargs(principal)) as session:
        tokens.revoke_all(session, principal.user_id, keep_id=current)
    flash(request, "account.revoked")
    return redirect("/account/sessions")


@router.post("/account/tokens", name="account_new_token")
def new_token(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    """A new API token, shown once on the page that answers this form."""
    name = str(form.get("name") or "").strip()[:128]
    with db.write(**unit_kwargs(principal)) as session:
        user = session.get(User, principal.user_id)
        assert user is not None
        secret = tokens.issue_token(session, user, name, client_of(request))
    return _render(request, db, principal, new_token=secret)

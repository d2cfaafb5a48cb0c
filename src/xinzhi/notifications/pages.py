"""Inbox pages: ``/inbox`` (list, open, mark read) and ``/inbox/settings`` (a form of
checkboxes per kind and the digest choice), plus the header badge's counter."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, language, page, redirect, safe_next, translator
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput, XinzhiError
from xinzhi.core.messages import error_reason
from xinzhi.core.models import as_utc
from xinzhi.notifications import service
from xinzhi.notifications.digest import BEIJING
from xinzhi.notifications.messages import KINDS
from xinzhi.notifications.schemas import KindSettingUpdate, NotificationSettingsUpdate

router = APIRouter(include_in_schema=False)
FIELDS = {"email": "接收邮件的邮箱", "digest": "每日摘要", "kinds": "通知类型"}


def unread_badge(db: Database, user_id: int) -> int:
    """The header badge: one COUNT of the user's unread notifications."""
    with db.read() as session:
        return service.unread_count(session, user_id)


def _local_time(value: dt.datetime) -> str:
    """Beijing time for people reading the inbox (stored times are UTC)."""
    return as_utc(value).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


@router.get("/inbox", name="inbox")
def inbox_page(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    principal: UserDep,
    show: str = "all",
    page_no: Annotated[int, Query(alias="page")] = 1,
) -> Response:
    size = settings.page_size
    with db.read() as session:
        data = service.list_notifications(
            session,
            principal,
            unread_only=show == "unread",
            page=max(page_no, 1),
            size=size,
            lang=language(request),
        )
    context = {
        "data": data,
        "show": "unread" if show == "unread" else "all",
        "pages": max(1, math.ceil(data.total / size)),
        "local_time": _local_time,
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return page(request, "inbox.html", context)


@router.post("/inbox/read_all")
def read_all_page(request: Request, db: DbDep, principal: UserDep, form: CheckedForm) -> Response:
    with db.write(**unit_kwargs(principal)) as session:
        service.mark_all_read(session, principal)
    flash(request, "notifications.all_marked")
    return redirect("/inbox")


@router.post("/inbox/{notification_id}/read")
def read_page(
    request: Request, db: DbDep, principal: UserDep, notification_id: int, form: CheckedForm
) -> Response:
    """Mark read; with ``open`` go on to the thing the notification is about."""
    with db.write(**unit_kwargs(principal)) as session:
        link = service.mark_read(session, principal, notification_id).link
    if form.get("open") and link:
        return redirect(safe_next(link))
    flash(request, "notifications.marked")
    back = safe_next(str(form.get("next") or "/inbox"))
    return redirect(back if back.startswith("/inbox") else "/inbox")


def _settings_page(
    request: Request, db: Database, settings_: SettingsDep, principal: UserDep, **extra: object
) -> Response:
    status = int(str(extra.pop("status", 200)))
    with db.read() as session:
        current = service.read_settings(session, principal, language(request))
    context = {"current": current, "email_enabled": bool(settings_.smtp_host), **extra}
    return page(request, "notification_settings.html", context, status=status)


@router.get("/inbox/settings", name="inbox.settings")
def settings_page(
    request: Request, db: DbDep, settings: SettingsDep, principal: UserDep
) -> Response:
    return _settings_page(request, db, settings, principal, error="")


def _update_from(form: FormData) -> NotificationSettingsUpdate:
    inbox, email = set(form.getlist("inbox")), set(form.getlist("email"))
    try:
        return NotificationSettingsUpdate(
            kinds=[KindSettingUpdate(kind=k, inbox=k in inbox, email=k in email) for k in KINDS],
            digest=str(form.get("digest") or "none"),
            email=str(form.get("email_address") or "").strip(),
        )
    except ValidationError as exc:
        reasons = "; ".join(
            f"{FIELDS.get(str(e['loc'][0]), e['loc'][0])}: {error_reason(dict(e))}"
            for e in exc.errors()
        )
        raise InvalidInput(reasons) from None


@router.post("/inbox/settings")
def save_settings_page(
    request: Request, db: DbDep, settings: SettingsDep, principal: UserDep, form: CheckedForm
) -> Response:
    try:
        data = _update_from(form)
        with db.write(**unit_kwargs(principal)) as session:
            service.update_settings(session, principal, data)
    except XinzhiError as exc:
        message = translator(request)("notifications.failed", reason=exc.message)
        return _settings_page(request, db, settings, principal, error=message, status=422)
    flash(request, "notifications.saved")
    return redirect("/inbox/settings")

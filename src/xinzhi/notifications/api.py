"""The caller's own inbox and settings under ``/api/v1/notifications``; anonymous → 401.

Staff get no wider view: an inbox is private. Another user's notification id answers 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xinzhi.common.web.deps import DbDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.notifications import access, service
from xinzhi.notifications.schemas import (
    NotificationPage,
    NotificationRead,
    NotificationSettingsRead,
    NotificationSettingsUpdate,
)

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("")
def list_notifications(
    db: DbDep,
    settings: SettingsDep,
    principal: UserDep,
    unread: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int | None, Query(ge=1)] = None,
) -> NotificationPage:
    """The caller's notifications, newest first; ``unread=1`` keeps the unread ones."""
    size = min(size or settings.page_size, settings.page_size_max)
    with db.read() as session:
        return service.list_notifications(
            session, principal, unread_only=unread, page=page, size=size
        )


@router.get("/unread_count")
def unread_count(db: DbDep, principal: UserDep) -> dict[str, int]:
    with db.read() as session:
        return {"unread": service.unread_count(session, access.owner_id(principal))}


@router.post("/read_all")
def read_all(db: DbDep, principal: UserDep) -> dict[str, int]:
    with db.write(**unit_kwargs(principal)) as session:
        return {"marked": service.mark_all_read(session, principal)}


@router.get("/settings")
def get_settings(db: DbDep, principal: UserDep) -> NotificationSettingsRead:
    with db.read() as session:
        return service.read_settings(session, principal)


@router.put("/settings")
def put_settings(
    db: DbDep, principal: UserDep, data: NotificationSettingsUpdate
) -> NotificationSettingsRead:
    with db.write(**unit_kwargs(principal)) as session:
        return service.update_settings(session, principal, data)


@router.post("/{notification_id}/read")
def mark_read(db: DbDep, principal: UserDep, notification_id: int) -> NotificationRead:
    with db.write(**unit_kwargs(principal)) as session:
        return service.read(service.mark_read(session, principal, notification_id))

"""API shapes of the inbox and of a user's notification settings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from xinzhi.core.models import as_utc


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else as_utc(value)


UtcDatetime = Annotated[dt.datetime, AfterValidator(_utc)]

# Deliberately loose (one @, a dot in the domain): the SMTP server is the real judge.
EmailAddress = Annotated[
    str, Field(max_length=256, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", title="邮箱")
]


class NotificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    kind_label: str = ""
    title: str
    body: str
    link: str
    subject_type: str
    subject_id: int | None
    created_at: UtcDatetime
    read_at: UtcDatetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    total: int
    unread: int
    page: int
    size: int


class KindSetting(BaseModel):
    kind: str
    label: str = ""
    inbox: bool = True
    email: bool = False


class NotificationSettingsRead(BaseModel):
    kinds: list[KindSetting]
    digest: Literal["none", "daily"]
    email: str = Field(description="The caller's own address; shown only to them.")


class KindSettingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(title="通知类型")
    inbox: bool | None = None
    email: bool | None = None


class NotificationSettingsUpdate(BaseModel):
    """Only what is given changes: kinds listed, the digest choice, the e-mail address."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[KindSettingUpdate] = Field(default_factory=list, title="通知类型设置")
    digest: Literal["none", "daily"] | None = Field(None, title="每日摘要")
    email: EmailAddress | None = None

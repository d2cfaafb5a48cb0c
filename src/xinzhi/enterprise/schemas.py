"""API shapes of the enterprise domain (profiles use ``profile.EnterpriseProfile``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xinzhi.common.bounded import JsonObject
from xinzhi.enterprise.profiles.profile import EnterpriseProfile


class AssessOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: Literal["miit-2022", "miit-2026"] = "miit-2026"
    mode: Literal["new", "review"] = "new"
    year: int | None = None
    as_of: dt.date | None = None
    region: str | None = None
    overrides: dict[str, JsonObject] = Field(default_factory=dict)


class AssessRequest(AssessOptions):
    profile: EnterpriseProfile


class ProfileRead(BaseModel):
    id: int
    organisation_id: int
    profile: EnterpriseProfile


class ProfileSummary(BaseModel):
    id: int
    organisation_id: int
    name: str
    region_code: str | None
    years: list[int]


class PolicyIn(BaseModel):
    """A local policy an operator adds: catalog fields plus validated ``conditions``."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=512)
    issuer: str = ""
    doc_number: str = ""
    level: str = "local"
    region_code: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    text: str = ""
    url: str = ""
    conditions: JsonObject = Field(default_factory=dict)

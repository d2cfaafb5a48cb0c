"""API shapes of catalog records: ``ThingCreate``, ``ThingUpdate``, ``ThingRead``.

Create shapes validate what users and imports send; Update shapes are the same fields, all
optional; Read shapes add ids and timestamps. Field titles carry the Chinese label shown in
forms, import reports and OpenAPI.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from xinzhi.catalog.models import Confidentiality, DemandStatus, OrgKind, PersonKind, TrlScale
from xinzhi.common.bounded import JsonObject

_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _credit_code(value: str | None) -> str | None:
    """统一社会信用代码: 18 characters with the GB 32100-2015 check character."""
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if not _CREDIT_CODE.match(code):
        raise PydanticCustomError(
            "credit_code", "统一社会信用代码 must be 18 characters of GB 32100-2015's alphabet"
        )
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code, _CREDIT_WEIGHTS, strict=False))
    check = _CREDIT_ALPHABET[(31 - total % 31) % 31]
    if code[-1] != check:
        raise PydanticCustomError(
            "credit_check", "统一社会信用代码 check character should be {check}", {"check": check}
        )
    return code


def _region_code(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip()
    if not re.fullmatch(r"\d{6}", code):
        raise PydanticCustomError("region_code", "region code must be a six-digit GB/T 2260 code")
    return code


_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}(转[0-9]{1,6})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _phone(value: str) -> str:
    if value and not _PHONE.match(value):
        raise PydanticCustomError("phone", "a phone number is digits, spaces, +, - and ( )")
    return value


def _email(value: str) -> str:
    if value and not _EMAIL.match(value):
        raise PydanticCustomError("email", "an e-mail address looks like name@example.cn")
    return value


CreditCode = Annotated[str | None, AfterValidator(_credit_code)]
RegionCode = Annotated[str | None, AfterValidator(_region_code)]
Title = Annotated[str, Field(min_length=1, max_length=512)]
Wan = Annotated[float | None, Field(ge=0, description="万元")]
Phone = Annotated[str, Field("", max_length=64, title="联系电话"), AfterValidator(_phone)]
Email = Annotated[str, Field("", max_length=256, title="电子邮箱"), AfterValidator(_email)]


class Shape(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class RecordIn(Shape):
    external_id: str | None = Field(None, max_length=128, title="外部编号")
    source: str = Field("", max_length=128, title="来源")
    extra: JsonObject = Field(default_factory=dict, title="其他字段")


class ContactIn(Shape):
    """Who to contact about the record (demands and organisations)."""

    contact_name: str = Field("", max_length=64, title="联系人")
    contact_phone: Phone = ""
    contact_email: Email = ""


class OrganisationCreate(ContactIn, RecordIn):
    name: str = Field(min_length=1, max_length=256, title="单位名称")
    kind: OrgKind = Field(OrgKind.ENTERPRISE, title="单位类型")
    credit_code: CreditCode = Field(None, title="统一社会信用代码")
    region_code: RegionCode = Field(None, title="行政区划代码")
    address: str = Field("", title="地址")
    website: str = Field("", max_length=256, title="网址")
    description: str = Field("", title="简介")


class PersonCreate(RecordIn):
    name: str = Field(min_length=1, max_length=128, title="姓名")
    kind: PersonKind = Field(PersonKind.EXPERT, title="类型")
    organisation_id: int | None = Field(None, title="所在单位")
    title: str = Field("", max_length=64, title="职称")
    fields: list[str] = Field(default_factory=list, title="研究领域")
    email: str = Field("", max_length=256, title="邮箱")
    phone: str = Field("", max_length=64, title="电话")
    bio: str = Field("", title="简介")


class OwnedIn(RecordIn):
    owner_org_id: int | None = Field(None, title="所属单位")
    confidentiality: Confidentiality = Field(Confidentiality.PUBLIC, title="保密级别")


def _check_range(low: float | None, high: float | None, label: str) -> None:
    if low is not None and high is not None and low > high:
        raise PydanticCustomError(
            f"range_{label}",
            f"{label}: minimum {{low}} is above maximum {{high}}",
            {"low": f"{low:g}", "high": f"{high:g}"},
        )


class AchievementCreate(OwnedIn):
    title: Title = Field(title="成果名称")
    summary: str = Field("", title="成果简介")
    field: str = Field("", max_length=64, title="所属领域")
    discipline: str = Field("", max_length=64, title="学科")
    keywords: list[str] = Field(default_factory=list, title="关键词")
    trl: int | None = Field(None, ge=1, le=9, title="技术成熟度")
    trl_scale: TrlScale | None = Field(None, title="成熟度标准")
    transfer_mode: str = Field("", max_length=32, title="转化方式")
    price_min_wan: Wan = Field(None, title="价格下限(万元)")
    price_max_wan: Wan = Field(None, title="价格上限(万元)")
    region_code: RegionCode = Field(None, title="行政区划代码")

    @model_validator(mode="after")
    def _consistent(self) -> AchievementCreate:
        if self.trl is not None and self.trl_scale is None:
            raise PydanticCustomError(
                "trl_scale", "trl_scale is required when trl is given (nasa, eu or gbt)"
            )
        _check_range(self.price_min_wan, self.price_max_wan, "price")
        return self


class Indicator(Shape):
    name: str = Field(min_length=1, max_length=128)
    value: str = Field("", max_length=128)
    unit: str = Field("", max_length=32)


class DemandCreate(ContactIn, OwnedIn):
    title: Title = Field(title="需求名称")
    detail: str = Field("", title="需求描述")
    field: str = Field("", max_length=64, title="所属领域")
    keywords: list[str] = Field(default_factory=list, title="关键词")
    budget_min_wan: Wan = Field(None, title="预算下限(万元)")
    budget_max_wan: Wan = Field(None, title="预算上限(万元)")
    budget_text: str = Field("", max_length=64, title="预算")
    deadline: dt.date | None = Field(None, title="截止日期")
    published_on: dt.date | None = Field(None, title="发布日期")
    target_indicators: list[Indicator] = Field(default_factory=list, title="目标指标")
    poster_type: str = Field("", max_length=32, title="发布方类型")
    region_code: RegionCode = Field(None, title="行政区划代码")
    status: DemandStatus = Field(DemandStatus.OPEN, title="状态")

    @model_validator(mode="after")
    def _consistent(self) -> DemandCreate:
        _check_range(self.budget_min_wan, self.budget_max_wan, "budget")
        return self


class PatentCreate(RecordIn):
    pub_no: str = Field(min_length=3, max_length=32, title="公开号")
    app_no: str = Field("", max_length=32, title="申请号")
    app_date: dt.date | None = Field(None, title="申请日")
    pub_date: dt.date | None = Field(None, title="公开日")
    grant_date: dt.date | None = Field(None, title="授权日")
    title: Title = Field(title="专利名称")
    abstract: str = Field("", title="摘要")
    applicants: list[str] = Field(default_factory=list, title="申请人")
    inventors: list[str] = Field(default_factory=list, title="发明人")
    ipc_main: str = Field("", max_length=32, title="主分类号")
    ipc: list[str] = Field(default_factory=list, title="IPC分类号")
    cpc: list[str] = Field(default_factory=list, title="CPC分类号")
    legal_status: str = Field("", max_length=64, title="法律状态")
    address: str = Field("", title="地址")
    province: str = Field("", max_length=16, title="省份")
    region_code: RegionCode = Field(None, title="行政区划代码")
    cites: list[str] = Field(default_factory=list, title="引证专利")


class PolicyCreate(RecordIn):
    title: Title = Field(title="政策名称")
    issuer: str = Field("", max_length=256, title="发文机关")
    doc_number: str = Field("", max_length=128, title="文号")
    level: str = Field("national", max_length=16, title="层级")
    region_code: RegionCode = Field(None, title="行政区划代码")
    effective_from: dt.date | None = Field(None, title="生效日期")
    effective_to: dt.date | None = Field(None, title="失效日期")
    text: str = Field("", title="政策原文")
    conditions: JsonObject = Field(default_factory=dict, title="适用条件")
    url: str = Field("", max_length=512, title="链接")


class LinkCreate(Shape):
    source_type: str
    source_id: int
    target_type: str
    target_id: int
    relation: str = Field(min_length=1, max_length=32)
    note: str = ""


class RecordMeta(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    natural_key: str
    created_at: dt.datetime
    updated_at: dt.datetime


def update_shape(create: type[Shape]) -> type[Shape]:
    """The ``ThingUpdate`` shape: every field of ``ThingCreate`` optional, none defaulted."""
    fields: dict[str, Any] = {
        name: (Optional[info.annotation], Field(None, title=info.title))  # noqa: UP045
        for name, info in create.model_fields.items()
    }
    name = create.__name__.replace("Create", "Update")
    return create_model(name, __base__=Shape, **fields)


def read_shape(create: type[Shape]) -> type[BaseModel]:
    """The ``ThingRead`` shape: the create fields plus id, natural key and timestamps."""
    fields: dict[str, Any] = {
        name: (info.annotation, Field(title=info.title))
        for name, info in create.model_fields.items()
    }
    name = create.__name__.replace("Create", "Read")
    return create_model(name, __base__=RecordMeta, **fields)

"""Which column feeds which field: built-in aliases, a YAML mapping file and ``--map`` options.

Headers are compared after NFKC (full-width → half-width), lower-casing and removing all
whitespace and required-field stars, so ``公开（公告）号``, ``公开(公告)号`` and
``公开 (公告) 号 *`` are one header. A column that maps to no field is kept in the record's
``extra`` dict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.errors import InvalidInput

OWNER = "owner"
EXTRA = "extra"
EXTRA_PREFIX = "extra:"
ORG_FIELD = {
    "achievements": "owner_org_id",
    "demands": "owner_org_id",
    "experts": "organisation_id",
}
_OWNER_ALIASES = ("owner", "organisation", "organization", "单位名称", "企业名称", "所属单位")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "demands": {
        "title": ("需求名称", "需求标题", "demand_title", "标题", "名称"),
        "field": ("所属领域", "行业领域", "技术领域", "category", "领域"),
        "budget_text": ("预算", "预算金额", "投入预算", "budget_range", "budget"),
        "detail": ("需求描述", "需求详情", "需求内容", "demand_detail", "详情"),
        "external_id": ("需求编号", "demand_id", "编号"),
        "published_on": ("发布日期", "发布时间", "create_date"),
        "deadline": ("截止日期", "截止时间"),
        "keywords": ("关键词", "关键字"),
        OWNER: (*_OWNER_ALIASES, "需求单位", "发布单位"),
    },
    "achievements": {
        "title": ("成果名称", "项目名称", "名称", "标题"),
        "summary": ("成果简介", "abstract", "摘要", "简介", "成果介绍"),
        "keywords": ("关键词", "关键字"),
        "field": ("技术领域", "所属领域", "category", "行业领域"),
        "discipline": ("学科", "学科领域"),
        "trl": ("技术成熟度", "成熟度", "trl等级"),
        "transfer_mode": ("转化方式", "合作方式", "交易方式"),
        "external_id": ("成果编号", "编号"),
        OWNER: (*_OWNER_ALIASES, "完成单位", "持有单位", "第一完成单位"),
    },
    "patents": {
        "pub_no": ("公开号", "公开（公告）号", "公告号", "公开公告号"),
        "app_no": ("申请号",),
        "app_date": ("申请日",),
        "pub_date": ("公开日", "公开（公告）日", "公告日"),
        "grant_date": ("授权日", "授权公告日"),
        "title": ("名称", "专利名称", "标题", "发明名称"),
        "abstract": ("摘要",),
        "applicants": ("申请人", "申请（专利权）人", "专利权人"),
        "inventors": ("发明人", "发明（设计）人"),
        "ipc_main": ("主分类号", "ipc主分类号"),
        "ipc": ("分类号", "ipc", "ipc分类号"),
        "cpc": ("cpc", "cpc分类号"),
        "legal_status": ("法律状态", "当前法律状态"),
        "cites": ("引证", "引证专利", "cites_patents"),
        "address": ("地址", "申请人地址"),
        "province": ("province_guess", "省份", "申请人省份"),
    },
    "experts": {
        "name": ("姓名", "专家姓名"),
        "title": ("职称",),
        "fields": ("研究领域", "研究方向", "专业领域"),
        "email": ("邮箱", "电子邮箱", "e-mail"),
        "phone": ("电话", "联系电话", "手机"),
        "bio": ("简介", "个人简介"),
        "external_id": ("专家编号", "编号"),
        OWNER: (*_OWNER_ALIASES, "所在单位", "工作单位", "单位"),
    },
    "organisations": {
        "name": ("单位名称", "企业名称", "机构名称", "名称"),
        "kind": ("单位类型", "机构类型"),
        "credit_code": ("统一社会信用代码", "信用代码"),
        "region_code": ("行政区划代码",),
        "address": ("地址", "注册地址"),
        "website": ("网址", "官网"),
        "description": ("简介", "企业简介", "机构简介"),
    },
    "policies": {
        "title": ("政策名称", "标题", "名称"),
        "issuer": ("发文机关", "发布机构", "发文单位"),
        "doc_number": ("文号", "发文字号"),
        "effective_from": ("生效日期", "施行日期", "发布日期"),
        "effective_to": ("失效日期",),
        "text": ("政策原文", "正文", "内容"),
        "url": ("链接", "原文链接", "网址"),
        "level": ("层级", "政策层级"),
    },
}

_SPACE = re.compile(r"\s+")


def normalise_header(header: str) -> str:
    """Comparison form of a header: NFKC, lower case, no whitespace, no required-field stars."""
    text = unicodedata.normalize("NFKC", header).lower()
    return _SPACE.sub("", text).strip("*:")


def fields_of(entity: str) -> list[str]:
    """Fields a column may feed: the Create shape's fields (``extra`` is implicit) and owner."""
    names = [f for f in ENTITIES[entity].create.model_fields if f != EXTRA]
    return [*names, OWNER] if entity in ORG_FIELD else names


def known_headers(entity: str) -> dict[str, str]:
    """Normalised header → field: field names, the schema's Chinese titles, then aliases."""
    create = ENTITIES[entity].create
    known: dict[str, str] = {}
    for name, info in create.model_fields.items():
        if name == EXTRA:
            continue
        known[normalise_header(name)] = name
        if info.title:
            target = OWNER if name == ORG_FIELD.get(entity) else name
            known.setdefault(normalise_header(info.title), target)
    for name, aliases in ALIASES.get(entity, {}).items():
        for alias in (name, *aliases):
            known.setdefault(normalise_header(alias), name)
    return known


def required_fields(entity: str) -> list[str]:
    create = ENTITIES[entity].create
    return [name for name, info in create.model_fields.items() if info.is_required()]


def field_label(entity: str, name: str) -> str:
    """``需求名称 (title)``: how a field is named in messages."""
    info = ENTITIES[entity].create.model_fields.get(name)
    title = info.title if info is not None else ("单位名称" if name == OWNER else None)
    return f"{title} ({name})" if title else name


@dataclass
class ColumnMap:
    """Column index → field, and column index → key in ``extra`` for the unmapped columns."""

    headers: list[str]
    fields: dict[int, str]
    extra: dict[int, str]

    def header_of(self, field: str) -> str:
        for col, name in self.fields.items():
            if name == field:
                return self.headers[col]
        return field

    def mapped(self) -> set[str]:
        return set(self.fields.values())

    def as_report(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for col, header in enumerate(self.headers):
            out[header] = self.fields.get(col)
        return out


def resolve_columns(
    entity: str, headers: Sequence[str], overrides: Mapping[str, str] | None = None
) -> ColumnMap:
    """Map each column to a field (overrides first, then built-in aliases) or to ``extra``."""
    chosen = {normalise_header(k): _target(entity, v) for k, v in (overrides or {}).items()}
    known = known_headers(entity)
    fields: dict[int, str] = {}
    extra: dict[int, str] = {}
    for col, header in enumerate(headers):
        key = normalise_header(header)
        target = chosen.get(key) or known.get(key)
        if target is None or target == EXTRA:
            extra[col] = _extra_key(header, extra.values(), col)
        else:
            fields[col] = target
    _refuse_double_mapping(entity, headers, fields)
    _require(entity, headers, set(fields.values()))
    return ColumnMap(headers=list(headers), fields=fields, extra=extra)


def suggest_columns(
    entity: str, headers: Sequence[str], overrides: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Header → suggested field (or None), without refusing anything (for the upload preview)."""
    chosen = {normalise_header(k): _target(entity, v) for k, v in (overrides or {}).items()}
    known = known_headers(entity)
    out: dict[str, str | None] = {}
    for header in headers:
        key = normalise_header(header)
        target = chosen.get(key) or known.get(key)
        out[header] = None if target == EXTRA else target
    return out


def _target(entity: str, value: str) -> str:
    """Resolve a mapping target given as a field name, its Chinese title or a known alias."""
    wanted = normalise_header(value)
    if wanted == EXTRA:
        return EXTRA
    target = known_headers(entity).get(wanted)
    if target is None:
        raise InvalidInput(
            f"mapping target {value!r} is not a field of {entity}; choose one of: "
            f"{', '.join(fields_of(entity))} or extra"
        )
    return target


def _extra_key(header: str, taken: Any, col: int) -> str:
    key = header[len(EXTRA_PREFIX) :] if header.startswith(EXTRA_PREFIX) else header
    return key if key not in set(taken) else f"{key} ({col + 1})"


def _refuse_double_mapping(entity: str, headers: Sequence[str], fields: dict[int, str]) -> None:
    seen: dict[str, int] = {}
    for col, name in fields.items():
        if name in seen:
            first = headers[seen[name]]
            raise InvalidInput(
                f"columns {first!r} and {headers[col]!r} both map to "
                f"{field_label(entity, name)}; map one of them elsewhere with --map 'HEADER=field'"
            )
        seen[name] = col


def _require(entity: str, headers: Sequence[str], mapped: set[str]) -> None:
    missing = [f for f in required_fields(entity) if f not in mapped]
    if missing:
        names = ", ".join(field_label(entity, f) for f in missing)
        found = ", ".join(headers) or "(none)"
        raise InvalidInput(
            f"required column {names} is missing; headers found: {found}. "
            f"Map a column with --map 'HEADER={missing[0]}'",
            details=[{"row": 0, "column": f, "reason": "required column missing"} for f in missing],
        )


def load_mapping_file(path: Path) -> dict[str, str]:
    """A YAML file of ``column: field`` pairs."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"mapping file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"mapping file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InvalidInput(f"mapping file {path} must be a mapping of column: field")
    return {str(k): v for k, v in data.items()}


def parse_map_options(values: Sequence[str]) -> dict[str, str]:
    """``['需求名称=title', ...]`` → ``{'需求名称': 'title'}``."""
    out: dict[str, str] = {}
    for item in values:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise InvalidInput(f"--map expects HEADER=field, got {item!r}")
        out[header.strip()] = target.strip()
    return out

"""Read enterprise profiles from .json, .csv or .xlsx (one or many enterprises; docs/enterprise.md).

* JSON: one profile object, a list of them, or ``{"enterprises": [...]}`` in the schema of
  :class:`~xinzhi.enterprise.profiles.profile.EnterpriseProfile`.
* CSV / the first sheet of an .xlsx: one row per enterprise and year. Headers are the Chinese
  field titles (营业收入, 研发费用 …) or the field names, compared as the catalog importer does
  (NFKC, case and spaces ignored). Enterprise-level columns may sit on any of its rows.
* Further .xlsx sheets named 知识产权, 称号, 奖励, 研发机构, 标准 hold one item per row, with
  企业名称 naming the enterprise.

The catalog importer's readers (encodings, title rows, merged cells) and converters are reused.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from pydantic import BaseModel, ValidationError

from xinzhi.catalog.importing.convert import to_date, to_float, to_text, to_wan
from xinzhi.catalog.importing.mapping import normalise_header
from xinzhi.catalog.importing.readers import decode_text, file_format, read_bytes, read_table
from xinzhi.catalog.importing.table import is_blank, tabulate
from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise.profiles.profile import (
    Award,
    Declarations,
    EnterpriseProfile,
    IpItem,
    RdInstitution,
    Standard,
    Title,
    YearData,
)

NAME = "name"
TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE = {"否", "无", "n", "no", "false", "0", "×"}
VALUE_ALIASES = {
    "发明专利": "invention", "发明": "invention", "国防专利": "defense_patent",
    "植物新品种": "plant_variety", "国家级农作物品种": "crop_variety", "国家新药": "new_drug",
    "国家一级中药保护品种": "tcm_protection", "集成电路布图设计": "ic_layout",
    "集成电路布图设计专有权": "ic_layout", "实用新型": "utility_model", "外观设计": "design",
    "软件著作权": "software", "自主研发": "own", "受让": "transferred", "许可": "licensed",
    "国家级": "national", "省级": "provincial", "省部级": "provincial", "市级": "municipal",
    "市级以下": "below", "科技奖": "sci_tech", "质量奖": "quality", "中国专利奖": "china_patent",
    "创客中国": "makers_china", "高新技术企业": "high_tech", "创新型中小企业": "innovative_sme",
    "科技型中小企业": "tech_sme", "科技和创新型中小企业": "tech_innovative_sme",
    "专精特新中小企业": "specialised_sme", "专精特新小巨人": "little_giant",
    "小巨人": "little_giant", "制造业单项冠军": "single_champion", "国际标准": "international",
    "国家标准": "national", "行业标准": "industry", "团体标准": "group",
    "检测方法": "test_method", "技术规范": "technical_spec",
}  # fmt: skip
SHEETS: dict[str, tuple[str, type[BaseModel]]] = {
    "知识产权": ("ip", IpItem),
    "称号": ("titles", Title),
    "奖励": ("awards", Award),
    "研发机构": ("rd_institutions", RdInstitution),
    "标准": ("standards", Standard),
}
PROFILE_SCALARS = [
    f for f in EnterpriseProfile.model_fields if f not in {"years", "ip", "awards", "titles",
    "rd_institutions", "standards", "declarations", "expert_scores"}
]  # fmt: skip


def _headers(model: type[BaseModel], names: list[str] | None = None) -> dict[str, str]:
    """Normalised header → field for a model's field names and Chinese titles."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if names is not None and name not in names:
            continue
        out[normalise_header(name)] = name
        if info.title:
            out[normalise_header(info.title)] = name
    return out


YEAR_HEADERS = _headers(YearData)
SCALAR_HEADERS = {
    **_headers(EnterpriseProfile, PROFILE_SCALARS),
    normalise_header("单位名称"): NAME,
}
DECL_HEADERS = _headers(Declarations)


def read_profiles(path: Path, mapping: dict[str, str] | None = None) -> list[EnterpriseProfile]:
    """Every enterprise in ``path``. ``mapping`` names the field of a column the built-in
    headers do not know (``{"研发投入": "rd_expense"}``), as the catalog importer's ``--map``."""
    fmt, gzipped = file_format(path)
    if fmt == "json":
        text, _ = decode_text(read_bytes(path, gzipped), path.name)
        return _from_json(text, path.name)
    renames = _renames(mapping or {})
    table = read_table(path, lambda h: _is_header(renames.get(normalise_header(h), h)))
    headers = [renames.get(normalise_header(h), h) for h in table.headers]
    records = [dict(zip(headers, cells, strict=False)) for _, cells in table.rows]
    extra = _extra_sheets(read_bytes(path, gzipped), path.name) if fmt == "xlsx" else {}
    return _assemble(records, extra, path.name)


def _renames(mapping: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for header, target in mapping.items():
        if not _is_header(target):
            raise InvalidInput(f"mapping target {target!r} is not a profile field")
        out[normalise_header(header)] = target
    return out


def _is_header(header: str) -> bool:
    key = normalise_header(header)
    return key in YEAR_HEADERS or key in SCALAR_HEADERS or key in DECL_HEADERS


def _from_json(text: str, name: str) -> list[EnterpriseProfile]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = data.get("enterprises", [data])
    if not isinstance(data, list):
        raise InvalidInput(f'{name}: expected a profile, a list or {{"enterprises": [...]}}')
    return [_validate(item, f"{name} item {i}") for i, item in enumerate(data, 1)]


def _validate(data: Any, where: str) -> EnterpriseProfile:
    try:
        return EnterpriseProfile.model_validate(data)
    except ValidationError as exc:
        details = [
            {"where": where, "field": ".".join(map(str, e["loc"])), "reason": e["msg"]}
            for e in exc.errors()
        ]
        raise InvalidInput(f"{where}: the profile is invalid", details=details) from None


def cell(value: Any, annotation: Any) -> Any:
    """A spreadsheet cell as the field's type: 是/否, 万/亿 amounts, dates, Chinese enum labels."""
    if is_blank(value):
        return None
    kind = str(annotation)
    text = str(value).strip()
    if "bool" in kind and "float" not in kind:
        low = text.lower()
        if low in TRUE or low in FALSE:
            return low in TRUE
    if "date" in kind:
        return to_date(value)
    if "float" in kind or "int" in kind:
        number = to_wan(text.rstrip("%")) if isinstance(value, str) else to_float(value)
        return int(number) if "int" in kind and number.is_integer() else number
    text = to_text(value)
    return VALUE_ALIASES.get(text, text)


def _convert(
    record: dict[str, Any], headers: dict[str, str], model: type[BaseModel]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for header, value in record.items():
        field = headers.get(normalise_header(str(header)))
        if field is None or (field == NAME and model is not EnterpriseProfile):
            continue
        try:
            converted = cell(value, model.model_fields[field].annotation if field != NAME else str)
        except ValueError as exc:
            raise InvalidInput(f"{header}: {exc}") from None
        if converted is not None:
            out[field] = converted
    return out


def _assemble(
    records: list[dict[str, Any]], extra: dict[str, dict[str, list[dict[str, Any]]]], name: str
) -> list[EnterpriseProfile]:
    firms: dict[str, dict[str, Any]] = {}
    for n, record in enumerate(records, 1):
        scalars = _convert(record, SCALAR_HEADERS, EnterpriseProfile)
        key = str(scalars.get(NAME) or "").strip()
        if not key:
            raise InvalidInput(f"{name} row {n}: 企业名称 (name) is empty")
        firm = firms.setdefault(key, {"name": key, "years": [], "declarations": {}})
        for field, value in scalars.items():
            firm.setdefault(field, value)
        for field, value in _convert(record, DECL_HEADERS, Declarations).items():
            firm["declarations"].setdefault(field, value)
        year = _convert(record, YEAR_HEADERS, YearData)
        if year.get("year") is not None:
            firm["years"].append(year)
    for key, firm in firms.items():
        for field, items in extra.items():
            firm[field] = items.get(key, [])
    return [_validate(firm, f"{name}: {key}") for key, firm in firms.items()]


def _known_in(headers: dict[str, str]) -> Callable[[str], bool]:
    return lambda header: normalise_header(header) in headers


def _extra_sheets(raw: bytes, name: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Items of the 知识产权/称号/奖励/研发机构/标准 sheets, grouped by enterprise name."""
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    try:
        for sheet in book.worksheets[1:]:
            if sheet.title not in SHEETS:
                continue
            field, model = SHEETS[sheet.title]
            headers = {**_headers(model), normalise_header("企业名称"): NAME}
            rows = [(i, list(v)) for i, v in enumerate(sheet.iter_rows(values_only=True), 1)]
            table = tabulate(rows, _known_in(headers), "xlsx")
            grouped = out.setdefault(field, {})
            for _, cells in table.rows:
                record = dict(zip(table.headers, cells, strict=False))
                owner = next((str(v).strip() for h, v in record.items()
                              if headers.get(normalise_header(h)) == NAME and v), "")  # fmt: skip
                if owner:
                    grouped.setdefault(owner, []).append(_convert(record, headers, model))
    finally:
        book.close()
    return out

"""Cell → field value conversions, chosen from the type of each ``Create`` field.

Cells arrive as strings (CSV), Python values (Excel: numbers, datetimes) or JSON values. Each
converter returns the value pydantic then validates, or raises ``ValueError`` whose text is the
reason shown to the user for that cell.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from typing import Any

from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.text import split_list

Converter = Callable[[Any], Any]

# Multi-valued cells: the separators Chinese exports use ('_' joins CSL keywords). '/' is not one:
# it belongs inside IPC codes (H01M10/052) and names such as TCP/IP.
LIST_SEPARATORS = ";；,，、_|\n"
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Bare numbers in a date column are read as Excel serial days only from 1927 on (serial 10,000),
# so that a year such as 2020 is refused instead of becoming 1905-07-12.
EXCEL_SERIAL_RANGE = (10_000, 2_958_465)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\st].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_TRL = re.compile(r"^(?:trl)?\s*[-:]?\s*(\d)\s*级?$")
_WAN = re.compile(r"^(.*?)\s*(亿|万)?元?$")

ENUM_LABELS: dict[str, str] = {
    "公开": "public",
    "保密": "confidential",
    "不公开": "confidential",
    "企业": "enterprise",
    "公司": "enterprise",
    "高校": "university",
    "大学": "university",
    "科研院所": "institute",
    "研究院": "institute",
    "研究所": "institute",
    "园区": "park",
    "基金": "fund",
    "其他": "other",
    "专家": "expert",
    "经纪人": "broker",
    "技术经纪人": "broker",
    "待对接": "open",
    "已对接": "engaged",
    "已签约": "signed",
    "已解决": "solved",
    "已关闭": "closed",
    "关闭": "closed",
    "gb/t22900": "gbt",
    "gb/t22900-2022": "gbt",
}


def _plain(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def to_text(value: Any) -> str:
    """Any cell as text: whole floats lose their '.0' (Excel stores phone numbers as numbers)."""
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "；".join(to_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_number(value)
    text = _plain(value).lower()
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        raise ValueError(
            f"{value!s} is not a date (write it as 2020-07-31, 2020/7/31 or 2020年7月31日)"
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!s} is not a valid calendar date") from None


def _date_from_number(value: float) -> dt.date:
    number = int(value)
    if number == value and _COMPACT_DATE.match(str(number)):
        return to_date(str(number))
    low, high = EXCEL_SERIAL_RANGE
    if low <= value <= high:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raise ValueError(f"{value} is not a date")


def to_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _plain(value).replace("，", ",").replace(" ", "")
    if not _NUMBER.match(text):
        raise ValueError(f"{value!s} is not a number")
    return float(text.replace(",", ""))


def to_int(value: Any) -> int:
    number = to_float(value)
    if not number.is_integer():
        raise ValueError(f"{value!s} is not a whole number")
    return int(number)


def to_wan(value: Any) -> float:
    """An amount in 万元: a number, or a text with 万/亿/元 (``50万``, ``1.2亿``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = _WAN.match(_plain(value))
    number, unit = (match.group(1), match.group(2)) if match else (str(value), None)
    amount = to_float(number)
    return amount * 10_000 if unit == "亿" else amount


def to_trl(value: Any) -> int:
    """A technology readiness level 1–9: ``6``, ``TRL6``, ``TRL-6``, ``6级``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return to_int(value)
    match = _TRL.match(_plain(value).lower())
    if match is None:
        raise ValueError(f"{value!s} is not a readiness level (write a whole number 1–9)")
    return int(match.group(1))


def to_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [to_text(v) for v in value if to_text(v)]
    return split_list(to_text(value), LIST_SEPARATORS)


def to_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise ValueError("not valid JSON (this column holds structured data)") from None


def to_enum_value(value: Any) -> str:
    text = _plain(value)
    key = text.lower().replace(" ", "")
    return ENUM_LABELS.get(key, key)


def _bare(annotation: Any) -> Any:
    """``X | None`` → ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _by_type(annotation: Any) -> Converter:
    kind = _bare(annotation)
    origin = typing.get_origin(kind)
    if kind is dt.date:
        return to_date
    if kind is int:
        return to_int
    if kind is float:
        return to_float
    if origin is list:
        return to_list if typing.get_args(kind) == (str,) else to_json
    if kind is dict or origin is dict:
        return to_json
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return to_enum_value
    return to_text


def converter_for(entity: str, field: str) -> Converter:
    """The converter of one field of ``entity`` (the owner column is a plain organisation name)."""
    if field == "trl":
        return to_trl
    if field.endswith("_wan"):
        return to_wan
    info = ENTITIES[entity].create.model_fields.get(field)
    return to_text if info is None else _by_type(info.annotation)

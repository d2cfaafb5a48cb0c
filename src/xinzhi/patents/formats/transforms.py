"""Value transforms the patent format profiles name (``transforms: {field: name}``)."""

from __future__ import annotations

import re
from typing import Any

from xinzhi.common.regions import BY_CODE, region_code

_NUMBER_JUNK = re.compile(r"[\s/,]+")
_CN_CODE = re.compile(r"^\s*([^(（]*?)\s*[(（]\s*([0-9A-Za-z]+)\s*[)）]\s*$")


def patent_number(value: Any) -> Any:
    """``US 2014/0101323 A1`` → ``US20140101323A1``; ``CN 218751475 U`` → ``CN218751475U``.

    The form the USPTO reader and Chinese exports write, so one patent from two sources has one
    natural key.
    """
    return _NUMBER_JUNK.sub("", value).upper() if isinstance(value, str) else value


def cn_province(value: Any) -> Any:
    """The 国省代码 of Chinese exports, ``河南(41)`` → ``河南``; ``日本(JP)`` → ``日本``.

    A two-digit code names the province when the text does not (``(41)`` → 河南).
    """
    if not isinstance(value, str):
        return value
    match = _CN_CODE.match(value)
    if match is None:
        return value.strip()[:16]
    name, code = match.groups()
    if not name and code.isdigit():
        province = BY_CODE.get(f"{code}0000")
        return province.short if province is not None else ""
    code_of_name = region_code(name)
    if code_of_name is not None and code_of_name in BY_CODE:
        return BY_CODE[code_of_name].short
    return name[:16]


TRANSFORMS = {"patent_number": patent_number, "cn_province": cn_province}


def patent_numbers(value: Any) -> Any:
    """:func:`patent_number` on each item of a list (citations)."""
    return [patent_number(v) for v in value] if isinstance(value, list) else value


TRANSFORMS["patent_numbers"] = patent_numbers


def zero_empty(value: Any) -> Any:
    """A dump's ``0`` (or ``00000000``, ``0000-00-00``) for "no date" as an empty cell."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value == 0:
        return None
    if isinstance(value, str) and value.strip().strip("0-/.") == "":
        return None
    return value


TRANSFORMS["zero_empty"] = zero_empty

"""The 31 provincial-level divisions of the mainland with GB/T 2260 codes, and name cleaning.

Yearbook extracts spell provinces in full (浙江省), short (浙江), with spaces from the printed
table (浙   江), in English or pinyin, and with OCR damage (两藏 = 西藏). :func:`clean_regions` maps
all of them to codes or fails listing every name it could not map. The four macro-regions follow
国家统计局《东西中部和东北地区划分方法》(2011).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from xinzhi.core.errors import InvalidInput


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    short: str
    english: str
    macro_region: str


_EAST, _CENTRAL, _WEST, _NORTHEAST = "东部", "中部", "西部", "东北"

PROVINCES: tuple[Province, ...] = (
    Province("110000", "北京市", "北京", "Beijing", _EAST),
    Province("120000", "天津市", "天津", "Tianjin", _EAST),
    Province("130000", "河北省", "河北", "Hebei", _EAST),
    Province("140000", "山西省", "山西", "Shanxi", _CENTRAL),
    Province("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", _WEST),
    Province("210000", "辽宁省", "辽宁", "Liaoning", _NORTHEAST),
    Province("220000", "吉林省", "吉林", "Jilin", _NORTHEAST),
    Province("230000", "黑龙江省", "黑龙江", "Heilongjiang", _NORTHEAST),
    Province("310000", "上海市", "上海", "Shanghai", _EAST),
    Province("320000", "江苏省", "江苏", "Jiangsu", _EAST),
    Province("330000", "浙江省", "浙江", "Zhejiang", _EAST),
    Province("340000", "安徽省", "安徽", "Anhui", _CENTRAL),
    Province("350000", "福建省", "福建", "Fujian", _EAST),
    Province("360000", "江西省", "江西", "Jiangxi", _CENTRAL),
    Province("370000", "山东省", "山东", "Shandong", _EAST),
    Province("410000", "河南省", "河南", "Henan", _CENTRAL),
    Province("420000", "湖北省", "湖北", "Hubei", _CENTRAL),
    Province("430000", "湖南省", "湖南", "Hunan", _CENTRAL),
    Province("440000", "广东省", "广东", "Guangdong", _EAST),
    Province("450000", "广西壮族自治区", "广西", "Guangxi", _WEST),
    Province("460000", "海南省", "海南", "Hainan", _EAST),
    Province("500000", "重庆市", "重庆", "Chongqing", _WEST),
    Province("510000", "四川省", "四川", "Sichuan", _WEST),
    Province("520000", "贵州省", "贵州", "Guizhou", _WEST),
    Province("530000", "云南省", "云南", "Yunnan", _WEST),
    Province("540000", "西藏自治区", "西藏", "Tibet", _WEST),
    Province("610000", "陕西省", "陕西", "Shaanxi", _WEST),
    Province("620000", "甘肃省", "甘肃", "Gansu", _WEST),
    Province("630000", "青海省", "青海", "Qinghai", _WEST),
    Province("640000", "宁夏回族自治区", "宁夏", "Ningxia", _WEST),
    Province("650000", "新疆维吾尔自治区", "新疆", "Xinjiang", _WEST),
)
BY_CODE = {p.code: p for p in PROVINCES}

# OCR damage seen in the S&T yearbook extracts (shared/data/yearbook_panel/raw) and common
# alternative spellings. Keys are compared after spaces are removed and case is folded.
VARIANTS = {
    "两藏": "540000",
    "四藏": "540000",
    "xizang": "540000",
    "山两": "140000",
    "江四": "360000",
    "江两": "360000",
    "浙汀": "330000",
    "内蒙占": "150000",
    "内蒙": "150000",
    "neimenggu": "150000",
    "nei mongol": "150000",
    "shaanxi": "610000",
    "innermongolia": "150000",
}
# Rows that are sums over provinces, not provinces: dropped (and reported) rather than mapped.
AGGREGATES = {
    "全国",
    "合计",
    "总计",
    "全国合计",
    "东部地区",
    "中部地区",
    "西部地区",
    "东北地区",
    "东部",
    "中部",
    "西部",
    "东北",
    "尔部地区",
    "china",
    "national",
    "total",
}
_SUFFIXES = ("维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "特别行政区", "省", "市")
_SPACES = re.compile(r"[\s\u3000]+")


def _key(name: str) -> str:
    return _SPACES.sub("", name).casefold()


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for p in PROVINCES:
        for spelling in (p.code, p.code[:2], p.name, p.short, p.english):
            table[_key(spelling)] = p.code
    table.update({_key(k): v for k, v in VARIANTS.items()})
    return table


_LOOKUP = _lookup()


def region_code(name: object) -> str | None:
    """The GB/T 2260 code of a province name, short name, variant or code; ``None`` if unknown."""
    text = _key(str(name))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text in _LOOKUP:
        return _LOOKUP[text]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in _LOOKUP:
            return _LOOKUP[text[: -len(suffix)]]
    return None


def is_aggregate(name: object) -> bool:
    return _key(str(name)) in AGGREGATES


@dataclass(frozen=True)
class Cleaning:
    """How each distinct raw name was read: mapped to a code, or dropped as an aggregate."""

    codes: dict[str, str]
    dropped: list[str]

    @property
    def corrected(self) -> dict[str, str]:
        """Raw names that were not already a canonical short name (OCR damage, spaces…)."""
        return {raw: BY_CODE[c].short for raw, c in self.codes.items() if raw != BY_CODE[c].short}


def clean_regions(names: Iterable[object]) -> Cleaning:
    """Map every distinct name to a province code; fail with the full list of unmapped names."""
    codes: dict[str, str] = {}
    dropped: list[str] = []
    unknown: list[str] = []
    for raw in dict.fromkeys(str(n) for n in names):
        code = region_code(raw)
        if code is not None:
            codes[raw] = code
        elif is_aggregate(raw):
            dropped.append(raw)
        else:
            unknown.append(raw)
    if unknown:
        raise InvalidInput(
            f"{len(unknown)} region name(s) are not one of the 31 provinces: {', '.join(unknown)}",
            details=[{"region": name} for name in unknown],
        )
    return Cleaning(codes, dropped)


def short_name(code: str) -> str:
    return BY_CODE[code].short if code in BY_CODE else code


def macro_region(code: str) -> str:
    return BY_CODE[code].macro_region

"""Measurable targets in a demand's text: a quantity with its unit, operator and indicator name.

``效率提高到95%`` reads as (效率, >=, 95, %): INCOSE *Guide for Writing Requirements* (2019) rule
R6 /Accuracy/Units asks a requirement for values with units, so these are what make the
indicators element present.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_CLAUSE = re.compile(r"[，,、：:（）()\s]")

_UNITS = (
    "m²/g m2/g mL/g ml/g mg/L mg/l g/L mg/m³ mg/m3 g/m² g/m2 米/分钟 m/min m/s km/h r/min rpm "
    "转/分钟 转/分 次/分钟 件/小时 吨/年 吨/天 t/h kWh kwh MPa GPa kPa Pa kW kw MW GW kV kv mAh "
    "Ah mA kHz MHz GHz Hz dB mΩ Ω ppm ppb ‰ % ℃ °C μm um nm mm cm km 毫米 微米 纳米 厘米 公里 "
    "平方米 立方米 m³ m3 m² m2 kg mg 千克 公斤 毫克 毫升 mL ml 升 L 吨 克 小时 分钟 min 秒 ms "
    "个月 天 周 年 次 倍 个 台 套 件 片 层 道 级 目 W V N t g h s m 米 度"
).split()
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![A-Za-z\d.])(?P<v1>{_NUMBER})\s*(?:[-~～至到]\s*(?P<v2>{_NUMBER})\s*)?"
    rf"(?P<mult>万|千|亿)?\s*(?P<unit>{_UNIT})(?![A-Za-z])"
)
# Checked in order: negated and two-character forms before the plain ones they contain.
_OPS_BEFORE: tuple[tuple[str, str], ...] = (
    (r"(?:不低于|不少于|不小于|大于等于|至少|≥|>=)$", ">="),
    (r"(?:不高于|不大于|不超过|小于等于|最多|≤|<=)$", "<="),
    (r"(?:提高|提升|增加|增长|增大|延长)(?:到|至)$|达到$|达$|满足$", ">="),
    (r"(?:降低|减少|下降|缩短|减小|控制)(?:到|至|在)$|降至$", "<="),
    (r"(?:大于|高于|超过|>)$", ">"),
    (r"(?:小于|低于|<)$", "<"),
    (r"(?:±|\+/-)$", "±"),
    (r"(?:大约|约)$", "≈"),
    (r"(?:提高|提升|增加|增长|增大|延长)了?$", "increase_by"),
    (r"(?:降低|减少|下降|缩短|减小)了?$", "decrease_by"),
)
_OPS_AFTER: tuple[tuple[str, str], ...] = (
    (r"^(?:以上|及以上)", ">="),
    (r"^(?:以下|以内|及以下)", "<="),
    (r"^左右", "≈"),
)
TARGET_OPERATORS = frozenset({">=", ">", "<=", "<", "±", "increase_by", "decrease_by", "between"})
_TRAILING_NOISE = re.compile(r"(?:的|为|在|将|使|要求|需|目标|且|并|达到?|约|大约)+$")
_LEADING_NOISE = re.compile(r"^(?:现有|目前|目标|要求|其|且|并)+")
_NAME_SPLIT = re.compile(r"的|需要|要求|希望|实现|使|将|在|和|与|及|或|并|且|后|下")


@dataclass(frozen=True)
class Indicator:
    """A measurable target found in the text: 效率 ≥ 95 %."""

    indicator: str
    operator: str
    value: float
    unit: str
    value_max: float | None = None
    text: str = ""

    @property
    def is_target(self) -> bool:
        return self.operator in TARGET_OPERATORS

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "operator": self.operator,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "text": self.text,
        }


def parse_indicators(text: str) -> list[Indicator]:
    """Every quantity with a unit in ``text``, with its operator and the indicator it measures.

    ``效率提高到95%`` → (效率, >=, 95, %); ``成本降低30%`` → (成本, decrease_by, 30, %);
    ``精度≤0.5mm`` → (精度, <=, 0.5, mm); ``10~20mm`` → between. Four-digit years are skipped.
    """
    s = unicodedata.normalize("NFKC", text)
    found = []
    for m in _QUANTITY.finditer(s):
        value = float(m["v1"])
        if m["unit"] == "年" and 1900 <= value <= 2100:
            continue
        before = s[: m.start()].rstrip()
        clause = _CLAUSE.split(before)[-1]
        operator, name_part = _operator(clause, s[m.end() :])
        value_max = float(m["v2"]) if m["v2"] else None
        if value_max is not None:
            operator = "between"
        unit = (m["mult"] or "") + m["unit"]
        span = (clause[-12:] + s[m.start() : m.end()]).strip()
        found.append(Indicator(_indicator_name(name_part), operator, value, unit, value_max, span))
    return found


def _operator(clause: str, after: str) -> tuple[str, str]:
    """The operator written before (or after) a quantity, and the clause left for its name."""
    for pattern, op in _OPS_BEFORE:
        m = re.search(pattern, clause)
        if m:
            return op, clause[: m.start()]
    for pattern, op in _OPS_AFTER:
        if re.match(pattern, after):
            return op, clause
    return "=", clause


def _indicator_name(text: str) -> str:
    """The words just before the operator, after the last connective: 测量精度, 扫描速度."""
    text = _TRAILING_NOISE.sub("", text.strip())
    text = _NAME_SPLIT.split(text)[-1]
    text = re.split(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?", text)[-1]  # after the previous quantity
    text = re.sub(rf"^(?:{_UNIT})", "", text)
    return _LEADING_NOISE.sub("", text)[-10:]

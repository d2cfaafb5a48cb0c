"""Assessment results in words a person reads: 是/否 for ``True``/``False``, 未知 for ``None``,
profile paths (``years[2023].equity_financing``) as 2023 年度·新增股权融资, and the engine's
short English details (``none since 2023``) in Chinese.

The rule engine keeps its results in a stable, language-neutral shape (they are stored and
compared); this module is the one place that turns them into the page's language. A detail it
does not know is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel

from xinzhi.common.web.i18n import Translator
from xinzhi.enterprise.profiles.profile import EnterpriseProfile

_PATH = re.compile(r"^(?P<name>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>.+))?$")
GRADES = {"high_value_i": "Ⅰ类高价值", "own_i": "自主研发Ⅰ类", "i": "Ⅰ类", "I": "Ⅰ类",
          "ii": "Ⅱ类", "II": "Ⅱ类", "none": "无"}  # fmt: skip
RISK = {"green": "正常", "yellow": "关注", "orange": "预警", "red": "高风险", "unknown": "未评估"}

Sub = Callable[[re.Match[str], Translator], str]


def _titles(match: re.Match[str], t: Translator) -> str:
    return "没有有效的" + "、".join(t.value(k.strip()) for k in match[1].split(","))


def _institution(match: re.Match[str], t: Translator) -> str:
    return f"没有{t.value(match[1])}及以上研发机构"


def _valid_to(match: re.Match[str], t: Translator) -> str:
    until = "长期" if match[2] in ("—", "None", "") else match[2]
    return f"{t.value(match[1])}，有效期至 {until}"


# The engine's details (rules/metrics*.py, checks.py, packs.py) and their Chinese.
DETAILS: tuple[tuple[re.Pattern[str], str | Sub], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^none since (\d{4})$", r"\1 年以来没有"),
        (r"^(\d{4})–(\d{4}): (\d+) years?$", r"\1–\2 年：\3 年"),
        (r"^Ⅰ类 present$", "有Ⅰ类知识产权"),
        (r"^(\d+) Ⅰ类, (\d+) Ⅱ类 counted$", r"计入Ⅰ类 \1 项、Ⅱ类 \2 项"),
        (r"^(\d+) counted$", r"计入 \1 项"),
        (r"^expert judgement .*$", "需专家评分"),
        (r"^(\d+) standard\(s\) since (\d{4})$", r"\2 年以来 \1 项标准"),
        (r"^(\d+) standard\(s\)$", r"\1 项标准"),
        (r"^the MIIT platform score of (\d{4}) is not in the profile$",
         r"画像中没有 \1 年度专精特新发展评价得分"),
        (r"^not checked on review$", "复核时不检查"),
        (r"^not checked on new$", "新申请时不检查"),
        (r"^cannot be computed from data$", "无法由数据计算，需人工判断"),
        (r"^(\d+) of (\d+) items$", r"\2 项中满足 \1 项"),
        (r"^.*: missing data$", "缺少数据"),
        (r"^.*: needs manual review$", "需人工审核"),
        (r"^no valid title of (.+)$", _titles),
        (r"^(\d+) institution\(s\)$", r"\1 个研发机构"),
        (r"^no R&D institution at (\w+) level or above$", _institution),
        (r"^(\d+) Ⅱ类 item\(s\)$", r"Ⅱ类 \1 项"),
        (r"^registered (.+)$", r"成立于 \1"),
        (r"^platform score (.+)$", r"评价得分 \1"),
        (r"^(.+): eligible$", "符合"),
        (r"^(.+): not eligible$", "不符合"),
        (r"^(\S+) is 0: the ratio is undefined$", "分母为 0，比例无法计算"),
        (r"^Σ(\S+) is 0$", "分母为 0，比例无法计算"),
        (r"^(\S+) of the earlier year is (.+): growth undefined$", r"上一年为 \2，增长率无法计算"),
        (r"^sum of (.+) = (.+)$", r"\1 合计 = \2"),
        (r"^min of (.+) = (.+)$", r"\1 中最小 = \2"),
        (r"^mean of (.+) = (.+)$", r"\1 平均 = \2"),
        (r"^mean\((.+)\)$", r"\1 的平均"),
        (r"^(.+) conversions / (\d+) years = (.+)$", r"\1 项成果转化 / \2 年 = \3"),
        (r"^(\w+) valid to (.*)$", _valid_to),
    )
)  # fmt: skip
_FAILING = re.compile(r"^(?P<text>.*): (?P<value>.*) \(needs (?P<threshold>.*)\)$")
_NONE_HOLDS = re.compile(r"^(?P<text>.*): none of the alternatives holds$")


def _field_title(shape: type[BaseModel], name: str) -> tuple[str, type[BaseModel] | None]:
    info = shape.model_fields.get(name)
    if info is None:
        return name, None
    candidates = [info.annotation, *get_args(info.annotation)]  # X, list[X], X | None
    nested = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)),
                  None)  # fmt: skip
    return info.title or name, nested


@dataclass(frozen=True)
class Presenter:
    """Formatting helpers handed to the result template as ``fmt``."""

    t: Translator

    def value(self, raw: Any) -> str:
        if self.t.lang != "zh":
            return "—" if raw is None else str(raw)
        if raw is None:
            return "未知"
        if isinstance(raw, bool):
            return "是" if raw else "否"
        if isinstance(raw, float):
            return f"{raw:.2f}".rstrip("0").rstrip(".")
        text = str(raw)
        return GRADES.get(text) or self.t.value(text)

    def threshold(self, raw: str) -> str:
        if self.t.lang != "zh" or not raw.startswith("is "):
            return raw
        return self.value({"True": True, "False": False}.get(raw[3:], raw[3:]))

    def detail(self, raw: str) -> str:
        if self.t.lang != "zh" or not raw:
            return raw
        for pattern, replacement in DETAILS:
            match = pattern.match(raw)
            if match:
                return (
                    replacement(match, self.t)
                    if callable(replacement)
                    else match.expand(replacement)
                )
        return raw

    def shown(self, detail: str, value: Any) -> str:
        """The 企业数值 cell: the engine's detail when it has one, else the value."""
        return self.detail(detail) if detail else self.value(value)

    def field(self, path: str) -> str:
        """``years[2023].equity_financing`` → 2023 年度·新增股权融资; ``ip[0].applied`` →
        知识产权第 1 项·已应用并产生效益."""
        if self.t.lang != "zh":
            return path
        parts: list[str] = []
        shape: type[BaseModel] | None = EnterpriseProfile
        rest: str | None = path
        while rest and shape is not None:
            match = _PATH.match(rest)
            if match is None:
                return path
            title, nested = _field_title(shape, match["name"])
            index = match["index"]
            if index is not None and match["name"] == "years":
                title = f"{index} 年度"
            elif index is not None:
                title = f"{title}第 {int(index) + 1} 项"
            parts.append(title)
            shape, rest = nested, match["rest"]
        return "·".join(parts) if not rest else path

    def failing(self, line: str) -> str:
        if self.t.lang != "zh":
            return line
        match = _FAILING.match(line)
        if match:
            value = {"True": "是", "False": "否", "None": "未知"}.get(
                match["value"], match["value"]
            )
            return f"{match['text']}：{value}（要求：{self.threshold(match['threshold'])}）"
        match = _NONE_HOLDS.match(line)
        return f"{match['text']}：所列情形均不满足" if match else line

    def risk(self, level: str) -> str:
        return RISK.get(level, level) if self.t.lang == "zh" else level

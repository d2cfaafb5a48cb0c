"""Budget and price texts of Chinese listings → a range in 万元 (ten thousand yuan).

Listings write amounts as ``10~50万``, ``50-200万元``, ``100万以上``, ``>200万``, ``<1万``,
``1亿``, ``5000元`` or ``面议`` (negotiable). The raw text is always kept beside the range; a text
this parser does not understand gives no range rather than a guessed one.
"""

from __future__ import annotations

import re
import unicodedata

Range = tuple[float | None, float | None]

UNITS_WAN = {"亿": 10_000.0, "千万": 1_000.0, "百万": 100.0, "万": 1.0, "千": 0.1, "元": 0.0001}
NEGOTIABLE = ("面议", "协商", "商议", "议价", "待定", "不限", "另议")
AT_LEAST = (">", "≥", "以上", "大于", "超过", "不低于", "不少于", "起")
AT_MOST = ("<", "≤", "以下", "以内", "小于", "不超过", "低于", "不高于")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(亿|千万|百万|万|千|元)?")
_NOISE = re.compile(r"[\s,，¥￥]|人民币|rmb|左右|约")
_RANGE = re.compile(r"\d(?:亿|千万|百万|万|千|元)?[-~—–至到]")


def parse_budget(text: str, default_unit: str | None = None) -> Range | None:
    """``(min, max)`` in 万元; ``(None, None)`` for 面议; ``None`` when not understood.

    ``default_unit`` applies to bare numbers (e.g. a column headed ``预算（万元）``).
    """
    s = _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())
    amounts = _AMOUNT.findall(s)
    if not amounts:
        return (None, None) if any(w in s for w in NEGOTIABLE) else None
    if len(amounts) > 2 or (len(amounts) == 2 and not _RANGE.search(s)):
        return None
    fallback = next((u for _, u in reversed(amounts) if u), default_unit)
    if fallback is None:
        return None
    values = [round(float(n) * UNITS_WAN[u or fallback], 4) for n, u in amounts]
    return _bounds(s, values)


def _bounds(s: str, values: list[float]) -> Range | None:
    if len(values) == 2:
        low, high = values
        return (low, high) if low <= high else None
    (value,) = values
    if any(w in s for w in AT_LEAST):
        return (value, None)
    if any(w in s for w in AT_MOST):
        return (None, value)
    return (value, value)

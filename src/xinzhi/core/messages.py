"""Validation messages in Chinese first, English after: users of import reports and forms read
Chinese, scripts and logs keep the English words they can search for.

pydantic's error types are stable identifiers (https://docs.pydantic.dev/latest/errors/
validation_errors/); the common ones get a Chinese sentence, the rest keep pydantic's text.
"""

from __future__ import annotations

from typing import Any

_ZH: dict[str, str] = {
    "missing": "必填项为空",
    "string_too_short": "内容过短（至少 {min_length} 个字符）",
    "string_too_long": "内容过长（最多 {max_length} 个字符）",
    "too_short": "条目过少（至少 {min_length} 项）",
    "too_long": "条目过多（最多 {max_length} 项）",
    "greater_than_equal": "数值应不小于 {ge}",
    "greater_than": "数值应大于 {gt}",
    "less_than_equal": "数值应不大于 {le}",
    "less_than": "数值应小于 {lt}",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是/否",
    "date_from_datetime_parsing": "日期格式无法识别",
    "date_parsing": "日期格式无法识别",
    "enum": "取值应为 {expected} 之一",
    "literal_error": "取值应为 {expected} 之一",
    "extra_forbidden": "不支持的字段",
    "string_pattern_mismatch": "格式不符合要求",
}


def error_reason(err: dict[str, Any]) -> str:
    """``中文说明 (English message)`` for one pydantic error dict."""
    english = str(err.get("msg", "")).removeprefix("Value error, ")
    kind = str(err.get("type", ""))
    if kind == "missing":
        english = "required value is empty"
    template = _ZH.get(kind)
    if template is None:
        return english
    try:
        chinese = template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        chinese = template.split("（")[0]
    return f"{chinese} ({english})"

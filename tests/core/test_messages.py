"""Validation messages: Chinese first, English kept, for the common pydantic error types."""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationError

from xinzhi.core.messages import error_reason


class _Shape(BaseModel):
    title: str = Field(min_length=1, max_length=5)
    trl: int = Field(ge=1, le=9)


def _reasons(data: dict[str, object]) -> dict[str, str]:
    try:
        _Shape.model_validate(data)
    except ValidationError as exc:
        return {str(e["loc"][0]): error_reason(dict(e)) for e in exc.errors()}
    raise AssertionError("expected a validation error")


def test_common_errors_read_in_chinese_with_the_english_kept() -> None:
    reasons = _reasons({"title": "太长的成果名称", "trl": 12})
    assert reasons["title"] == "内容过长（最多 5 个字符） (String should have at most 5 characters)"
    assert reasons["trl"].startswith("数值应不大于 9 (")
    assert _reasons({"trl": "三"})["title"] == "必填项为空 (required value is empty)"
    assert _reasons({"title": "x", "trl": "三"})["trl"].startswith("应为整数 (")


def test_unknown_error_types_keep_pydantic_text() -> None:
    assert error_reason({"type": "made_up", "msg": "Value error, odd"}) == "odd"

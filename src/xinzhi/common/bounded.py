"""Free-form JSON fields (a record's ``extra``, a policy's ``conditions``) with a bounded shape.

A field that takes any JSON took a 260-level nested object: it was stored, and then every list
that showed it failed to serialise (pydantic stops at its own depth limit), so one request broke
GET /demands and GET /audit for everyone (issue #12). The shape is checked on the way in, where
a 422 names the field, before anything is written.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator

MAX_JSON_DEPTH = 16  # nesting levels below the field itself; imports use 1–2
MAX_JSON_CHARS = 1_000_000  # of the field as compact JSON text


def json_depth(value: Any) -> int:
    """How deeply ``value`` nests dicts and lists (0 for a scalar), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            deepest = max(deepest, depth)
            continue
        deepest = max(deepest, depth + 1)
        if depth + 1 > MAX_JSON_DEPTH:  # no need to walk further
            return depth + 1
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_json(value: Any) -> Any:
    """``value`` if its nesting and size are within bounds; a ``ValueError`` saying which."""
    depth = json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise ValueError(
            f"嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）(nested more than {MAX_JSON_DEPTH} levels)"
        )
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))
    if size > MAX_JSON_CHARS:
        raise ValueError(
            f"内容过大（最多 {MAX_JSON_CHARS} 个字符）(larger than {MAX_JSON_CHARS} characters)"
        )
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(check_json)]
JsonList = Annotated[list[Any], AfterValidator(check_json)]

"""Strict JSON from analytics results: NaN and ±inf become ``None`` (JSON has neither), through
nested dicts and lists. Its own small module so the CLI can use it without loading pandas."""

from __future__ import annotations

import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value

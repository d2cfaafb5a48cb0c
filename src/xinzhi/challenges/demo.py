"""Demo (placeholder)."""

from typing import Any


def load(db: Any) -> dict[str, Any]:
    return {}

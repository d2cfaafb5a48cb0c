"""The base of every explainable result: plain ``to_dict()`` for JSON, ``to_frame()`` for pandas."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """NumPy and pandas values as JSON-ready Python values (arrays as nested lists)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.DataFrame):
        return value.to_dict(orient="split")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class Explained:
    """Mixin for result dataclasses: every field (intermediates and parameters) in ``to_dict``."""

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = plain(self)
        return result

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - every result overrides it
        raise NotImplementedError

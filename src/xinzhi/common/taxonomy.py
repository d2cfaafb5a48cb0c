"""The field taxonomy's data: 《国家重点支持的高新技术领域》 (国科发火〔2016〕32号) fields.

``data/fields.yaml`` (written by us from the public document) lists its eight fields, their
sub-fields and the labels real listings use as aliases. Matching compares fields through it
(:mod:`xinzhi.matching.taxonomy`); forms offer its fields as choices.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The parsed ``fields.yaml``: source, version and ``fields`` (top → aliases, children)."""
    path = resources.files("xinzhi.common").joinpath("data/fields.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def choices() -> list[tuple[str, list[str]]]:
    """Each top field with its sub-fields, in the document's order (for a form's field picker)."""
    return [
        (top, list((spec.get("children") or {}).keys())) for top, spec in load()["fields"].items()
    ]

"""Lazy public names for analytics packages: ``xinzhi.indices`` and ``xinzhi.patents`` expose
their functions at package level without importing NumPy/SciPy until one is used."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(
    package: str,
    namespace: dict[str, Any],
    module_of: Mapping[str, str],
    aliases: Mapping[str, str] | None = None,
) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``package.<module_of[name]>`` on first access."""

    def resolve(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        target = (aliases or {}).get(name, name)
        value = getattr(importlib.import_module(f"{package}.{module}"), target)
        namespace[name] = value
        return value

    return resolve

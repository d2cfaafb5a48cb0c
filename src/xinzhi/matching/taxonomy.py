"""The field taxonomy: a parent field matches its children, not only the same string.

``common/data/fields.yaml`` (read by :mod:`xinzhi.common.taxonomy`) holds the eight fields of
《国家重点支持的高新技术领域》 (国科发火〔2016〕32号) with their sub-fields and the labels our
catalog uses as aliases. A label resolves to a node
(top field, or top field + sub-field); two labels fit when one node contains the other
(``same``), share a top field (``related``), or differ (``different``). A label outside the
taxonomy is compared as a string, and an unknown pair is ``unknown`` rather than "different".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from xinzhi.common.taxonomy import load

Node = tuple[str, ...]  # (top,) or (top, sub)


def _norm(label: str) -> str:
    return unicodedata.normalize("NFKC", label).strip().lower()


@lru_cache(maxsize=1)
def nodes() -> dict[str, Node]:
    """Normalised label → node, from the shipped file (duplicate aliases are refused)."""
    data = load()
    out: dict[str, Node] = {}

    def put(label: str, node: Node) -> None:
        key = _norm(label)
        if key in out and out[key] != node:
            raise ValueError(f"fields.yaml: {label!r} is under both {out[key]} and {node}")
        out[key] = node

    for top, spec in data["fields"].items():
        put(top, (top,))
        for alias in spec.get("aliases") or []:
            put(alias, (top,))
        for sub, aliases in (spec.get("children") or {}).items():
            put(sub, (top, sub))
            for alias in aliases or []:
                put(alias, (top, sub))
    return out


def resolve(label: str) -> Node | None:
    return nodes().get(_norm(label)) if label else None


def field_fit(query_field: str, doc_field: str) -> str:
    """``same`` / ``related`` / ``different`` / ``unknown`` for two field labels (pure)."""
    if not query_field or not doc_field:
        return "unknown"
    if _norm(query_field) == _norm(doc_field):
        return "same"
    a, b = resolve(query_field), resolve(doc_field)
    if a is None or b is None:
        return "unknown"
    if a[: len(b)] == b or b[: len(a)] == a:
        return "same"  # equal, or one is the other's parent
    return "related" if a[0] == b[0] else "different"


def expand(label: str) -> tuple[str, ...]:
    """Every label of ``label``'s node and of the nodes under it (a field filter's reach)."""
    node = resolve(label)
    if node is None:
        return (label,)
    under = {key for key, other in nodes().items() if other[: len(node)] == node}
    return tuple(sorted({label} | under | {k.upper() for k in under}))  # 5g → 5G as stored

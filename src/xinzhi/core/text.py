"""Chinese-aware text helpers: normalisation, segmentation and title similarity.

Segmentation uses rjieba (jieba's dictionary and algorithm in Rust; same tokens as jieba,
about 13× faster). Index text is cut in search mode (adds the sub-words of long words) and
queries in precise mode, so a query for 电池 finds 锂电池 and a query for 锂电池 stays precise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import rjieba

STOPWORDS = frozenset(
    (
        "的 了 和 与 及 或 等 在 对 于 是 为 以 及其 一种 一个 其 该 所述 进行 通过 用于 基于 "
        "and or of the a an in on for to with by"
    ).split()
)
_WORDLIKE = re.compile(r"\w", re.UNICODE)
_TITLE_NOISE = re.compile(r"[【\[（(].{0,12}?[】\]）)]|[\W_]+", re.UNICODE)


def normalise(value: str) -> str:
    """NFKC (full-width → half-width), lower case, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFKC", value).lower().split())


def _keep(token: str) -> bool:
    token = token.strip()
    return bool(token) and token not in STOPWORDS and bool(_WORDLIKE.search(token))


def index_tokens(text: str) -> list[str]:
    """Tokens to index a document by (jieba search mode)."""
    return [t for t in (s.strip() for s in rjieba.cut_for_search(normalise(text))) if _keep(t)]


def query_tokens(text: str) -> list[str]:
    """Tokens of a user query (jieba precise mode), de-duplicated in order."""
    seen: dict[str, None] = {}
    for token in rjieba.cut(normalise(text)):
        token = token.strip()
        if _keep(token):
            seen.setdefault(token, None)
    return list(seen)


def title_key(title: str) -> str:
    """A comparison key for titles: bracketed tags like 【寻求合作】 and punctuation removed."""
    return _TITLE_NOISE.sub("", normalise(title))


def bigrams(text: str) -> frozenset[str]:
    key = title_key(text)
    if len(key) < 2:
        return frozenset({key}) if key else frozenset()
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def split_list(value: str | Iterable[str] | None, seps: str = ";；,，、_|/\n") -> list[str]:
    """Split a multi-valued cell (keywords, inventors…) on the separators Chinese exports use."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [str(v).strip() for v in value if str(v).strip()]
    parts = re.split("[" + re.escape(seps) + "]", value)
    return [p.strip() for p in parts if p.strip()]

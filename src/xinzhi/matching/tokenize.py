"""Lexical tokens for matching: jieba search mode with a domain dictionary.

Documents and queries are both cut in jieba's search mode (long words plus their dictionary
sub-words), the convention of the BM25 baseline the issue measures against, so that 钙钛矿电池
in a query matches 钙钛矿 and 电池 in a document and the reverse. The matching tokenizer is its
own ``rjieba.Jieba`` instance: the bundled domain dictionary (``data/domain_terms.txt``) and a
user dictionary (setting ``matching_dictionary``) change matching tokens only, never the
catalog's full-text index, whose stored tokens would otherwise go stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import rjieba

from xinzhi.core.text import STOPWORDS, normalise

TOKENIZER_VERSION = "jieba-search+domain-1"
GENERIC = frozenset(
    (
        "一种 方法 装置 系统 及其 技术 研究 应用 设备 基于 用于 以及 相关 实现 提供 进行 "
        "公司 企业 利用 大于 小于 以上 以下 具有 可以 能够 需要 寻求 合作 问题"
    ).split()
)


def bundled_terms() -> list[str]:
    text = resources.files("xinzhi.matching").joinpath("data/domain_terms.txt").read_text("utf-8")
    return read_terms(text.splitlines())


def read_terms(lines: Iterable[str]) -> list[str]:
    """Terms from dictionary lines (``term [freq [tag]]``, ``#`` comments), as jieba reads them."""
    terms = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line.split()[0])
    return terms


class Tokenizer:
    """Search-mode tokens over jieba's dictionary plus domain terms."""

    def __init__(self, extra_dictionary: Path | None = None) -> None:
        self._jieba = rjieba.Jieba()
        self.terms = bundled_terms()
        if extra_dictionary is not None:
            self.terms += read_terms(Path(extra_dictionary).read_text("utf-8").splitlines())
        for term in self.terms:
            self._jieba.add_word(normalise(term), None, None)

    def tokens(self, text: str) -> list[str]:
        """Every search-mode token of ``text`` (repeats kept: BM25 counts them)."""
        out = []
        for token in self._jieba.cut_for_search(normalise(text)):
            token = token.strip()
            long_enough = len(token) > 1 or (token.isalnum() and not token.isascii())
            if long_enough and token not in STOPWORDS and any(ch.isalnum() for ch in token):
                out.append(token)
        return out

    def key_terms(self, text: str) -> list[str]:
        """Distinct content terms of two or more characters in first-seen order (for
        explanations and highlighting; single characters match too often to explain anything)."""
        seen: dict[str, None] = {}
        for token in self.tokens(text):
            if len(token) > 1 and token not in GENERIC:
                seen.setdefault(token, None)
        return list(seen)


@lru_cache(maxsize=4)
def get_tokenizer(extra_dictionary: str | None = None) -> Tokenizer:
    return Tokenizer(Path(extra_dictionary) if extra_dictionary else None)

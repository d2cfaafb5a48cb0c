"""Text-side ranking components for the demand and patent experiments (bench only).

Each system maps a query text to a ranked list of corpus ids; all share one corpus, its tokens
(the engine's matching tokenizer) and its e5-small vectors (ONNX runtime):

- ``bm25``: the baseline of ``evaluation.bm25_baseline`` (jieba search mode, bm25s);
- ``dense``: e5-small cosine alone;
- ``hybrid``: the engine today — RRF (k = 60) of BM25 over the matching tokens and dense;
- ``field``: field-aware BM25: BM25 over the whole text plus ``title_boost`` × BM25 over the
  title alone (a linear per-field combination; Robertson, Zaragoza & Taylor, CIKM 2004, show
  BM25F is the principled form — with titles this short the two coincide closely);
- ``expand``: query tokens plus synonyms and dictionary terms from ``data/synonyms.txt``,
  the expansion tokens weighted ``expansion_weight``;
- fusion with per-ranking weights (weighted RRF), learned per query-length bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

import bm25s
import numpy as np

from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.evaluation import baseline_tokens
from xinzhi.matching.fusion import rrf
from xinzhi.matching.tokenize import get_tokenizer


def synonym_groups() -> list[list[str]]:
    text = resources.files("xinzhi.matching").joinpath("data/synonyms.txt").read_text("utf-8")
    return [line.split() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _index(token_lists: list[list[str]]) -> bm25s.BM25:
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index([t or [""] for t in token_lists], show_progress=False)
    return index


def _scores(index: bm25s.BM25, tokens: Sequence[str], n: int) -> np.ndarray:
    if not tokens:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(index.get_scores(list(tokens)), dtype=np.float32)


def _top(scores: np.ndarray, ids: list[str], k: int) -> list[str]:
    top = np.argsort(-scores, kind="stable")[:k]
    return [ids[j] for j in top if scores[j] > 0]


@dataclass
class TextSystems:
    ids: list[str]
    titles: list[str]
    texts: list[str]
    vectors: np.ndarray
    embedder: E5SmallEmbedder
    depth: int = 100
    _query_vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tok = get_tokenizer()
        self.tokenizer = tok
        self.n = len(self.ids)
        self.base = _index([baseline_tokens(t) for t in self.texts])
        self.all = _index([tok.tokens(t) for t in self.texts])
        self.title = _index([tok.tokens(t) for t in self.titles])
        self.groups = synonym_groups()

    # components ------------------------------------------------------------------------
    def qvec(self, text: str) -> np.ndarray:
        if text not in self._query_vectors:
            self._query_vectors[text] = self.embedder.embed_queries([text])[0]
        return self._query_vectors[text]

    def bm25(self, text: str) -> list[str]:
        return _top(_scores(self.base, baseline_tokens(text), self.n), self.ids, self.depth)

    def dense(self, text: str) -> list[str]:
        return _top(self.vectors @ self.qvec(text) + 2.0, self.ids, self.depth)

    def expansion(self, tokens: Sequence[str]) -> list[str]:
        have = set(tokens)
        extra: list[str] = []
        for group in self.groups:
            if have & set(group):
                extra += [t for g in group if g not in have for t in self.tokenizer.tokens(g)]
        return extra

    def lexical(
        self, text: str, title_boost: float = 0.0, expansion_weight: float = 0.0
    ) -> list[str]:
        tokens = self.tokenizer.tokens(text)
        scores = _scores(self.all, tokens, self.n)
        if title_boost:
            scores += title_boost * _scores(self.title, tokens, self.n)
        if expansion_weight:
            extra = self.expansion(tokens)
            scores += expansion_weight * _scores(self.all, extra, self.n)
        return _top(scores, self.ids, self.depth)

    def fused(
        self,
        text: str,
        w_lex: float = 1.0,
        w_dense: float = 1.0,
        title_boost: float = 0.0,
        expansion_weight: float = 0.0,
    ) -> list[str]:
        lists = {
            "lexical": self.lexical(text, title_boost, expansion_weight),
            "dense": self.dense(text),
        }
        out = rrf(lists, weights={"lexical": w_lex, "dense": w_dense})
        return [key for key, _, _ in out[: self.depth]]


def length_bucket(text: str) -> str:
    """'short' (≤ 40 characters: titles, keyword queries) or 'long' (demand texts)."""
    return "short" if len(text) <= 40 else "long"

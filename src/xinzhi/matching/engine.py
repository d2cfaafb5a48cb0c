"""The retrieval engine: one interface over either backend.

``Retriever`` tokenises and embeds (documents in batches, a query once), asks the backend for
lexical and dense candidates under the same filters, and fuses them. Dense candidates are taken
per language and fused as separate rankings: the bundled e5 model puts same-language documents
first (a Chinese query ranked its English answer ~100th of 115 in a mixed corpus, issue 3), so
an English answer competes only with English documents. BM25 runs over all languages at once
(tokens of one language rarely match another's).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from xinzhi.matching.embedding import Embedder, language_of
from xinzhi.matching.fusion import rrf, weights_for
from xinzhi.matching.rerank import (
    RerankModel,
    order,
    pair_features,
    recency_ranks,
    shipped_model,
)
from xinzhi.matching.tokenize import Tokenizer
from xinzhi.matching.types import LANGS, Backend, Candidates, Filters, FloatMatrix, MatchDoc

MODES = ("hybrid", "lexical", "dense")
QUERY_CACHE = 256
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinzhi-embed")
DEFAULT_WEIGHTS = {"lexical": 1.0, "dense": 1.0, "dense_other": 1.0}
Progress = Callable[[int, int], None]


@dataclass
class Hit:
    """One result with what produced it (the raw material of an explanation)."""

    key: str
    score: float
    ranks: dict[str, int]
    lexical_score: float | None = None
    dense_score: float | None = None
    doc: MatchDoc | None = None
    matched_terms: list[str] = field(default_factory=list)
    rerank: dict[str, float] | None = None  # each feature's contribution, when reranked

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "score": round(self.score, 6),
            "ranks": self.ranks,
            "lexical_score": self.lexical_score,
            "dense_score": self.dense_score,
            "title": self.doc.title if self.doc else None,
            "matched_terms": self.matched_terms,
            "rerank": self.rerank,
        }


@dataclass
class Retriever:
    backend: Backend
    embedder: Embedder
    tokenizer: Tokenizer
    depth: int = 100  # candidates taken from each ranking before fusion
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    reranker: RerankModel | None = field(default_factory=shipped_model)
    learned: RerankModel | None = None  # trained on this platform's outcomes (``outcomes.py``)

    _cached_vectors: OrderedDict[str, FloatMatrix] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def _remember(self, text: str, vector: FloatMatrix) -> None:
        """Keep the last query embeddings: a page re-filtered re-asks the same text."""
        self._cached_vectors[text] = vector
        self._cached_vectors.move_to_end(text)
        while len(self._cached_vectors) > QUERY_CACHE:
            self._cached_vectors.popitem(last=False)

    def forget_queries(self) -> None:
        self._cached_vectors.clear()

    # -- documents ------------------------------------------------------------------------
    def prepare(self, doc: MatchDoc) -> MatchDoc:
        """Fill the tokens and language of a document built from text."""
        text = doc.text or doc.title
        return replace(
            doc,
            tokens=doc.tokens or tuple(self.tokenizer.tokens(text)),
            lang=doc.lang or language_of(text),
        )

    def add(
        self,
        docs: Iterable[MatchDoc],
        *,
        batch_size: int = 256,
        vectors: FloatMatrix | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Tokenise, embed and store ``docs``; returns how many were written.

        The embedding runs in its own thread while this one tokenises (the encoder releases the
        GIL), so with a fast encoder indexing is not held back by jieba.
        """
        docs = list(docs)
        pending: Future[FloatMatrix] | None = None
        if vectors is None:
            texts = [d.text or d.title for d in docs]
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinzhi-index") as pool:
                pending = pool.submit(
                    self.embedder.embed_passages, texts, batch_size=batch_size, progress=progress
                )
                docs = [self.prepare(d) for d in docs]
                vectors = pending.result()
        else:
            docs = [self.prepare(d) for d in docs]
        for start in range(0, len(docs), 10_000):
            with self.lock:
                self.backend.upsert(docs[start : start + 10_000], vectors[start : start + 10_000])
        return len(docs)

    def delete(self, keys: Sequence[str]) -> None:
        with self.lock:
            self.backend.delete(keys)

    # -- queries --------------------------------------------------------------------------
    def candidates(
        self,
        text: str,
        filters: Filters,
        *,
        mode: str = "hybrid",
        vector: FloatMatrix | None = None,
        k: int | None = None,
    ) -> dict[str, Candidates]:
        """The rankings to fuse: ``lexical``, ``dense`` (query language), ``dense_other``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        depth = k or self.depth
        out: dict[str, Candidates] = {}
        pending: Future[FloatMatrix] | None = None
        if mode != "lexical" and vector is None:
            vector = self._cached_vectors.get(text)
        if mode == "hybrid" and vector is None:
            # The query embedding (BLAS, GIL released) runs on the second core while BM25 runs.
            pending = _POOL.submit(self.embedder.embed_queries, [text])
        if mode in ("hybrid", "lexical"):
            out["lexical"] = self.backend.lexical(self.tokenizer.tokens(text), filters, depth)
        if mode in ("hybrid", "dense"):
            if pending is not None:
                vector = pending.result()[0]
            elif vector is None:
                vector = self.embedder.embed_queries([text])[0]
            self._remember(text, vector)
            lang = language_of(text)
            allowed = filters.langs or LANGS
            same = [lang] if lang in allowed else []
            other = [x for x in allowed if x != lang]
            if same:
                out["dense"] = self.backend.dense(vector, filters.with_langs(*same), depth)
            if other:
                out["dense_other"] = self.backend.dense(vector, filters.with_langs(*other), depth)
        return out

    def search(
        self,
        text: str,
        filters: Filters | None = None,
        *,
        k: int = 10,
        mode: str = "hybrid",
        vector: FloatMatrix | None = None,
        explain: bool = True,
        query_doc: MatchDoc | None = None,
    ) -> list[Hit]:
        """Top ``k`` for ``text``; with ``query_doc`` (the record asking), a reranking model that
        applies to its type re-scores the fused candidates with the pair's features.

        Searches and writes of one retriever are serialised by its lock: the web app's requests
        and the index job (a worker thread of the same process) share it.
        """
        with self.lock:
            return self._search(text, filters or Filters(), k, mode, vector, explain, query_doc)

    def _search(
        self,
        text: str,
        filters: Filters,
        k: int,
        mode: str,
        vector: FloatMatrix | None,
        explain: bool,
        query_doc: MatchDoc | None,
    ) -> list[Hit]:
        lists = self.candidates(text, filters, mode=mode, vector=vector, k=max(k, self.depth))
        fused = rrf({n: c.keys for n, c in lists.items()}, weights=weights_for(text, self.weights))
        score_of = {name: dict(zip(c.keys, c.scores, strict=True)) for name, c in lists.items()}
        hits = []
        for key, score, ranks in fused[: max(k, self.depth)]:
            dense = score_of.get("dense", {}).get(key, score_of.get("dense_other", {}).get(key))
            hits.append(
                Hit(
                    key=key,
                    score=score,
                    ranks=ranks,
                    lexical_score=score_of.get("lexical", {}).get(key),
                    dense_score=dense,
                )
            )
        model = self.reranker_for(query_doc)
        if query_doc is not None and model is not None and mode == "hybrid":
            hits = self._rerank(model, query_doc, hits)
        hits = hits[:k]
        if explain and hits:
            self.explain(text, hits)
        return hits

    def reranker_for(self, query: MatchDoc | None) -> RerankModel | None:
        """The learned model if it applies to ``query``, else the shipped one if it applies."""
        if query is None:
            return None
        for model in (self.learned, self.reranker):
            if model is not None and model.applies(query):
                return model
        return None

    def _rerank(self, model: RerankModel, query: MatchDoc, hits: list[Hit]) -> list[Hit]:
        docs = self.backend.get([h.key for h in hits])
        recency = recency_ranks([d.date if d is not None else None for d in docs])
        scores = []
        for hit, doc, rec in zip(hits, docs, recency, strict=True):
            if doc is None:
                scores.append(float("-inf"))
                continue
            features = pair_features(
                query, doc, rrf=hit.score, lexical=hit.lexical_score, dense=hit.dense_score,
                recency=rec,
            )  # fmt: skip
            hit.rerank = {k: round(v, 4) for k, v in model.contributions(features).items()}
            hit.doc = doc
            scores.append(model.score(features))
        out = []
        for i in order(scores):
            hits[i].score = scores[i]
            out.append(hits[i])
        return out

    def explain(self, text: str, hits: list[Hit]) -> None:
        """Attach the stored document and the query terms it contains to each hit."""
        terms = self.tokenizer.key_terms(text)
        for hit, doc in zip(hits, self.backend.get([h.key for h in hits]), strict=True):
            hit.doc = doc
            if doc is not None:
                have = set(doc.tokens)
                hit.matched_terms = [t for t in terms if t in have]

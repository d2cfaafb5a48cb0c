"""Okapi BM25 over the units of a query, computed in Python for SQLite's candidate window.

FTS5's ``bm25()`` computes each phrase's document frequency by scanning the phrase's whole
doclist on every query (20 ms for 方法, 装置, 电池 on 82,823 patents, however few rows match).
Document frequencies change slowly, so they are cached per database (:class:`TermStats`) and
the few hundred candidates of a page are scored here instead.

BM25 as in Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
Foundations and Trends in IR 3(4), 2009, eq. 3.15 with k1 = 1.2, b = 0.75 and the IDF
``ln(1 + (N − df + 0.5) / (df + 0.5))`` that Lucene uses (never negative). A unit scores the best
of its alternatives: the query's own words count fully, synonyms 0.8, a substring-only match
0.3 (the weight of the ``grams`` column in SQL, xinzhi.core.search.BM25_WEIGHTS).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from xinzhi.core.search_query import Unit

K1, B = 1.2, 0.75
OWN, SYNONYM, SUBSTRING = 1.0, 0.8, 0.3
STATS_SECONDS = 300.0  # document frequencies older than this are looked up again


@dataclass
class TermStats:
    """Cached document frequencies of index terms and the number of indexed documents."""

    frequencies: dict[str, tuple[float, int]] = field(default_factory=dict)
    documents: tuple[float, int] = (0.0, 0)

    def lookup(
        self,
        terms: Iterable[str],
        count_documents: Callable[[], int],
        count_term: Callable[[str], int],
    ) -> tuple[int, dict[str, int]]:
        now = time.monotonic()
        if now - self.documents[0] > STATS_SECONDS:
            self.documents = (now, count_documents())
        out = {}
        for term in terms:
            cached = self.frequencies.get(term)
            if cached is None or now - cached[0] > STATS_SECONDS:
                cached = self.frequencies[term] = (now, count_term(term))
            out[term] = cached[1]
        return self.documents[1], out


def idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def terms_of(units: Sequence[Unit]) -> set[str]:
    return {t for u in units for a in u.alternatives for t in (*a.words, *a.grams)}


@dataclass(frozen=True)
class Candidate:
    rid: int
    entity_id: int
    tokens: str
    grams: str


def bm25_scores(
    units: Sequence[Unit], docs: Sequence[Candidate], n_docs: int, df: dict[str, int]
) -> list[float]:
    """One score per document in ``docs`` (higher is better)."""
    plan = _plan(units, {t: idf(n_docs, f) for t, f in df.items()})
    bags = [Counter(d.tokens.split()) for d in docs]
    lengths = [d.tokens.count(" ") + 1 if d.tokens else 0 for d in docs]
    avgdl = max(sum(lengths) / len(lengths), 1.0) if lengths else 1.0
    scores = []
    for doc, bag, length in zip(docs, bags, lengths, strict=True):
        norm = K1 * (1 - B + B * length / avgdl)
        grams = f" {doc.grams} " if doc.grams else ""
        total = 0.0
        for alternatives in plan:
            best = 0.0
            for weight, words, phrase, phrase_idf in alternatives:
                if words and all(bag[w] for w, _ in words):
                    best = max(best, weight * sum(i * _saturate(bag[w], norm) for w, i in words))
                if phrase and grams and (tf := grams.count(phrase)):
                    best = max(best, SUBSTRING * phrase_idf * _saturate(tf, norm))
            total += best
        scores.append(round(total, 6))
    return scores


_Plan = list[list[tuple[float, tuple[tuple[str, float], ...], str, float]]]


def _plan(units: Sequence[Unit], weights: dict[str, float]) -> _Plan:
    """Per unit, per alternative: (weight, ((word, idf), ...), " bigram phrase ", its idf)."""
    plan: _Plan = []
    for unit in units:
        row = []
        for position, alt in enumerate(unit.alternatives):
            words = tuple((w, weights.get(w, 0.0)) for w in alt.words)
            phrase = (" " + " ".join(alt.grams) + " ") if alt.grams else ""
            rarest = max((weights.get(g, 0.0) for g in alt.grams), default=0.0)
            row.append((OWN if position == 0 else SYNONYM, words, phrase, rarest))
        plan.append(row)
    return plan


def _saturate(tf: int, norm: float) -> float:
    return tf * (K1 + 1) / (tf + norm)

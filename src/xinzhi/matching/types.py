"""The values the retrieval engine passes around, shared by both backends.

A backend stores :class:`MatchDoc` rows (pre-tokenised text, an embedding, filterable metadata)
and answers two kinds of candidate queries: lexical (BM25 over our own tokens) and dense
(cosine over normalised embeddings), both restricted by :class:`Filters`. Fusion, explanation and
visibility rules live above the backends (``engine.py``), so both give the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]

ENTITY_TYPES = ("achievement", "patent", "demand", "person", "organisation")
LANGS = ("zh", "en")


def make_key(entity_type: str, entity_id: int | str) -> str:
    return f"{entity_type}:{entity_id}"


def split_key(key: str) -> tuple[str, str]:
    entity_type, _, ident = key.partition(":")
    return entity_type, ident


@dataclass(frozen=True)
class MatchDoc:
    """One searchable record. ``tokens`` are the lexical tokens (``tokenize.tokens``)."""

    key: str
    title: str
    text: str
    tokens: tuple[str, ...] = ()
    lang: str = "zh"
    field: str = ""
    region_code: str = ""
    trl: int | None = None  # always on the NASA scale (converted on the way in)
    date: dt.date | None = None
    org_kind: str = ""
    owner_org_id: int | None = None
    confidential: bool = False
    content_hash: str = ""
    people: tuple[str, ...] = ()  # inventors / developers: a reranking feature, not text

    @property
    def entity_type(self) -> str:
        return split_key(self.key)[0]


def _within(value: Any, low: Any, high: Any) -> bool:
    """``low ≤ value ≤ high`` where a bound is set; an unknown value fails any set bound."""
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


@dataclass(frozen=True)
class Filters:
    """Metadata restrictions; empty means no restriction.

    ``visible_orgs`` is the visibility rule: ``None`` sees everything (staff), otherwise a
    confidential record is visible only when its owner organisation is in the set.
    """

    entity_types: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    region_prefix: str = ""
    trl_min: int | None = None
    trl_max: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    org_kinds: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    visible_orgs: frozenset[int] | None = None
    exclude_keys: frozenset[str] = frozenset()

    def admits(self, doc: MatchDoc) -> bool:
        """The reference semantics every backend must reproduce (used in tests)."""
        categorical = (
            (self.entity_types, doc.entity_type),
            (self.fields, doc.field),
            (self.org_kinds, doc.org_kind),
            (self.langs, doc.lang),
        )
        if any(wanted and value not in wanted for wanted, value in categorical):
            return False
        if self.region_prefix and not doc.region_code.startswith(self.region_prefix):
            return False
        if not _within(doc.trl, self.trl_min, self.trl_max):
            return False
        if not _within(doc.date, self.date_from, self.date_to):
            return False
        if doc.key in self.exclude_keys:
            return False
        return not (
            doc.confidential
            and self.visible_orgs is not None
            and doc.owner_org_id not in self.visible_orgs
        )

    def with_langs(self, *langs: str) -> Filters:
        return replace(self, langs=tuple(langs))


@dataclass(frozen=True)
class Candidates:
    """A backend's ranked answer to one candidate query: keys best first, with raw scores."""

    keys: list[str]
    scores: list[float]

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class IndexStats:
    backend: str
    documents: int
    deleted: int = 0
    dim: int = 0
    model: str = ""
    details: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    """What a retrieval backend provides; ``engine.Retriever`` does the rest."""

    name: str

    def upsert(self, docs: Sequence[MatchDoc], vectors: FloatMatrix) -> None:
        """Insert or replace ``docs`` (by key); ``vectors[i]`` is ``docs[i]``'s embedding."""

    def delete(self, keys: Sequence[str]) -> None:
        """Remove ``keys``; unknown keys are ignored."""

    def lexical(self, tokens: Sequence[str], filters: Filters, k: int) -> Candidates:
        """BM25 over the stored tokens, best first, only documents ``filters`` admits."""

    def dense(self, vector: FloatMatrix, filters: Filters, k: int) -> Candidates:
        """Cosine similarity to ``vector`` (normalised), best first, only admitted documents."""

    def get(self, keys: Sequence[str]) -> list[MatchDoc | None]:
        """The stored documents for ``keys`` (``None`` where unknown)."""

    def hashes(self) -> dict[str, str]:
        """Key → content hash of every stored document (index updates skip unchanged ones)."""

    def needs_compaction(self) -> bool:
        """Whether dead or not-yet-merged rows make a rebuild worthwhile."""

    def compact(self) -> None:
        """Rebuild the main structures over the live documents (a no-op where the store does it)."""

    def stats(self) -> IndexStats: ...

    def flush(self) -> None:
        """Make every write durable and visible to searches."""

    def close(self) -> None: ...

"""Matching services: the index of the catalog, matches with reasons, feedback.

Functions take a Session and never commit (the boundary owns the transaction). The retriever
of a data directory is opened once per process and shared; index writes happen in the
``matching.index`` job (``jobs.py``), which holds the process write lock of the index.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings
from xinzhi.matching import floor
from xinzhi.matching.documents import document_of, iter_documents, own_keys
from xinzhi.matching.embedding import configure_runtime, get_embedder
from xinzhi.matching.engine import Hit, Retriever
from xinzhi.matching.explain import Explanation, explain_hit
from xinzhi.matching.taxonomy import expand
from xinzhi.matching.tokenize import get_tokenizer
from xinzhi.matching.types import ENTITY_TYPES, Backend, Filters, MatchDoc, split_key

# What each kind of record is matched against ("产业出题、科技答题" and the reverse).
TARGETS: dict[str, tuple[str, ...]] = {
    "demand": ("achievement", "patent", "person", "organisation"),
    "achievement": ("demand", "organisation"),  # organisations: enterprises unless asked
    "patent": ("demand", "achievement", "patent"),
    "text": ENTITY_TYPES,
}
Progress = Callable[[int, int], None]
_LOCK = threading.Lock()
_RETRIEVERS: dict[tuple[str, str, str], Retriever] = {}


def index_dir(settings: Settings) -> Path:
    return settings.data_dir / "matching" / settings.matching_model


def _backend(settings: Settings, dim: int, model: str) -> Backend:
    if settings.matching_backend == "milvus":
        from xinzhi.matching.milvus import MilvusBackend

        uri = settings.matching_milvus_uri or str(settings.data_dir / "matching" / "milvus.db")
        return MilvusBackend(uri, f"xinzhi_{model.replace('-', '_')}", dim)
    from xinzhi.matching.local import LocalBackend

    return LocalBackend(index_dir(settings), dim=dim, model=model)


def get_retriever(settings: Settings) -> Retriever:
    """The process-wide retriever of ``settings`` (opened on first use)."""
    key = (str(settings.data_dir), settings.matching_model, settings.matching_backend)
    with _LOCK:
        retriever = _RETRIEVERS.get(key)
        if retriever is not None and _rewritten_elsewhere(retriever):
            retriever.backend.close()
            retriever = None
        if retriever is None:
            configure_runtime(settings.matching_runtime, settings.data_dir / "models")
            embedder = get_embedder(settings.matching_model)
            dictionary = settings.matching_dictionary
            retriever = Retriever(
                _backend(settings, embedder.dim, embedder.name),
                embedder,
                get_tokenizer(str(dictionary) if dictionary else None),
            )
            from xinzhi.matching.learned import load_learned

            retriever.learned = load_learned(settings)
            _RETRIEVERS[key] = retriever
        return retriever


def _rewritten_elsewhere(retriever: Retriever) -> bool:
    """Whether another process (``xinzhi worker``) saved the local index since we opened it."""
    from xinzhi.matching.local import LocalBackend

    backend = retriever.backend
    return isinstance(backend, LocalBackend) and backend.changed_on_disk()


def forget_retrievers() -> None:
    """Close every open retriever (tests, and after an index is replaced on disk)."""
    with _LOCK:
        for retriever in _RETRIEVERS.values():
            retriever.backend.close()
        _RETRIEVERS.clear()


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    compacted: bool = False
    seconds: float = 0.0
    documents: int = 0
    changed_keys: list[str] = field(default_factory=list)  # added or updated, for notices

    def to_dict(self) -> dict[str, Any]:
        out = self.__dict__.copy()
        out.pop("changed_keys")
        return out


def update_index(
    session: Session,
    settings: Settings,
    *,
    entity_types: Sequence[str] = ENTITY_TYPES,
    full: bool = False,
    progress: Progress | None = None,
    batch_size: int = 64,
    embed: Callable[[list[str]], Any] | None = None,
) -> IndexReport:
    """Bring the index in line with the catalog: embed new or changed records, drop removed ones.

    Unchanged records (same content hash) are skipped, so an update after an import embeds only
    what the import changed. ``full`` re-embeds everything.
    """
    t0 = time.perf_counter()
    retriever = get_retriever(settings)
    backend = retriever.backend
    stored: dict[str, str] = {} if full else backend.hashes()
    docs = list(iter_documents(session, entity_types))
    report = IndexReport()
    changed: list[MatchDoc] = []
    for doc in docs:
        old = stored.get(doc.key)
        if old == doc.content_hash:
            report.unchanged += 1
            continue
        changed.append(doc)
        report.changed_keys.append(doc.key)
        if old is None:
            report.added += 1
        else:
            report.updated += 1
    present = {d.key for d in docs}
    gone = [k for k in stored if split_key(k)[0] in entity_types and k not in present]
    if full:
        gone = []
        retriever.delete(list(backend.hashes()))
    retriever.delete(gone)
    report.deleted = len(gone)
    if changed:
        vectors = None
        if embed is not None:
            vectors = embed([d.text or d.title for d in changed])
        retriever.add(changed, batch_size=batch_size, progress=progress, vectors=vectors)
    with retriever.lock:
        if full or backend.needs_compaction():
            backend.compact()
            report.compacted = True
        backend.flush()
    report.seconds = round(time.perf_counter() - t0, 3)
    report.documents = backend.stats().documents
    return report


def visible_orgs(principal: Principal) -> frozenset[int] | None:
    """Staff see everything; others see public records and their own organisation's."""
    if principal.is_staff:
        return None
    return frozenset({principal.organisation_id}) if principal.organisation_id else frozenset()


@dataclass
class MatchItem:
    key: str
    entity_type: str
    record_id: int
    title: str
    score: float
    rank: int
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "entity_type": self.entity_type,
            "id": self.record_id,
            "title": self.title,
            "score": round(self.score, 6),
            "rank": self.rank,
            "explanation": self.explanation.to_dict(),
        }


@dataclass
class MatchResult:
    query: dict[str, Any]
    groups: dict[str, list[MatchItem]]
    quality: dict[str, Any] | None = None
    index: dict[str, Any] = field(default_factory=dict)
    took_ms: float = 0.0
    advice: dict[str, Any] | None = None  # set when a target type has nothing above the floor

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "groups": {k: [i.to_dict() for i in v] for k, v in self.groups.items()},
            "quality": self.quality,
            "advice": self.advice,
            "index": self.index,
            "took_ms": round(self.took_ms, 1),
        }


@dataclass(frozen=True)
class MatchOptions:
    """What a user can narrow a match by (the page's and the API's filters)."""

    targets: tuple[str, ...] = ()
    k: int = 10
    fields: tuple[str, ...] = ()
    region_prefix: str = ""
    trl_min: int | None = None
    trl_max: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    org_kinds: tuple[str, ...] = ()
    mode: str = "hybrid"

    def filters(
        self, principal: Principal, entity_type: str, exclude: frozenset[str] = frozenset()
    ) -> Filters:
        return Filters(
            entity_types=(entity_type,),
            fields=tuple(dict.fromkeys(f for x in self.fields for f in expand(x))),
            region_prefix=self.region_prefix,
            trl_min=self.trl_min,
            trl_max=self.trl_max,
            date_from=self.date_from,
            date_to=self.date_to,
            org_kinds=self.org_kinds,
            visible_orgs=visible_orgs(principal),
            exclude_keys=exclude,
        )


def _items(
    retriever: Retriever,
    hits: list[Hit],
    query: MatchDoc,
    trl_band: tuple[int, int] | None,
) -> list[MatchItem]:
    items = []
    for rank, hit in enumerate(hits, start=1):
        doc = hit.doc
        if doc is None:
            continue
        explanation = explain_hit(
            matched_terms=hit.matched_terms,
            title_tokens=retriever.tokenizer.tokens(doc.title),
            semantic=hit.dense_score,
            lexical=hit.lexical_score,
            ranks=hit.ranks,
            doc=doc,
            query_field=query.field,
            query_region=query.region_code,
            trl_band=trl_band,
            rerank=hit.rerank,
        )
        entity_type, ident = split_key(hit.key)
        items.append(
            MatchItem(hit.key, entity_type, int(ident), doc.title, hit.score, rank, explanation)
        )
    return items


def match(
    settings: Settings,
    principal: Principal,
    query: MatchDoc,
    options: MatchOptions,
    *,
    trl_band: tuple[int, int] | None = None,
    prior_art_cutoff: dt.date | None = None,
    exclude: frozenset[str] = frozenset(),
) -> MatchResult:
    """Ranked, explained candidates of each target type for one query document, above the
    relevance floor (``floor.py``): fewer than ``k`` when fewer clear it.

    ``prior_art_cutoff`` (a patent's filing date) keeps only patents published on or before it:
    prior art is what was public before the application (the novelty rule of Patent Law art. 22).
    ``exclude`` are keys never offered (the query's own organisation and what it owns).
    """
    t0 = time.perf_counter()
    kind = query.entity_type if query.entity_type in TARGETS else "text"
    targets = options.targets or TARGETS[kind]
    unknown = [t for t in targets if t not in ENTITY_TYPES]
    if unknown:
        raise InvalidInput(f"未知的匹配对象: {', '.join(unknown)}；可选: {', '.join(ENTITY_TYPES)}")
    if not 1 <= options.k <= 200:
        raise InvalidInput("k 应在 1 到 200 之间")
    retriever = get_retriever(settings)
    text = query.text or query.title
    if not text.strip():
        raise InvalidInput("查询内容为空")
    vector = None
    if options.mode != "lexical":
        vector = retriever.embedder.embed_queries([text])[0]
    groups = {}
    query_terms = len(retriever.tokenizer.key_terms(text))
    for target in targets:
        filters = options.filters(principal, target, exclude=exclude | {query.key})
        if kind == "achievement" and target == "organisation" and not options.org_kinds:
            filters = replace(filters, org_kinds=("enterprise",))  # who could adopt it
        if target == "patent" and prior_art_cutoff is not None:
            end = min(filter(None, (filters.date_to, prior_art_cutoff)))
            filters = replace(filters, date_to=end)
        asking = replace(query, date=prior_art_cutoff or query.date)  # reranker: gap from filing
        hits = retriever.search(text, filters, k=options.k, mode=options.mode, vector=vector,
                                query_doc=asking)  # fmt: skip
        kept = [
            h
            for h in hits
            if floor.passes(
                settings,
                similarity=h.dense_score,
                matched_terms=len(h.matched_terms),
                query_terms=query_terms,
            )
        ]
        groups[target] = _items(retriever, kept, query, trl_band)
    stats = retriever.backend.stats()
    return MatchResult(
        query={"key": query.key, "title": query.title, "targets": list(targets)},
        groups=groups,
        index={"documents": stats.documents, "backend": stats.backend, "model": stats.model},
        took_ms=(time.perf_counter() - t0) * 1000,
    )


def load_query(session: Session, principal: Principal, entity_type: str, record_id: int) -> Any:
    from xinzhi.catalog import service as catalog
    from xinzhi.catalog.entities import get_entity

    table = {"demand": "demands", "achievement": "achievements", "patent": "patents"}
    if entity_type not in table:
        raise InvalidInput(f"只能对需求、成果或专利发起匹配，收到 {entity_type!r}")
    # Visibility and existence are the catalog's rules (NotFound for a hidden record).
    return catalog.get_record(session, get_entity(table[entity_type]), principal, record_id)


def match_record(
    session: Session,
    settings: Settings,
    principal: Principal,
    entity_type: str,
    record_id: int,
    options: MatchOptions,
) -> MatchResult:
    """Matches for a demand, achievement or patent the principal may see, with reasons."""
    record = load_query(session, principal, entity_type, record_id)
    query = document_of(session, entity_type, record.id)
    if query is None:
        raise NotFound(f"{entity_type} {record_id} 不存在")
    quality = None
    band = None
    if entity_type == "demand":
        from xinzhi.matching.quality import assess_demand

        assessed = assess_demand(record)
        quality = assessed.to_dict()
        band = assessed.expected_trl
    cutoff = record.app_date if entity_type == "patent" else None
    own = own_keys(session, query.owner_org_id) if entity_type != "patent" else frozenset()
    result = match(
        settings, principal, query, options, trl_band=band, prior_art_cutoff=cutoff, exclude=own
    )
    result.quality = quality
    empty = [t for t, items in result.groups.items() if not items]
    if empty:
        result.advice = floor.advice(empty, list((quality or {}).get("questions", [])))
    return result


def match_text(
    settings: Settings, principal: Principal, text: str, options: MatchOptions
) -> MatchResult:
    """Matches for free text (a demand typed into the search box)."""
    result = match(settings, principal, MatchDoc(key="text:0", title=text[:80], text=text), options)
    empty = [t for t, items in result.groups.items() if not items]
    if empty:
        result.advice = floor.advice(empty, [])
    return result

"""``xinzhi eval retrieval``: measure the BM25 baseline, the dense model and the full system on
any labelled set, in one run, with the same queries.

Inputs are plain tables (CSV/TSV, optionally gzipped, or .xlsx): a corpus with an id column and
one or more text columns, a qrels table (query id, relevant doc id per row) and optionally a
queries table. Without queries, a query's text is its own corpus record, which is excluded from
its own results (the prior-art setting: a patent's title finds the patents it cites).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import pandas as pd
import rjieba

from xinzhi.core.errors import InvalidInput
from xinzhi.core.text import normalise, split_list
from xinzhi.matching.documents import region_code_of
from xinzhi.matching.embedding import Embedder, get_embedder
from xinzhi.matching.engine import Retriever
from xinzhi.matching.local import LocalBackend
from xinzhi.matching.metrics import summary
from xinzhi.matching.tokenize import get_tokenizer
from xinzhi.matching.types import Filters, MatchDoc, make_key

Log = Callable[[str], None]


def read_table(path: Path) -> pd.DataFrame:
    """A CSV/TSV (``.gz`` accepted, encoding detected by pandas as UTF-8) or .xlsx, as strings."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"文件不存在: {path}")
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".xlsx"):
        return pd.read_excel(path, dtype=str).fillna("")
    sep = "\t" if name.endswith((".tsv", ".tab")) else ","
    try:
        return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, quoting=0)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InvalidInput(f"无法读取 {path.name}: {exc}") from exc


def _column(frame: pd.DataFrame, col: str, what: str, path: Path) -> pd.Series:
    if col not in frame.columns:
        found = ", ".join(map(str, frame.columns[:20]))
        raise InvalidInput(f"{path.name} 没有{what}列 {col!r}；找到的列: {found}")
    return frame[col].astype(str)


@dataclass
class LabelledSet:
    doc_ids: list[str]
    doc_texts: list[str]
    query_ids: list[str]
    query_texts: list[str]
    qrels: dict[str, set[str]]
    self_queries: bool
    meta: DocMeta | None = None

    @classmethod
    def load(
        cls,
        corpus: Path,
        id_col: str,
        text_cols: Sequence[str],
        qrels: Path,
        *,
        queries: Path | None = None,
        query_id_col: str = "id",
        query_text_col: str = "text",
        qrels_cols: tuple[int, int] = (0, 1),
        limit: int | None = None,
        meta_cols: MetaColumns | None = None,
    ) -> LabelledSet:
        frame = read_table(corpus)
        ids = _column(frame, id_col, "编号", corpus)
        parts = [_column(frame, c, "文本", corpus) for c in text_cols]
        texts = parts[0]
        for p in parts[1:]:
            texts = texts + "\n" + p
        doc_ids, doc_texts = ids.tolist(), texts.tolist()
        known = set(doc_ids)
        qr = read_table(qrels)
        if qr.shape[1] < 2:
            raise InvalidInput(f"{qrels.name} 需要两列：查询编号、相关文档编号")
        rel: dict[str, set[str]] = defaultdict(set)
        for q, d in zip(qr.iloc[:, qrels_cols[0]], qr.iloc[:, qrels_cols[1]], strict=True):
            if d in known and not (queries is None and q == d):
                rel[str(q)].add(str(d))
        if queries is not None:
            qf = read_table(queries)
            qtext = dict(
                zip(
                    _column(qf, query_id_col, "查询编号", queries),
                    _column(qf, query_text_col, "查询文本", queries),
                    strict=True,
                )
            )
        else:
            qtext = dict(zip(doc_ids, doc_texts, strict=True))
        query_ids = sorted(q for q in rel if q in qtext)
        if limit:
            query_ids = query_ids[:limit]
        if not query_ids:
            raise InvalidInput("qrels 中没有一条查询能在语料（或查询表）中找到")
        return cls(
            doc_ids,
            doc_texts,
            query_ids,
            [qtext[q] for q in query_ids],
            {q: rel[q] for q in query_ids},
            self_queries=queries is None,
            meta=DocMeta.read(frame, meta_cols, corpus) if meta_cols else None,
        )

    def subset(self, query_ids: Sequence[str]) -> LabelledSet:
        """The same corpus with only ``query_ids`` (a held-out split)."""
        keep = set(query_ids)
        pairs = [(q, t) for q, t in zip(self.query_ids, self.query_texts, strict=True) if q in keep]
        return replace(
            self,
            query_ids=[q for q, _ in pairs],
            query_texts=[t for _, t in pairs],
            qrels={q: self.qrels[q] for q, _ in pairs},
        )


@dataclass(frozen=True)
class MetaColumns:
    """Corpus columns the full system may use besides text (all optional).

    ``date`` dates a record; ``cutoff`` is a self-query's reference date (prior art: only records
    dated on or before it are candidates, e.g. publication date ≤ the query's filing date);
    ``people`` (separated by ``;``) and ``region`` (a province name or GB/T 2260 code) feed the
    reranker's shared-people and same-region features.
    """

    date: str = ""
    cutoff: str = ""
    people: str = ""
    region: str = ""


def _dates(frame: pd.DataFrame, col: str, path: Path) -> list[dt.date | None]:
    if not col:
        return [None] * len(frame)
    parsed = pd.to_datetime(_column(frame, col, "日期", path), errors="coerce")
    return [None if pd.isna(v) else v.date() for v in parsed]


@dataclass
class DocMeta:
    dates: list[dt.date | None]
    cutoffs: list[dt.date | None]
    people: list[tuple[str, ...]]
    regions: list[str]

    @classmethod
    def read(cls, frame: pd.DataFrame, cols: MetaColumns, path: Path) -> DocMeta:
        n = len(frame)
        people: list[tuple[str, ...]] = [()] * n
        if cols.people:
            people = [tuple(split_list(v)) for v in _column(frame, cols.people, "人员", path)]
        regions = (
            [region_code_of(v) for v in _column(frame, cols.region, "地区", path)]
            if cols.region
            else [""] * n
        )
        return cls(
            _dates(frame, cols.date, path), _dates(frame, cols.cutoff, path), people, regions
        )


def baseline_tokens(text: str) -> list[str]:
    """The baseline's tokens: jieba search mode over the normalised text, punctuation dropped."""
    return [t for t in rjieba.cut_for_search(normalise(text)) if any(c.isalnum() for c in t)]


@dataclass
class SystemResult:
    name: str
    metrics: dict[str, float]
    build_seconds: float
    latency_ms: dict[str, float]
    runs: list[list[str]] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "system": self.name,
            **{k: round(v, 4) for k, v in self.metrics.items()},
            "build_s": round(self.build_seconds, 2),
            **{f"latency_{k}_ms": round(v, 2) for k, v in self.latency_ms.items()},
        }


@dataclass
class EvalReport:
    documents: int
    queries: int
    model: str
    systems: list[SystemResult]
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "queries": self.queries,
            "model": self.model,
            "systems": [s.to_dict() for s in self.systems],
            **self.details,
        }


def _percentiles(times: list[float]) -> dict[str, float]:
    arr = np.asarray(times) * 1000
    return {"p50": float(np.percentile(arr, 50)), "p95": float(np.percentile(arr, 95))}


def _measure(
    name: str,
    data: LabelledSet,
    build_seconds: float,
    ranker: Callable[[int], list[str]],
) -> SystemResult:
    runs, times = [], []
    for i in range(len(data.query_ids)):
        t0 = time.perf_counter()
        ranked = ranker(i)
        times.append(time.perf_counter() - t0)
        runs.append(ranked)
    metrics = summary([(r, data.qrels[q]) for r, q in zip(runs, data.query_ids, strict=True)])
    return SystemResult(name, metrics, build_seconds, _percentiles(times), runs)


def bm25_baseline(data: LabelledSet, k: int) -> SystemResult:
    t0 = time.perf_counter()
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index([baseline_tokens(t) for t in data.doc_texts], show_progress=False)
    built = time.perf_counter() - t0
    position = {d: i for i, d in enumerate(data.doc_ids)}

    def rank(i: int) -> list[str]:
        scores = index.get_scores(baseline_tokens(data.query_texts[i]) or [""])
        if data.self_queries:
            scores[position[data.query_ids[i]]] = -np.inf
        top = np.argsort(-scores, kind="stable")[:k]
        return [data.doc_ids[j] for j in top if scores[j] > 0]

    return _measure("bm25 (jieba)", data, built, rank)


def _docs(data: LabelledSet) -> list[MatchDoc]:
    meta = data.meta
    docs = []
    for i, (d, t) in enumerate(zip(data.doc_ids, data.doc_texts, strict=True)):
        if meta is None:
            docs.append(MatchDoc(key=d, title=t[:200], text=t))
            continue
        docs.append(
            MatchDoc(
                key=d,
                title=t[:200],
                text=t,
                date=meta.dates[i],
                people=meta.people[i],
                region_code=meta.regions[i],
            )
        )
    return docs


@dataclass
class EvalIndex:
    """The full system built over a labelled set's corpus (shared by evaluation and training)."""

    data: LabelledSet
    retriever: Retriever
    docs: list[MatchDoc]
    position: dict[str, int]
    index_seconds: float
    gap_from_cutoff: bool = True  # the reranker's date gap from the query's filing date
    # Corpus ids carry no entity type, so the query record is typed here: the metadata columns
    # model a prior-art search, whose reranker applies to patents. (Before this, the query's
    # key was the bare id, no shipped reranker applied, and "full system" was hybrid + cutoff.)
    query_type: str = "patent"

    @classmethod
    def build(
        cls, data: LabelledSet, embedder: Embedder, doc_vectors: np.ndarray, directory: Path, k: int
    ) -> EvalIndex:
        backend = LocalBackend(directory, dim=embedder.dim, model=embedder.name)
        retriever = Retriever(backend, embedder, get_tokenizer(), depth=k)
        docs = _docs(data)
        t0 = time.perf_counter()
        retriever.add(docs, vectors=doc_vectors)
        backend.build()
        position = {d.key: i for i, d in enumerate(docs)}
        return cls(data, retriever, docs, position, time.perf_counter() - t0)

    def query(self, i: int, use_meta: bool) -> tuple[Filters, MatchDoc | None]:
        """Filters and query record of query ``i``: itself excluded; with metadata, the
        prior-art cutoff and the record for the reranker."""
        data = self.data
        qid = data.query_ids[i]
        filters = Filters(exclude_keys=frozenset({qid}) if data.self_queries else frozenset())
        if not (use_meta and data.self_queries and data.meta is not None):
            return filters, None
        cutoff = data.meta.cutoffs[self.position[qid]]
        query = replace(self.docs[self.position[qid]], key=make_key(self.query_type, qid))
        if cutoff is not None:
            filters = replace(filters, date_to=cutoff)
            if self.gap_from_cutoff:
                query = replace(query, date=cutoff)
        return filters, query

    def ranker(self, mode: str, k: int, use_meta: bool = False) -> Callable[[int], list[str]]:
        def rank(i: int) -> list[str]:
            filters, query_doc = self.query(i, use_meta)
            hits = self.retriever.search(
                self.data.query_texts[i], filters, k=k, mode=mode, explain=False,
                query_doc=query_doc,
            )  # fmt: skip
            return [h.key for h in hits]

        return rank


def evaluate_retrieval(
    data: LabelledSet,
    *,
    k: int = 100,
    model: str = "e5-small",
    embedder: Embedder | None = None,
    doc_vectors: np.ndarray | None = None,
    log: Log = lambda _m: None,
) -> EvalReport:
    """Run the systems on ``data``; ``doc_vectors`` reuses embeddings computed earlier.

    Systems: the BM25 baseline, the dense model alone, and the full system (hybrid fusion; with
    metadata columns and self-queries also the prior-art cutoff and the reranker, reported next
    to the text-only hybrid).
    """
    embedder = embedder or get_embedder(model)
    log(f"{len(data.doc_ids)} documents, {len(data.query_ids)} queries")
    baseline = bm25_baseline(data, k)
    log(f"bm25 baseline: nDCG@10 {baseline.metrics['ndcg@10']:.4f}")
    t0 = time.perf_counter()
    if doc_vectors is None:
        doc_vectors = embedder.embed_passages(data.doc_texts, batch_size=64)
    embed_seconds = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="xinzhi-eval-") as tmp:
        index = EvalIndex.build(data, embedder, doc_vectors, Path(tmp) / "index", k)
        log(f"indexed in {index.index_seconds:.1f} s (+ {embed_seconds:.1f} s embedding)")
        build = embed_seconds + index.index_seconds
        systems = [baseline]
        runs = [(f"dense ({embedder.name})", "dense", False)]
        if data.meta is not None and data.self_queries:
            runs.append(("hybrid, text only", "hybrid", False))
        runs.append(("xinzhi full system", "hybrid", True))
        for name, mode, use_meta in runs:
            seconds = embed_seconds if mode == "dense" else build
            result = _measure(name, data, seconds, index.ranker(mode, k, use_meta))
            log(f"{name}: nDCG@10 {result.metrics['ndcg@10']:.4f}")
            systems.append(result)
    return EvalReport(
        documents=len(data.doc_ids),
        queries=len(data.query_ids),
        model=embedder.name,
        systems=systems,
        details={
            "embed_seconds": round(embed_seconds, 2),
            "index_seconds": round(index.index_seconds, 2),
        },
    )

"""Full-text search over app-side tokens, on SQLite (FTS5) and PostgreSQL (GIN on tsvector).

Both engines index the same space-separated strings, so results agree across backends: the word
tokens (jieba search mode) and the character bigrams of the Chinese text (substring matching,
see :mod:`xinzhi.core.search_query`). The ranking function differs (FTS5 ``bm25`` vs
``ts_rank``), the matching set does not. :func:`ranked_page` is the fast path lists use: an
exact count, relevance ranking over a bounded window of the most recently indexed matches, and
the rest newest first (docs/search.md has the measurements behind it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, Select, delete, func, insert, literal_column, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import Subquery

from xinzhi.core.models import SearchEntry
from xinzhi.core.search_query import Unit, bigrams, fts5_expression, parse, pg_conditions, thesaurus
from xinzhi.core.search_rank import Candidate, TermStats, bm25_scores, terms_of
from xinzhi.core.text import index_tokens

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "entity_type, tokens, grams, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, entity_type, tokens, grams) "
    "VALUES (new.id, new.entity_type, new.tokens, new.grams); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, entity_type, tokens, grams) "
    "VALUES ('delete', old.id, old.entity_type, old.tokens, old.grams); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, entity_type, tokens, grams) "
    "VALUES ('delete', old.id, old.entity_type, old.tokens, old.grams); "
    "INSERT INTO search_fts(rowid, entity_type, tokens, grams) "
    "VALUES (new.id, new.entity_type, new.tokens, new.grams); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
]
# Stored tsvectors of words and of bigrams, each with a GIN index: a unit is a word query on one
# OR a phrase on the other, which bitmap index scans answer without re-reading every row
# (a single weighted tsvector needed a recheck of each match: 90 ms for 电池).
PG_DDL = [
    "ALTER TABLE search_entries ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "ALTER TABLE search_entries ADD COLUMN IF NOT EXISTS tsv_grams tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', grams)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv_grams ON search_entries "
    "USING gin (tsv_grams)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS ix_search_entries_tsv_grams",
    "DROP INDEX IF EXISTS ix_search_entries_tsv",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv_grams",
    "ALTER TABLE search_entries DROP COLUMN IF EXISTS tsv",
]
# bm25 column weights (entity_type, tokens, grams) and ts_rank weights {D, C, B, A}: a word
# match counts more than the same characters found inside another word.
BM25_WEIGHTS = "0.0, 1.0, 0.3"
GRAMS_WEIGHT = 0.3

Doc = tuple[int, str, str]  # (entity_id, word tokens, character bigrams)


def create_index_objects(conn: Connection) -> None:
    for stmt in SQLITE_DDL if conn.dialect.name == "sqlite" else PG_DDL:
        conn.exec_driver_sql(stmt)


def drop_index_objects(conn: Connection) -> None:
    for stmt in SQLITE_DROP if conn.dialect.name == "sqlite" else PG_DROP:
        conn.exec_driver_sql(stmt)


def _texts(parts: Iterable[object]) -> list[str]:
    out = []
    for part in parts:
        if isinstance(part, list | tuple):
            part = " ".join(str(p) for p in part)
        if part:
            out.append(str(part))
    return out


def document_text(parts: Iterable[object]) -> str:
    """Join the searchable parts of a record into one token string."""
    return " ".join(t for part in _texts(parts) for t in index_tokens(part))


def document_grams(parts: Iterable[object]) -> str:
    """The character bigrams of a record's searchable parts (substring matching)."""
    return " ".join(g for part in _texts(parts) for g in bigrams(part))


def document(entity_id: int, parts: Sequence[object]) -> Doc:
    return (entity_id, document_text(parts), document_grams(parts))


def replace_entries(session: Session, entity_type: str, docs: Sequence[Doc]) -> None:
    """Insert or replace the search entries of ``docs`` (see :func:`document`)."""
    if not docs:
        return
    remove_entries(session, entity_type, [d[0] for d in docs])
    add_entries(session, entity_type, docs)


def add_entries(session: Session, entity_type: str, docs: Sequence[Doc]) -> None:
    """Insert the entries of records that have none yet (just created).

    Bulk imports use this for new records: the DELETE of :func:`replace_entries` is wasted on
    them, and on PostgreSQL it degrades as one transaction fills the table (the planner's
    statistics still describe the empty table, so each DELETE scans every entry of the type).
    """
    if docs:
        session.execute(
            insert(SearchEntry),
            [
                {"entity_type": entity_type, "entity_id": i, "tokens": t, "grams": g}
                for i, t, g in docs
            ],
        )


def remove_entries(session: Session, entity_type: str, ids: Sequence[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        session.execute(
            delete(SearchEntry).where(
                SearchEntry.entity_type == entity_type, SearchEntry.entity_id.in_(chunk)
            )
        )


def query_units(session: Session, query: str) -> tuple[Unit, ...]:
    settings = session.info.get("settings")
    extra = getattr(settings, "search_synonyms", None)
    return parse(query, thesaurus(str(extra) if extra else None))


def _matches(
    session: Session,
    entity_type: str,
    units: tuple[Unit, ...],
    *,
    scored: bool = True,
    lo: int | None = None,
    hi: int | None = None,
) -> Subquery:
    """``(entity_id, rid, score)`` of the entries matching every unit; ``rid`` is the entry id.

    ``lo``/``hi`` bound ``rid`` (``lo <= rid < hi``). On SQLite the full-text table drives the
    join (CROSS JOIN) and the subquery is kept whole (OFFSET 0): otherwise the planner may
    start from the table side and re-run the MATCH once per row, seconds per query.
    """
    bounds, params = "", {}
    if lo is not None:
        bounds, params["lo"] = bounds + " AND {rid} >= :lo", lo
    if hi is not None:
        bounds, params["hi"] = bounds + " AND {rid} < :hi", hi
    if session.get_bind().dialect.name == "sqlite":
        score = f"-bm25(search_fts, {BM25_WEIGHTS})" if scored else "0.0"
        stmt = text(
            f"SELECT e.entity_id AS entity_id, search_fts.rowid AS rid, {score} AS score "
            "FROM search_fts CROSS JOIN search_entries e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH :expr AND e.entity_type = :etype"
            + bounds.format(rid="search_fts.rowid")
            + " LIMIT -1 OFFSET 0"
        ).bindparams(expr=fts5_expression(units), etype=entity_type, **params)
    else:
        conditions, queries = pg_conditions(units)
        if not scored:
            queries = {k: v for k, v in queries.items() if not k.startswith("rank_")}
        score = (
            "ts_rank(e.tsv, to_tsquery('simple', :rank_words)) + "
            f"{GRAMS_WEIGHT} * ts_rank(e.tsv_grams, to_tsquery('simple', :rank_grams))"
            if scored
            else "0.0"
        )
        stmt = text(
            f"SELECT e.entity_id AS entity_id, e.id AS rid, {score} AS score "
            f"FROM search_entries e WHERE e.entity_type = :etype AND {conditions}"
            + bounds.format(rid="e.id")
        ).bindparams(etype=entity_type, **queries, **params)
    return stmt.columns(entity_id=Integer, rid=Integer, score=Float).subquery("fts")


def match_subquery(session: Session, entity_type: str, query: str) -> Subquery | None:
    """A subquery of ``(entity_id, score)`` matching every query unit; higher score is better.

    Returns ``None`` when the query has no searchable token (only punctuation or stopwords).
    """
    units = query_units(session, query)
    return _matches(session, entity_type, units) if units else None


Narrow = Callable[[Select[Any], Any], Select[Any]]
Hit = tuple[int, float | None, int | None]  # (entry id, score, record id when known)


@dataclass
class Ranked:
    """One page of hits: ``(entity_id, score or None)`` in order, and the exact total."""

    total: int
    hits: list[tuple[int, float | None]]


def ranked_page(
    session: Session,
    entity_type: str,
    query: str,
    *,
    offset: int,
    limit: int,
    window: int,
    narrow: Narrow | None = None,
) -> Ranked:
    """A page of matches: the ``window`` most recently indexed ones ranked by relevance, then
    the older ones newest first; the total is exact.

    Ranking every match of a broad query (电池: 11,420 patents) costs bm25/ts_rank on each row;
    the window bounds that cost. ``narrow(stmt, entity_id)`` adds the caller's conditions
    (visibility, filters) to a select of matches; without it, SQLite answers from FTS5 alone.
    """
    units = query_units(session, query)
    if not units:
        return Ranked(0, [])
    rows = _RowSource(session, entity_type, units, narrow)
    total = rows.count()
    if total <= window:
        return Ranked(total, rows.resolve(rows.ranked(offset, limit)))
    lo = rows.nth_newest(window)
    found: list[Hit] = []
    if offset < window:
        found += rows.ranked(offset, min(limit, window - offset), lo=lo)
    if offset + limit > window:
        skip, take = max(0, offset - window), limit - len(found)
        found += rows.newest(skip, take, hi=lo)
    return Ranked(total, rows.resolve(found))


@dataclass
class _RowSource:
    """The statements of :func:`ranked_page`, as ``(rid, score)`` rows; ``rid`` is the entry id."""

    session: Session
    entity_type: str
    units: tuple[Unit, ...]
    narrow: Narrow | None

    @property
    def fts_only(self) -> bool:
        return self.narrow is None and self.session.get_bind().dialect.name == "sqlite"

    def _fts(self, columns: str, where: str = "", tail: str = "") -> Any:
        sql = f"SELECT {columns} FROM search_fts WHERE search_fts MATCH :expr {where} {tail}"
        return text(sql).bindparams(expr=fts5_expression(self.units, self.entity_type))

    def _select(self, scored: bool, lo: int | None = None, hi: int | None = None) -> Select[Any]:
        sub = _matches(self.session, self.entity_type, self.units, scored=scored, lo=lo, hi=hi)
        stmt = select(sub.c.rid, sub.c.score, sub.c.entity_id)
        return self.narrow(stmt, sub.c.entity_id) if self.narrow else stmt

    def count(self) -> int:
        if self.fts_only:
            return int(self.session.scalar(self._fts("count(*)")) or 0)
        stmt = select(func.count()).select_from(self._select(False).subquery())
        return int(self.session.scalar(stmt) or 0)

    def nth_newest(self, n: int) -> int:
        if self.fts_only:
            stmt = self._fts("rowid", tail="ORDER BY rowid DESC LIMIT 1 OFFSET :n")
            return int(self.session.scalar(stmt.bindparams(n=n - 1)) or 0)
        rid: ColumnClause[Any] = literal_column("rid")
        inner = self._select(False).order_by(rid.desc()).offset(n - 1).limit(1).subquery()
        return int(self.session.scalar(select(inner.c.rid)) or 0)

    def ranked(self, offset: int, limit: int, lo: int | None = None) -> list[Hit]:
        if self.session.get_bind().dialect.name == "sqlite":
            return self._ranked_in_python(offset, limit, lo)
        score: ColumnClause[Any] = literal_column("score")
        rid: ColumnClause[Any] = literal_column("rid")
        stmt = self._select(True, lo=lo).order_by(score.desc(), rid.desc())
        stmt = stmt.offset(offset).limit(limit)
        return [(int(r.rid), float(r.score), int(r.entity_id)) for r in self.session.execute(stmt)]

    def _ranked_in_python(self, offset: int, limit: int, lo: int | None) -> list[Hit]:
        """BM25 over the candidates with cached document frequencies (see search_rank)."""
        if self.fts_only:
            where = "AND rowid >= :lo" if lo is not None else ""
            stmt = self._fts("rowid", where).bindparams(**({"lo": lo} if lo is not None else {}))
            rids = [int(r) for r in self.session.scalars(stmt)]
        else:
            rids = [int(r.rid) for r in self.session.execute(self._select(False, lo=lo))]
        entries = select(
            SearchEntry.id, SearchEntry.entity_id, SearchEntry.tokens, SearchEntry.grams
        )
        docs = [
            Candidate(int(r.id), int(r.entity_id), r.tokens, r.grams)
            for r in self.session.execute(entries.where(SearchEntry.id.in_(rids)))
        ]
        n_docs, df = self._stats().lookup(
            terms_of(self.units), self._count_documents, self._count_term
        )
        scores = bm25_scores(self.units, docs, n_docs, df)
        ranked = sorted(zip(scores, docs, strict=True), key=lambda p: (-p[0], -p[1].rid))
        return [(doc.rid, score, doc.entity_id) for score, doc in ranked[offset : offset + limit]]

    def _stats(self) -> TermStats:
        stats = self.session.info.get("search_stats")
        return stats if isinstance(stats, TermStats) else TermStats()

    def _count_documents(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(SearchEntry)) or 0)

    def _count_term(self, term: str) -> int:
        stmt = text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :expr")
        return int(self.session.scalar(stmt, {"expr": '"' + term.replace('"', '""') + '"'}) or 0)

    def newest(self, offset: int, limit: int, hi: int) -> list[Hit]:
        if self.fts_only:
            stmt = self._fts(
                "rowid AS rid", "AND rowid < :hi", "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
            ).bindparams(hi=hi, limit=limit, offset=offset)
            return [(int(r.rid), None, None) for r in self.session.execute(stmt)]
        stmt = self._select(False, hi=hi).order_by(literal_column("rid").desc())
        stmt = stmt.offset(offset).limit(limit)
        return [(int(r.rid), None, int(r.entity_id)) for r in self.session.execute(stmt)]

    def resolve(self, found: list[Hit]) -> list[tuple[int, float | None]]:
        """``(entity_id, score)`` in order; entry ids read from the index are looked up."""
        missing = [rid for rid, _, entity_id in found if entity_id is None]
        ids: dict[int, int] = {}
        if missing:
            stmt = select(SearchEntry.id, SearchEntry.entity_id).where(SearchEntry.id.in_(missing))
            ids = {int(r.id): int(r.entity_id) for r in self.session.execute(stmt)}
        out = []
        for rid, score, entity_id in found:
            known = entity_id if entity_id is not None else ids.get(rid)
            if known is not None:
                out.append((known, score))
        return out


def count_entries(session: Session, entity_type: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(SearchEntry)
            .where(SearchEntry.entity_type == entity_type)
        )
        or 0
    )

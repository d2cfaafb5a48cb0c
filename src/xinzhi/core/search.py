"""Full-text search over app-side tokens, on SQLite (FTS5) and PostgreSQL (GIN on tsvector).

Both engines index the same space-separated token string, so results agree across backends;
the ranking function differs (FTS5 ``bm25`` vs ``ts_rank``), the matching set does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Float, Integer, delete, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from xinzhi.core.models import SearchEntry
from xinzhi.core.text import index_tokens, query_tokens

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "tokens, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries "
    "USING gin (to_tsvector('simple', tokens))"
]
PG_DROP = ["DROP INDEX IF EXISTS ix_search_entries_tsv"]


def create_index_objects(conn: Connection) -> None:
    for stmt in SQLITE_DDL if conn.dialect.name == "sqlite" else PG_DDL:
        conn.exec_driver_sql(stmt)


def drop_index_objects(conn: Connection) -> None:
    for stmt in SQLITE_DROP if conn.dialect.name == "sqlite" else PG_DROP:
        conn.exec_driver_sql(stmt)


def document_text(parts: Iterable[object]) -> str:
    """Join the searchable parts of a record into one token string."""
    words: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            part = " ".join(str(p) for p in part)
        if part:
            words += index_tokens(str(part))
    return " ".join(words)


def replace_entries(session: Session, entity_type: str, docs: Sequence[tuple[int, str]]) -> None:
    """Insert or replace the search entries of ``docs`` = ``[(entity_id, token_string)]``."""
    if not docs:
        return
    ids = [d[0] for d in docs]
    remove_entries(session, entity_type, ids)
    add_entries(session, entity_type, docs)


def add_entries(session: Session, entity_type: str, docs: Sequence[tuple[int, str]]) -> None:
    """Insert the entries of records that have none yet (just created).

    Bulk imports use this for new records: the DELETE of :func:`replace_entries` is wasted on
    them, and on PostgreSQL it degrades as one transaction fills the table (the planner's
    statistics still describe the empty table, so each DELETE scans every entry of the type).
    """
    if docs:
        session.execute(
            insert(SearchEntry),
            [{"entity_type": entity_type, "entity_id": i, "tokens": t} for i, t in docs],
        )


def remove_entries(session: Session, entity_type: str, ids: Sequence[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        session.execute(
            delete(SearchEntry).where(
                SearchEntry.entity_type == entity_type, SearchEntry.entity_id.in_(chunk)
            )
        )


def match_subquery(session: Session, entity_type: str, query: str) -> Subquery | None:
    """A subquery of ``(entity_id, score)`` matching every query token; higher score is better.

    Returns ``None`` when the query has no searchable token (only punctuation or stopwords).
    """
    tokens = query_tokens(query)
    if not tokens:
        return None
    if session.get_bind().dialect.name == "sqlite":
        expr = " ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        stmt = text(
            "SELECT e.entity_id AS entity_id, -bm25(search_fts) AS score FROM search_fts "
            "JOIN search_entries e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH :expr AND e.entity_type = :etype"
        ).bindparams(expr=expr, etype=entity_type)
    else:
        stmt = text(
            "SELECT e.entity_id AS entity_id, "
            "ts_rank(to_tsvector('simple', e.tokens), plainto_tsquery('simple', :expr)) AS score "
            "FROM search_entries e WHERE e.entity_type = :etype AND "
            "to_tsvector('simple', e.tokens) @@ plainto_tsquery('simple', :expr)"
        ).bindparams(expr=" ".join(tokens), etype=entity_type)
    return stmt.columns(entity_id=Integer, score=Float).subquery("fts")


def count_entries(session: Session, entity_type: str) -> int:
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count())
            .select_from(SearchEntry)
            .where(SearchEntry.entity_type == entity_type)
        )
        or 0
    )

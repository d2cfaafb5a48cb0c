"""Alembic migrations: reversible, in step with the models, and the Chinese search index."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from xinzhi.app import metadata
from xinzhi.core import migrate
from xinzhi.core.db import Database
from xinzhi.core.search import document, match_subquery, replace_entries

# Created by raw DDL in xinzhi.core.search, not by the models: the FTS5 table with its shadow
# tables (SQLite) and the GIN expression index (PostgreSQL).
# The stored tsvector column ``tsv`` of PostgreSQL is raw DDL too.
RAW_DDL_PREFIXES = ("search_fts", "ix_search_entries_tsv", "tsv")


def _made_by_models(obj: Any, name: str | None, type_: str, reflected: bool, other: Any) -> bool:
    return not (name or "").startswith(RAW_DDL_PREFIXES)


def test_upgrade_downgrade_upgrade_round_trip(db: Database) -> None:
    head = migrate.head_revision(db)
    assert migrate.current_revision(db) == head

    migrate.downgrade(db, "base")
    assert migrate.current_revision(db) is None
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

    migrate.upgrade(db)
    assert migrate.current_revision(db) == head
    assert set(metadata().tables) <= set(inspect(db.engine).get_table_names())


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _made_by_models}
        )
        differences = compare_metadata(context, metadata())
    assert differences == []


@pytest.mark.parametrize(
    ("query", "found"),
    [("锂电池", True), ("电池", True), ("动力锂电池回收", True), ("光伏", False)],
)
def test_chinese_search_index_finds_words_inside_a_title(
    db: Database, query: str, found: bool
) -> None:
    with db.write() as session:
        replace_entries(session, "achievement", [document(7, ["新能源汽车动力锂电池回收技术"])])
        replace_entries(session, "demand", [document(8, ["光伏组件清洗机器人"])])

    with db.read() as session:
        hits = match_subquery(session, "achievement", query)
        assert hits is not None
        ids = list(session.scalars(select(hits.c.entity_id)))
    assert ids == ([7] if found else [])


def test_search_migration_fills_bigrams_of_existing_records(db: Database) -> None:
    from tests.factories import make
    from xinzhi.catalog import service
    from xinzhi.catalog.entities import ENTITIES
    from xinzhi.core.security import ANONYMOUS

    make(db, "demands", title="光伏电池丝网印刷机", keywords=["印刷", "光伏"])
    migrate.downgrade(db, "0010_demand_status")
    migrate.upgrade(db)
    with db.read() as session:
        page = service.list_records(session, ENTITIES["demands"], ANONYMOUS, q="丝网印")
        assert [o.title for o in page.items] == ["光伏电池丝网印刷机"]

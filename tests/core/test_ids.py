"""Deleted ids are never handed out again, so a new record never inherits the links and the
audit history of a deleted one (SQLite AUTOINCREMENT from migration 0016; PostgreSQL
sequences)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import inspect

from tests.clients import Login
from xinzhi.core.db import Database
from xinzhi.core.models import Role


def test_a_new_record_does_not_inherit_a_deleted_records_links_or_audit(
    api: TestClient, login: Login
) -> None:
    login(Role.ADMIN)
    achievement = api.post("/api/v1/achievements", json={"title": "固态电解质膜制备"}).json()["id"]
    old = api.post("/api/v1/demands", json={"title": "电解质界面阻抗降低"}).json()["id"]
    link = {"source_type": "achievements", "source_id": achievement, "relation": "answers"}
    assert api.post("/api/v1/links", json={**link, "target_type": "demands", "target_id": old})
    assert api.delete(f"/api/v1/demands/{old}").status_code == 204  # the newest demand

    new = api.post("/api/v1/demands", json={"title": "另一条需求"}).json()["id"]
    assert new != old
    assert api.get(f"/api/v1/demands/{new}/links").json() == []
    history = api.get("/api/v1/audit", params={"entity_type": "demands", "entity_id": new}).json()
    assert [entry["action"] for entry in history] == ["create"]


def test_every_table_keyed_by_an_integer_id_uses_autoincrement_on_sqlite(db: Database) -> None:
    if not db.is_sqlite:
        return  # PostgreSQL sequences never go back
    with db.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type='table'")
        rows = {name: sql for name, sql in found}
    inspector = inspect(db.engine)
    keyed = [
        name
        for name in rows
        if not name.startswith(("sqlite_", "search_fts", "alembic"))
        and inspector.get_pk_constraint(name)["constrained_columns"] == ["id"]
    ]
    assert len(keyed) > 30
    assert [n for n in keyed if "AUTOINCREMENT" not in rows[n].upper()] == []
    triggers = conn_triggers(db)
    assert {"search_entries_ai", "search_entries_ad", "search_entries_au"} <= triggers


def conn_triggers(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        return {name for (name,) in found}


def test_migration_0013_keeps_rows_and_children_when_it_rebuilds_tables(db: Database) -> None:
    from alembic.script import ScriptDirectory

    from xinzhi.core import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config(db))
    before = script.get_revision("0016_accounts").down_revision
    assert isinstance(before, str)
    migrate.downgrade(db, "base")
    migrate.upgrade(db, before)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, display_name, email, password_hash, role, active, "
            "created_at, updated_at) VALUES (7, 'kept', 'kept', '', 'x', 'admin', true, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        conn.exec_driver_sql(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
            "VALUES (7, 'child', 'h', CURRENT_TIMESTAMP)"
        )
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        token = conn.exec_driver_sql("SELECT user_id, name, kind FROM api_tokens").all()
        assert token == [(7, "child", "api")]  # rebuilding users did not cascade to its tokens
        conn.exec_driver_sql("DELETE FROM api_tokens")
        conn.exec_driver_sql("DELETE FROM users WHERE id = 7")
        conn.exec_driver_sql(
            "INSERT INTO users (username, display_name, email, password_hash, role, active, "
            "created_at, updated_at) VALUES ('new', 'new', '', 'x', 'admin', true, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        new_id = conn.exec_driver_sql("SELECT id FROM users WHERE username='new'").scalar()
        conn.rollback()
    assert new_id != 7 if db.is_sqlite else new_id is not None

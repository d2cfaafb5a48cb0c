"""Engine and unit-of-work helpers.

SQLite is single-writer on purpose: WAL, ``busy_timeout`` and ``BEGIN IMMEDIATE`` for write
units, and one process-wide lock so the threads of one process queue for the write path instead
of fighting over it. PostgreSQL sits behind the same API; only the URL differs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from xinzhi.core import audit
from xinzhi.core.errors import QueryTimeout
from xinzhi.core.search_rank import TermStats
from xinzhi.core.settings import Settings

SYSTEM_ACTOR = "system"


@dataclass
class Database:
    """An engine, its session factory and the write lock for one database URL."""

    engine: Engine
    settings: Settings
    write_lock: threading.RLock = field(default_factory=threading.RLock)
    # Document frequencies for search ranking, shared by this database's sessions.
    search_stats: TermStats = field(default_factory=TermStats)

    def __post_init__(self) -> None:
        audit.install()
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.engine.execution_options(sqlite_immediate=True)
        self.write_sessionmaker = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(
        self, *, actor: str = SYSTEM_ACTOR, user_id: int | None = None, limited: bool = False
    ) -> Iterator[Session]:
        """A read-only unit of work: rolled back and closed at the end.

        ``limited`` applies ``query_timeout_seconds`` (for queries a user can shape).
        """
        session = self._session(self.sessionmaker, actor, user_id)
        try:
            if limited:
                self._apply_time_limit(session)
            yield session
        except OperationalError as exc:
            if limited and _is_timeout(exc):
                raise QueryTimeout(
                    f"the query ran longer than {self.settings.query_timeout_seconds:g} s and was "
                    "stopped; narrow it (more specific words or filters) and try again"
                ) from exc
            raise
        finally:
            raw = session.info.pop("sqlite_raw", None)
            if raw is not None:
                raw.set_progress_handler(None, 0)
            session.rollback()
            session.close()

    @contextmanager
    def write(self, *, actor: str = SYSTEM_ACTOR, user_id: int | None = None) -> Iterator[Session]:
        """A write unit of work: commit on success, roll back on error, close always."""
        with self.write_lock:
            session = self._session(self.write_sessionmaker, actor, user_id)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    def _session(self, factory: sessionmaker[Session], actor: str, user_id: int | None) -> Session:
        session = factory()
        session.info["actor"] = actor
        session.info["user_id"] = user_id
        session.info["settings"] = self.settings
        session.info["search_stats"] = self.search_stats
        return session

    def _apply_time_limit(self, session: Session) -> None:
        seconds = self.settings.query_timeout_seconds
        conn = session.connection()
        if self.is_sqlite:
            deadline = time.monotonic() + seconds
            raw = conn.connection.driver_connection
            assert raw is not None
            # Returning non-zero from the progress handler interrupts the running statement.
            raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
            session.info["sqlite_raw"] = raw
        else:
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(seconds * 1000)}")

    def dispose(self) -> None:
        self.engine.dispose()


def _is_timeout(exc: OperationalError) -> bool:
    """SQLite's progress-handler interrupt or PostgreSQL's statement_timeout cancellation."""
    text_ = str(exc.orig).lower()
    return "interrupted" in text_ or "statement timeout" in text_


def make_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings``; SQLite gets WAL and manual transaction control."""
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size,
        )
        _configure_sqlite(engine, settings)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=settings.db_pool_size, max_overflow=settings.db_pool_size
    )


def _configure_sqlite(engine: Engine, settings: Settings) -> None:
    # The pysqlite driver's own transaction handling is switched off so that BEGIN IMMEDIATE
    # (issued by Database.write) really starts the transaction; see SQLAlchemy's
    # "Serializable isolation / Savepoints / Transactional DDL" notes for pysqlite.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_database(settings: Settings) -> Database:
    return Database(engine=make_engine(settings), settings=settings)


def check_connection(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))

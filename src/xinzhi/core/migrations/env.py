"""Alembic environment: the engine comes from xinzhi's settings, never from an ini file.

On SQLite foreign keys are off while migrations run (batch mode copies tables) and checked
with ``PRAGMA foreign_key_check`` before the commit.

The target metadata (every domain's tables) is handed in by the caller as
``config.attributes["metadata"]``: core knows no domain. Upgrades do not need it;
autogenerate and the schema-drift test do.
"""

from __future__ import annotations

from alembic import context

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        # Batch mode rebuilds a table by copy, drop and rename; with foreign keys on, dropping
        # a parent would run its ON DELETE actions on the children. The pragma only works
        # outside a transaction, so it is set on the driver connection before one begins
        # (Alembic's "batch mode and foreign keys" advice); the keys are checked before commit.
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=config.attributes.get("metadata"),
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        connection.commit()
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")

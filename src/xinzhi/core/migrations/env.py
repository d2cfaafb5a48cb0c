"""Alembic environment: the engine comes from xinzhi's settings, never from an ini file.

The target metadata (every domain's tables) is handed in by the caller as
``config.attributes["metadata"]``: core knows no domain. Upgrades do not need it;
autogenerate and the schema-drift test do.
"""

from __future__ import annotations

from alembic import context

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=config.attributes.get("metadata"),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

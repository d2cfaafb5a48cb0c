"""Migration 0010: free-text demand statuses become codes and lose nothing."""

from __future__ import annotations

import json

import sqlalchemy as sa

from xinzhi.core.db import Database
from xinzhi.core.migrate import downgrade, upgrade


def test_labels_become_codes_and_other_text_moves_to_extra(db: Database) -> None:
    downgrade(db, "0009_notifications")
    with db.engine.begin() as conn:
        for i, status in enumerate(("open", "已解决", "进行中", ""), start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO demands (id, natural_key, source, content_hash, extra, title,"
                    " detail, field, keywords, budget_text, target_indicators, poster_type,"
                    " status, confidentiality, created_at, updated_at) VALUES (:i, :k, '', '',"
                    " '{}', :t, '', '', '[]', '', '[]', '', :s, 'public', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                ),
                {"i": i, "k": f"d{i}", "t": f"需求{i}", "s": status},
            )
    upgrade(db)
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, status, extra FROM demands ORDER BY id")).all()
    statuses = [r[1] for r in rows]
    assert statuses == ["open", "solved", "open", "open"]
    extra = rows[2][2] if isinstance(rows[2][2], dict) else json.loads(rows[2][2])
    assert extra == {"status_text": "进行中"}

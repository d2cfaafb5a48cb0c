"""demand status from a fixed list

Revision ID: 0010_demand_status
Revises: 0009_notifications
Create Date: 2026-12-06 02:30:00

A demand's status was free text; it is now one of open, engaged, signed, solved, closed (the
engagements domain moves it forward). Chinese labels become their codes; any other text is kept
in the record's ``extra`` as ``status_text`` and the status becomes ``open``, so nothing is lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_demand_status"
down_revision = "0009_notifications"
branch_labels = None
depends_on = None

CODES = {"open", "engaged", "signed", "solved", "closed"}
LABELS = {
    "待对接": "open",
    "已对接": "engaged",
    "已签约": "signed",
    "已解决": "solved",
    "已关闭": "closed",
    "关闭": "closed",
}
demands = sa.table(
    "demands", sa.column("id", sa.Integer), sa.column("status", sa.String),
    sa.column("extra", sa.JSON),
)  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(demands.c.id, demands.c.status, demands.c.extra)).all()
    for demand_id, status, extra in rows:
        text = (status or "").strip()
        if text in CODES:
            continue
        values: dict[str, object] = {"status": LABELS.get(text, "open")}
        if text and text not in LABELS:
            values["extra"] = {**(extra or {}), "status_text": text}
        bind.execute(demands.update().where(demands.c.id == demand_id).values(**values))


def downgrade() -> None:
    """Codes are valid free text: nothing to undo."""

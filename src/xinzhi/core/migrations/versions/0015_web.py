"""contact person, phone and e-mail on demands and organisations

Revision ID: 0015_web
Revises: 0010_demand_status
Create Date: 2026-12-06 03:00:00

The web forms ask who to contact about a demand or an organisation (联系人, 联系电话, 电子邮箱);
they were only kept in ``extra`` by imports before. Empty strings by default, so existing rows
need no data step.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_web"
down_revision = "0014_search"
branch_labels = None
depends_on = None

TABLES = ("organisations", "demands")
COLUMNS = (("contact_name", 64), ("contact_phone", 64), ("contact_email", 256))


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for name, length in COLUMNS:
                batch.add_column(
                    sa.Column(name, sa.String(length), nullable=False, server_default="")
                )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for name, _length in COLUMNS:
                batch.drop_column(name)

"""enterprise years: 收入总额 and 不征税收入

Revision ID: 0011_rules
Revises: 0010_demand_status
Create Date: 2026-12-06 03:10:00

高新技术企业 认定 compares 高新技术产品（服务）收入 with 总收入 = 收入总额 − 不征税收入
(国科发火〔2016〕195号 工作指引), not with 营业收入, so a fiscal year keeps both figures (万元).
Existing rows get NULL: unknown, which the rule reports as missing data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_rules"
down_revision = "0010_demand_status"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise_years") as batch:
        batch.add_column(sa.Column("total_income", sa.Double(), nullable=True))
        batch.add_column(sa.Column("non_taxable_income", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enterprise_years") as batch:
        batch.drop_column("non_taxable_income")
        batch.drop_column("total_income")

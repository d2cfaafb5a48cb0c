"""patent applicant aliases

Revision ID: 0004_patent_aliases
Revises: 0003_enterprise
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

revision = "0004_patent_aliases"
down_revision = "0003_enterprise"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

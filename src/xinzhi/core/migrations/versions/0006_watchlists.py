"""patent watchlists and warnings

Revision ID: 0006_watchlists
Revises: 0005_maturity
Create Date: 2026-11-23 05:00:00
"""

from __future__ import annotations

revision = "0006_watchlists"
down_revision = "0005_maturity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""Counted passcode attempts and scenario saves (issue 23, item 7): the ``login_attempts`` table, shared by every
instance on the store and kept across restarts (:mod:`readiness.store.attempts`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("window_start", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")

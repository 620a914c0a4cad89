"""Translations beside sourced texts (issue 13, item 8): ``events.title_id/title_en/unit_id/unit_en`` and
``undated.note_id/note_en``, optional text columns that the display layer picks by language.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ADDED = {"events": ("title_id", "title_en", "unit_id", "unit_en"), "undated": ("note_id", "note_en")}


def upgrade() -> None:
    for table, columns in _ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(sa.Column(column, sa.Text, nullable=True))


def downgrade() -> None:
    for table, columns in _ADDED.items():
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column)

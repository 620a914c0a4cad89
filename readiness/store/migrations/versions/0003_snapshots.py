"""Snapshots (issue 21): ``snapshots`` (a pinned moment: the newest revision id, the whole scoring spec, the
framework and domain-rule files in force by content hash, the app's version) and ``snapshot_files`` (each file's
content once). Both refuse UPDATE and DELETE (triggers): a snapshot is never altered.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLES = ("snapshots", "snapshot_files")


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("revision_id", sa.BigInteger, nullable=False),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
    )
    op.create_table(
        "snapshot_files",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("content", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION readiness_immutable() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION '% rows are never altered (snapshots are immutable)', TG_TABLE_NAME; END; "
                   "$$ LANGUAGE plpgsql")
        for table in _TABLES:
            op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION readiness_immutable()")
        return
    for table in _TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} BEGIN "
                       f"SELECT RAISE(ABORT, '{table} rows are never altered (snapshots are immutable)'); END")


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS readiness_immutable()")

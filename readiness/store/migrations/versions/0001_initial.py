"""Initial schema: entity tables, append-only revisions, data version.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

T, F, I = sa.Text, sa.Float, sa.Integer  # noqa: E741

_ENTITIES: dict[str, list[tuple[str, type]]] = {
    "sources": [("id", T), ("title", T), ("publisher", T), ("url", T), ("date", T), ("accessed", T), ("note", T)],
    "regions": [("code", T), ("name", T), ("short_name", T), ("kind", T), ("province", T), ("group", T),
                ("coord_source_id", T), ("area_source_id", T), ("note", T), ("lat", F), ("lon", F), ("area_km2", F)],
    "observations": [("region_code", T), ("indicator", T), ("source_id", T), ("note", T), ("confidence", T),
                     ("quote", T), ("year", I), ("value", F)],
    "labels": [("region_code", T), ("indicator", T), ("label", T), ("source_id", T), ("note", T), ("confidence", T),
               ("quote", T), ("year", I)],
    "events": [("id", T), ("region_code", T), ("date", T), ("kind", T), ("title", T), ("unit", T), ("measure", T),
               ("status", T), ("source_id", T), ("confidence", T), ("quote", T), ("note", T), ("count", I)],
    "undated": [("region_code", T), ("indicator", T), ("value", T), ("published", T), ("source_id", T), ("note", T),
                ("confidence", T), ("quote", T)],
    "scenarios": [("name", T), ("spec", T), ("note", T)],
}
_INDEXED = {"observations", "labels", "undated"}


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("batch", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("editor", sa.Text, nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("source_id", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("reverts", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_revisions_entity_key", "revisions", ["entity", "key", "id"])
    op.create_index("ix_revisions_batch", "revisions", ["batch"])
    version = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0, "updated_at": ""}])
    op.create_table("meta", sa.Column("key", sa.String(200), primary_key=True), sa.Column("value", sa.Text))
    for name, cols in _ENTITIES.items():
        op.create_table(
            name,
            sa.Column("key", sa.String(400), primary_key=True),
            sa.Column("seq", sa.BigInteger, nullable=False),
            sa.Column("revision_id", sa.BigInteger, nullable=False),
            *[sa.Column(c, kind, nullable=True) for c, kind in cols],
        )
        if name in _INDEXED:
            op.create_index(f"ix_{name}_region_code_indicator", name, ["region_code", "indicator"])


def downgrade() -> None:
    for name in reversed(list(_ENTITIES)):
        op.drop_table(name)
    op.drop_table("meta")
    op.drop_table("data_version")
    op.drop_table("revisions")

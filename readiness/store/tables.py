"""The store's tables (SQLAlchemy Core) and the entities kept under revision.

Each entity table holds the *current* records, one per key; every change to it is written in the same transaction
as an append-only row of ``revisions`` holding the old and the new record (JSON). The entity tables are therefore a
materialised view of the newest revision of each key, kept for fast reads; ``revisions`` is the record of truth.

The columns of the entity tables follow the table contracts in :mod:`readiness.model.schema`, so that the tables read
back
from the store validate exactly as the CSV files do. The Alembic migrations in ``migrations/versions`` create the same
tables; a test checks that the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import BigInteger, Column, Float, Index, Integer, MetaData, String, Table, Text

from readiness.model.schema import EVENTS, LABELS, OBSERVATIONS, REGIONS, SOURCES, UNDATED, TableSpec

__all__ = ["ENTITIES", "Entity", "data_version", "login_attempts", "meta", "metadata", "plain_value", "revisions",
           "snapshot_files", "snapshots", "typed_frame"]

metadata = MetaData()


def _entity_columns(spec: TableSpec) -> list[Column]:
    cols: list[Column] = [
        Column("key", String(400), primary_key=True),
        Column("seq", BigInteger, nullable=False),
        Column("revision_id", BigInteger, nullable=False),
    ]
    for c in spec.columns:
        kind = Integer if c in spec.integer else Float if c in spec.number else Text
        cols.append(Column(c, kind, nullable=True))
    return cols


revisions = Table(
    "revisions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("batch", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("editor", Text, nullable=False),
    Column("entity", String(32), nullable=False),
    Column("key", String(400), nullable=False),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("source_id", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("reverts", BigInteger, nullable=True),
    Index("ix_revisions_entity_key", "entity", "key", "id"),
    Index("ix_revisions_batch", "batch"),
)

data_version = Table(
    "data_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

#: Small settings written at seeding, e.g. ``columns:observations`` -> the seed file's column order (JSON).
meta = Table("meta", metadata, Column("key", String(200), primary_key=True), Column("value", Text))

scenarios = Table(
    "scenarios",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("revision_id", BigInteger, nullable=False),
    Column("name", Text, nullable=True),
    Column("spec", Text, nullable=True),
    Column("note", Text, nullable=True),
)

#: Snapshots (``readiness.store.snapshots``): a pinned moment, never updated (no update path; the migration adds
#: triggers that refuse UPDATE and DELETE). ``revision_id`` pins the data (the newest revision then, no copy of it),
#: ``spec`` the whole ScoringSpec (JSON), ``files`` the domain-rule and framework files in force (name -> content
#: hash in ``snapshot_files``, each content kept once however many snapshots use it).
snapshots = Table(
    "snapshots",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("created_at", String(32), nullable=False),
    Column("revision_id", BigInteger, nullable=False),
    Column("spec", Text, nullable=False),
    Column("files", Text, nullable=False),
    Column("app_version", String(40), nullable=False),
)

snapshot_files = Table(
    "snapshot_files",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("content", Text, nullable=False),
)

#: Counted attempts (migration ``0004``, :mod:`readiness.store.attempts`): ``key`` (``name:<client>|<name>``,
#: ``client:<client>``, ``total``, ``save:<editor>``), attempts in the current window, and the window's start
#: (seconds since the epoch). Not under revision: it is not data, and writing it never bumps the data version.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("window_start", Float, nullable=False),
)


@dataclass(frozen=True)
class Entity:
    """One kind of record under revision: its table, its table contract and the columns forming its key."""

    name: str
    table: Table
    spec: TableSpec | None
    key_columns: tuple[str, ...]
    seed_file: str | None

    @property
    def columns(self) -> tuple[str, ...]:
        """The record's columns (those of the table contract)."""
        if self.spec is None:
            return tuple(c.name for c in self.table.columns if c.name not in ("key", "seq", "revision_id"))
        return self.spec.columns

    def key_of(self, record: dict[str, object]) -> str:
        """The record's key: its key columns joined with ``|`` (e.g. ``64.71|spbe_index|2023``)."""
        return "|".join("" if record.get(c) is None else str(record[c]) for c in self.key_columns)


def _entity(name: str, spec: TableSpec, key: tuple[str, ...], *indexes: tuple[str, ...]) -> Entity:
    table = Table(name, metadata, *_entity_columns(spec))
    for cols in indexes:
        Index(f"ix_{name}_{'_'.join(cols)}", *[table.c[c] for c in cols])
    return Entity(name, table, spec, key, f"{name}.csv")


#: Entities by name, in seeding order (sources first: the others refer to them).
ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        _entity("sources", SOURCES, ("id",)),
        _entity("regions", REGIONS, ("code",)),
        _entity("observations", OBSERVATIONS, ("region_code", "indicator", "year"), ("region_code", "indicator")),
        _entity("labels", LABELS, ("region_code", "indicator", "year"), ("region_code", "indicator")),
        _entity("events", EVENTS, ("id",)),
        _entity("undated", UNDATED, ("region_code", "indicator", "value"), ("region_code", "indicator")),
        Entity("scenarios", scenarios, None, ("name",), None),
    )
}


def typed_frame(entity: Entity, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Records of a table-contract entity (tuples in the order of ``columns``) typed as its CSV loads: integers as
    ``Int64``, numbers as ``Float64``, the rest as strings. The store's current tables and a snapshot's tables are
    both built here, so they validate alike."""
    spec = entity.spec
    if spec is None:
        raise ValueError(f"{entity.name} has no table contract")
    data = {}
    for j, c in enumerate(columns):
        values = [r[j] for r in rows]
        if c in spec.integer:
            data[c] = pd.array(values, dtype="Int64")
        elif c in spec.number:
            data[c] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        else:
            data[c] = pd.Series(values, dtype=object).astype("string").array
    return pd.DataFrame(data, columns=list(columns))


def plain_value(value: Any) -> Any:
    """A record value as a JSON/SQL scalar: NA -> None, numpy numbers -> Python numbers."""
    kind = type(value)
    if kind in (str, int) or (kind is float and value == value):
        return value
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value

"""Alembic environment: migrations run programmatically on a connection handed over by :class:`Store`."""

from __future__ import annotations

from alembic import context

from readiness.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("run migrations through readiness.store.Store.init(), which passes a connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Alembic migrations of the store (run by :meth:`readiness.store.Store.init`)."""

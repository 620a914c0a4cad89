"""Errors of the store: access refused, a concurrent change, a stale preview."""

from __future__ import annotations

from readiness.errors import ReadinessError

__all__ = ["AccessError", "ConflictError", "StoreError"]


class StoreError(ReadinessError):
    """The store cannot do what was asked (unknown revision, unknown record, bad configuration)."""


class AccessError(StoreError):
    """A write was refused: no editor passcode configured, a wrong passcode, or too many wrong attempts."""


class ConflictError(StoreError):
    """The data changed since it was read (another editor or instance committed first); nothing was written."""

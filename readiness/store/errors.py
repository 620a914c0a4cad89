"""Errors of the store: access refused, a concurrent change, a stale preview."""

from __future__ import annotations

from readiness.errors import ReadinessError

__all__ = ["AccessError", "ConflictError", "SeedAheadError", "StoreError"]


class StoreError(ReadinessError):
    """The store cannot do what was asked (unknown revision, unknown record, bad configuration)."""


class AccessError(StoreError):
    """A write was refused: no editor passcode configured, a wrong passcode, or too many wrong attempts."""


class ConflictError(StoreError):
    """The data changed since it was read (another editor or instance committed first); nothing was written."""


class SeedAheadError(StoreError):
    """The seed folder's domain rules (method periods, bands, targets: files) cite sources the store does not hold:
    the store was seeded from an older ``data/``, and ``python -m readiness db sync`` brings the new records in.
    ``missing`` holds the source ids."""

    def __init__(self, missing: list[str], folder: str):
        self.missing, self.folder = tuple(missing), folder
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        super().__init__(
            f"the domain rules in {folder}/ cite sources this store does not hold yet ({shown}): the store was "
            f"seeded from an older {folder}/; run 'python -m readiness db sync --dry-run', then "
            f"'python -m readiness db sync --editor NAME' / aturan domain di {folder}/ merujuk sumber yang belum ada "
            f"di penyimpanan data ({shown}): penyimpanan diisi dari {folder}/ yang lebih lama; jalankan "
            f"'python -m readiness db sync --dry-run', lalu 'python -m readiness db sync --editor NAMA'")

"""Bring later edits of the seed folder (``data/``) into a store seeded earlier: ``python -m readiness db sync``.

The store is seeded once, from ``data/``; after that the dashboard reads the store, and a later edit of a file in
``data/`` (a corrected figure, a new region, a region moved to a new group) is not seen until it is brought in. The
store records the content hash of the folder it last took (:meth:`Store.seed_record
<readiness.store.Store.seed_record>`), so the dashboard can say when the folder has changed
(:func:`readiness.store.peek.seed_status`); :func:`plan` lists what changed and :func:`apply` writes it.

Per record (key), three versions are compared: the folder's now (*data*), the one the store last took from the
folder (*base*: the newest revision of that key in a seeding or sync batch) and the store's current one (*store*).

* data = store: nothing to do.
* store = base (nobody edited it in the store since): data is written: ``added``, ``changed`` or ``removed``.
* store ≠ base and data = base: an edit made in the store, while the folder did not change: kept, not listed.
* store ≠ base and data ≠ base: both changed: ``kept`` (the store's edit stays) and listed, so an editor can import
  the folder's value by hand if it should win.

Every write is an ordinary revision (editor, time, old and new record, reason) in one transaction with the new
hash: nothing is overwritten, everything is in the audit trail and any revision can be reverted.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.errors import DataError, ReadinessWarning
from readiness.model.datasets import cross_check, load_rules
from readiness.store.access import Editor
from readiness.store.peek import data_hash, seed_status
from readiness.store.store import Change, Store, seed_records
from readiness.store.tables import ENTITIES

__all__ = ["SyncItem", "SyncPlan", "apply", "plan"]

Record = dict[str, Any]


@dataclass(frozen=True)
class SyncItem:
    """One record that differs between the seed folder and the store.

    ``kind``: ``added``, ``changed`` or ``removed`` (written by :func:`apply`), or ``kept`` (edited in the store and
    changed in the folder too: the store's version stays). ``data`` and ``store`` are the two versions (None:
    absent); ``revision`` the store's current revision of the key (None: absent).
    """

    entity: str
    key: str
    kind: str
    data: Record | None
    store: Record | None
    revision: int | None

    def __str__(self) -> str:
        return f"{self.kind}: {self.entity} {self.key}"


@dataclass(frozen=True)
class SyncPlan:
    """What :func:`apply` would write: the differences between the seed folder and the store.

    ``folder`` is the seed folder, ``data_hash`` its content hash, ``status`` the store's
    (:func:`~readiness.store.peek.seed_status` before the sync: ``current``, ``changed`` or ``unrecorded``).
    """

    folder: Path
    data_hash: str
    status: str
    items: tuple[SyncItem, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many records are added, changed, removed and kept."""
        kinds = [item.kind for item in self.items]
        return {kind: kinds.count(kind) for kind in ("added", "changed", "removed", "kept")}

    @property
    def changes(self) -> list[Change]:
        """The writes (every item but ``kept``), each checked against the revision it was planned on."""
        return [Change(i.entity, i.key, i.data, base_revision=i.revision, source_id=(i.data or i.store or {})
                       .get("source_id")) for i in self.items if i.kind != "kept"]

    @property
    def up_to_date(self) -> bool:
        """Whether there is nothing to write, not even the folder's hash."""
        return self.status == "current" and not self.changes


def _bases(store: Store, batches: list[str] | None) -> dict[tuple[str, str], Record | None]:
    """(entity, key) -> the record the store last took from the seed folder (None: the folder removed it)."""
    revs = store.revisions()
    if revs.empty:
        return {}
    if batches is None:  # seeded before seeds were recorded: the seed is the first batch
        batches = [revs["batch"].iloc[0]]
    from_folder = revs[revs["batch"].isin(batches)]
    return {(e, k): v for e, k, v in zip(from_folder["entity"], from_folder["key"], from_folder["new_value"],
                                        strict=True)}  # oldest first: the newest wins


def _kind(data: Record | None, base: Record | None, current: Record | None) -> str | None:
    """What to do with one key (see the module docstring); None: nothing."""
    if data == current:
        return None
    if current != base:
        return None if data == base else "kept"
    return "added" if current is None else "removed" if data is None else "changed"


def plan(store: Store, folder: str | Path | None = None) -> SyncPlan:
    """Compare the seed folder (default: the store's, ``data/``) with the store.

    Raises
    ------
    DataError
        The folder is invalid, or the store's records after the sync would not refer to each other consistently
        (e.g. the folder removes a source that a figure edited in the store still cites): nothing can be written.
    """
    folder = Path(folder) if folder is not None else store.seed_dir
    data, _columns = seed_records(folder)
    record = store.seed_record()
    batches = record.get("seed:batches")
    bases = _bases(store, None if batches is None else list(json.loads(batches)))
    items: list[SyncItem] = []
    for name in data:
        entity = ENTITIES[name]
        current = store.current_records(name)
        for key in [*data[name], *(k for k in current if k not in data[name])]:
            new = data[name].get(key)
            new = None if new is None else {c: new.get(c) for c in entity.columns}
            revision, now = current.get(key, (None, None))
            kind = _kind(new, bases.get((name, key)), now)
            if kind is not None:
                items.append(SyncItem(name, key, kind, new, now, revision))
    current_hash = data_hash(folder)
    result = SyncPlan(folder, current_hash, seed_status(record.get("seed:hash"), current_hash), tuple(items))
    _check(store, result)
    return result


def _check(store: Store, sync: SyncPlan) -> None:
    """Cross-check the store's records as they would be after ``sync`` (a DataError lists every problem)."""
    if not sync.changes:
        return
    tables = load_rules(sync.folder)  # the domain rules stay files, as in Store.load_dataset
    written = {(c.entity, c.key): c.new for c in sync.changes}
    for name, entity in ENTITIES.items():
        if entity.seed_file is None:
            continue
        records: dict[str, Record | None] = {k: v[1] for k, v in store.current_records(name).items()}
        records.update({k: new for (e, k), new in written.items() if e == name})
        tables[name] = pd.DataFrame([r for r in records.values() if r is not None], columns=list(entity.columns))
    with warnings.catch_warnings():  # names that differ from the register: the folder's own load warned already
        warnings.simplefilter("ignore", ReadinessWarning)
        problems = cross_check(framework=store.framework, names={k: f"store after sync: {k}" for k in tables},
                               **tables)
    if problems:
        raise DataError(["the folder's changes do not fit the store's edits; nothing was written / perubahan "
                         "folder tidak cocok dengan suntingan di basis data; tidak ada yang disimpan:", *problems])


def apply(store: Store, sync: SyncPlan, *, editor: Editor, reason: str | None = None) -> list[int]:
    """Write the plan's changes as revisions and record the folder's hash, in one transaction; returns the new
    revision ids. ``kept`` items are not written.

    Raises
    ------
    AccessError
        ``editor`` did not come from the store's :class:`~readiness.store.Access` login.
    ConflictError
        A record changed after the plan was made; nothing is written (plan again).
    """
    why = reason or f"brought in from {sync.folder.name}/ (db sync)"
    return store.write(sync.changes, editor=editor, reason=why, seed_hash=sync.data_hash)

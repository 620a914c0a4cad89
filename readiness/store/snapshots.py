"""Snapshots: a moment of the store that can be reopened exactly, weeks later, after the data have changed.

A snapshot pins
* the data: the id of the newest revision at that moment (``revisions`` is append-only, so the records as of that
  id can always be rebuilt; nothing is copied);
* the scoring settings: the whole :class:`~readiness.ScoringSpec` (JSON);
* the framework and the domain rules in force (``framework.yaml``, ``groups.csv``, ``bands.csv``,
  ``method_periods.csv``, ``targets.csv``): they are files, not store records, so their content is kept in
  ``snapshot_files`` under its SHA-256 (each content once, however many snapshots use it);
* the app's version (package version and a hash of the library's code).

It gets a short id (8 characters of base32). Creating one writes only the snapshot's rows: nothing of the data, and
not the data version (viewers' caches stay valid). There is no update path, and the tables refuse UPDATE and DELETE
(triggers of migration 0003). Reading one needs no passcode.

:func:`dataset_of` rebuilds the snapshot's :class:`~readiness.Dataset` through the store's own loading path
(:func:`readiness.store.store.checked_dataset`: the same cross-checks and derived indicators); :func:`changes_since`
lists the values that differ between a snapshot and now, with who changed them, when and from which source.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import secrets
import tempfile
from base64 import b32encode
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import and_, case, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from readiness.model.cache import framework_path
from readiness.model.datasets import RULE_TABLES, Dataset, load_rules
from readiness.model.framework import Framework, load_framework
from readiness.pipeline.spec import ScoringSpec
from readiness.store.errors import StoreError
from readiness.store.store import Store, checked_dataset
from readiness.store.tables import ENTITIES, data_version, revisions, snapshot_files, snapshots, typed_frame

__all__ = ["Snapshot", "SnapshotError", "app_version", "changes_since", "create", "dataset_of", "files_changed",
           "framework_of", "get", "open_snapshot", "records_as_of", "rule_files"]

_ID = re.compile(r"^[a-z2-7]{8}$")
_PACKAGE = Path(__file__).resolve().parents[1]
#: The value entities a "what changed" list compares (the figures).
VALUE_ENTITY = "observations"


class SnapshotError(StoreError):
    """No such snapshot (or a malformed id)."""


@dataclass(frozen=True)
class Snapshot:
    """A pinned moment: ``id``, ``created_at`` (UTC, ISO), ``revision_id`` (the data), ``spec`` (the scoring
    settings), ``files`` (file name -> content hash) and ``app_version``."""

    id: str
    created_at: str
    revision_id: int
    spec: ScoringSpec
    files: Mapping[str, str]
    app_version: str

    @property
    def date(self) -> datetime:
        """When it was taken (UTC)."""
        return datetime.fromisoformat(self.created_at)


def app_version() -> str:
    """The package's version and a hash of the library's code (``0.2.0+code.1a2b3c4d``)."""
    try:
        version = importlib.metadata.version("kesiapan-penyangga-ikn")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{version}+code.{digest.hexdigest()[:8]}"


def rule_files(directory: Path) -> dict[str, str]:
    """The framework and domain-rule files of a dataset folder: name -> text (an optional rule file that is
    missing is left out, as :func:`readiness.model.datasets.load_rules` leaves it empty)."""
    paths = [framework_path(directory), *(directory / f"{name}.csv" for name in RULE_TABLES)]
    return {p.name: p.read_text(encoding="utf-8") for p in paths if p.exists()}


def _new_id() -> str:
    return b32encode(secrets.token_bytes(5)).decode("ascii").lower()


def create(store: Store, spec: ScoringSpec, *, stamp: tuple[int, str] | None = None) -> Snapshot:
    """Take a snapshot of ``store`` now, with ``spec``; returns it (its :attr:`Snapshot.id` is the short id).

    Writes one ``snapshots`` row and any file content not kept yet, in one transaction of its own: no revision,
    and the data version is not incremented. The revision pinned is the newest committed one: the transaction holds
    the writers' lock (the ``data_version`` row: ``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), and
    writers assign revision ids under it. ``stamp``: the :meth:`Store.data_stamp` of the data the caller shows (a
    page, or the data the spec was made from); when the store has moved on since, nothing is saved.

    Raises
    ------
    SnapshotError
        ``stamp`` is given and the store's data changed since.
    """
    files = rule_files(store.seed_dir)
    hashes = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in files.items()}
    created = datetime.now(UTC).isoformat(timespec="seconds")
    version = app_version()
    writer = store.engine.execution_options(readiness_write=True)  # SQLite: BEGIN IMMEDIATE, as other writes
    for _ in range(5):
        snap_id = _new_id()
        try:
            with writer.begin() as conn:
                now = tuple(conn.execute(select(data_version.c.version, data_version.c.updated_at)
                                         .where(data_version.c.id == 1).with_for_update()).one())
                if stamp is not None and (int(now[0]), str(now[1])) != (int(stamp[0]), str(stamp[1])):
                    raise SnapshotError("the data changed since this view was made (another editor saved); "
                                        "reload and save the snapshot again / data berubah sejak tampilan ini dibuat; "
                                        "muat ulang lalu simpan snapshot lagi")
                have = set(conn.execute(select(snapshot_files.c.hash)
                                        .where(snapshot_files.c.hash.in_(list(hashes.values())))).scalars())
                new = {h: files[n] for n, h in hashes.items() if h not in have}
                if new:
                    conn.execute(insert(snapshot_files), [{"hash": h, "content": c} for h, c in new.items()])
                revision = int(conn.execute(select(func.coalesce(func.max(revisions.c.id), 0))).scalar_one())
                conn.execute(insert(snapshots).values(id=snap_id, created_at=created, revision_id=revision,
                                                      spec=spec.to_json(), files=json.dumps(hashes, sort_keys=True),
                                                      app_version=version))
        except IntegrityError:  # an id taken already (1 in 10^12), or a file content saved at the same moment
            continue
        return Snapshot(snap_id, created, revision, spec, hashes, version)
    raise StoreError("could not save the snapshot (five attempts); try again")


def get(store: Store, snapshot_id: str) -> Snapshot:
    """The snapshot ``snapshot_id`` (case and spaces ignored).

    Raises
    ------
    SnapshotError
        The id is malformed or no such snapshot is stored.
    """
    key = str(snapshot_id).strip().lower()
    if not _ID.match(key):
        raise SnapshotError(f"snapshot {str(snapshot_id)[:40]!r}: not a snapshot id (8 letters and digits, e.g. "
                            "'k3v9q2ma') / bukan id snapshot")
    with store.engine.connect() as conn:
        row = conn.execute(select(snapshots).where(snapshots.c.id == key)).mappings().first()
    if row is None:
        raise SnapshotError(f"snapshot {key!r}: no such snapshot in this store / snapshot {key!r} tidak ada di "
                            "penyimpanan ini")
    return Snapshot(row["id"], row["created_at"], int(row["revision_id"]), ScoringSpec.from_json(row["spec"]),
                    json.loads(row["files"]), row["app_version"])


def _file_texts(store: Store, snap: Snapshot) -> dict[str, str]:
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(snapshot_files.c.hash, snapshot_files.c.content)
                                 .where(snapshot_files.c.hash.in_(list(snap.files.values())))).all())
    return {name: rows[h] for name, h in snap.files.items()}


def _with_files(store: Store, snap: Snapshot, load):
    """``load(folder)`` on a temporary folder holding the snapshot's framework and rule files (the loaders read
    files: the snapshot's are read by the same code as the live ones)."""
    with tempfile.TemporaryDirectory(prefix="readiness-snapshot-") as tmp:
        folder = Path(tmp)
        for name, text in _file_texts(store, snap).items():
            (folder / name).write_text(text, encoding="utf-8")
        return load(folder)


def files_changed(store: Store, snap: Snapshot) -> list[str]:
    """The framework and rule files whose content in force now (the store's seed folder) differs from the
    snapshot's, or that were added or removed since."""
    now = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in rule_files(store.seed_dir).items()}
    return sorted(n for n in now.keys() | snap.files.keys() if now.get(n) != snap.files.get(n))


def framework_of(store: Store, snap: Snapshot) -> Framework:
    """The framework in force when ``snap`` was taken."""
    return _with_files(store, snap, lambda d: load_framework(framework_path(d)))


def records_as_of(store: Store, revision_id: int, entity: str) -> list[tuple[str, int, dict | None]]:
    """``(key, revision id, record)`` of ``entity`` as of ``revision_id``: each key's newest revision up to it, in
    the order the keys were (last) created, which is the entity table's order (``seq``); removed keys left out."""
    r = revisions.c
    born = func.max(case((r.old_value.is_(None), r.id)))
    latest = (select(r.key, func.max(r.id).label("last"), born.label("born"))
              .where(r.entity == entity, r.id <= int(revision_id)).group_by(r.key).subquery())
    query = (select(latest.c.key, latest.c.last, r.new_value)
             .join(revisions, and_(r.id == latest.c.last)).order_by(latest.c.born, latest.c.key))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [(k, int(last), json.loads(v)) for k, last, v in rows if v is not None]


def _tables_as_of(store: Store, revision_id: int) -> dict[str, pd.DataFrame]:
    """The record tables as of ``revision_id``, typed as :meth:`Store.tables` types the current ones."""
    order = store.column_order()
    out = {}
    for name, entity in ENTITIES.items():
        if entity.spec is None:
            continue
        cols = order.get(name) or list(entity.spec.columns)
        rows = [tuple(rec.get(c) for c in cols) for _, _, rec in records_as_of(store, revision_id, name)]
        out[name] = typed_frame(entity, cols, rows)
    return out


def dataset_of(store: Store, snap: Snapshot) -> Dataset:
    """The snapshot's dataset: the records as of its revision, its framework and its domain rules, cross-checked
    and derived as the store's current data are (:func:`readiness.store.store.checked_dataset`)."""
    def load(folder: Path) -> Dataset:
        framework = load_framework(framework_path(folder))
        return checked_dataset(framework, {**load_rules(folder), **_tables_as_of(store, snap.revision_id)})

    return _with_files(store, snap, load)


def open_snapshot(url: str | None, snapshot_id: str) -> tuple[Snapshot, Dataset]:
    """The snapshot ``snapshot_id`` of the store at ``url`` (default: :func:`readiness.store.default_url`) and its
    dataset; the store is opened (migrated, seeded when empty) and closed again.

    Raises
    ------
    SnapshotError
        No such snapshot.
    StoreError
        The store cannot be reached.
    """
    store = Store(url)
    try:
        store.init()
        snap = get(store, snapshot_id)
        return snap, dataset_of(store, snap)
    except OperationalError as exc:
        raise StoreError(f"cannot use the store: {exc.orig or exc}") from None
    finally:
        store.close()


_CHANGE_COLUMNS = ["kind", "region_code", "indicator", "year", "old", "new", "source_id", "editor", "created_at",
                   "revision_id", "reason"]


def changes_since(store: Store, snap: Snapshot) -> pd.DataFrame:
    """The values that differ between ``snap`` and now, one row each, sorted by region, indicator and year:
    ``kind`` (``changed``, ``added``, ``removed``), ``region_code, indicator, year, old, new``, the source of the
    value now (``source_id``; of the removed value for ``removed``), and the newest revision since (``editor``,
    ``created_at``, ``revision_id``, ``reason``). A value changed and changed back is not listed."""
    then = {k: rec for k, _, rec in records_as_of(store, snap.revision_id, VALUE_ENTITY)}
    now = {k: rec for k, (_, rec) in store.current_records(VALUE_ENTITY).items()}
    rows = []
    for key in sorted(then.keys() | now.keys()):
        old, new = then.get(key), now.get(key)
        if old is not None and new is not None and old.get("value") == new.get("value") \
                and old.get("source_id") == new.get("source_id"):
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        rec = new or old
        rows.append({"kind": kind, "key": key, "region_code": rec["region_code"], "indicator": rec["indicator"],
                     "year": int(rec["year"]), "old": None if old is None else old.get("value"),
                     "new": None if new is None else new.get("value"), "source_id": rec.get("source_id")})
    frame = pd.DataFrame(rows, columns=["key", *_CHANGE_COLUMNS])
    if frame.empty:
        return frame.drop(columns="key")
    who = _latest_revisions(store, snap.revision_id, list(frame["key"]))
    for col in ("editor", "created_at", "revision_id", "reason"):
        frame[col] = frame["key"].map(lambda k, c=col: who.get(k, {}).get(c))
    return frame.drop(columns="key")[_CHANGE_COLUMNS].reset_index(drop=True)


def _latest_revisions(store: Store, after: int, keys: list[str]) -> dict[str, dict]:
    """key -> the newest observation revision after ``after`` (editor, time, id, reason)."""
    r = revisions.c
    out: dict[str, dict] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(keys), 2000):
            rows = conn.execute(select(r.key, r.editor, r.created_at, r.id, r.reason)
                                .where(r.entity == VALUE_ENTITY, r.id > int(after), r.key.in_(keys[i:i + 2000]))
                                .order_by(r.id)).all()
            for key, editor, created, rev, reason in rows:
                out[key] = {"editor": editor, "created_at": created, "revision_id": int(rev), "reason": reason}
    return out

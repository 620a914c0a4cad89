"""``python -m readiness db {init,import,sync,export,history,revert,template,hash-passcode,snapshot,since}``: the
store from the shell.

``snapshot`` pins the data as they are now with the scoring settings given (the options of ``score``) and prints its
id; ``since ID`` lists the values changed since a snapshot. Neither needs a passcode: they write no data.

Writes (``import``, ``sync``, ``revert``) need ``--editor NAME`` and the editors' passcode (asked for on a terminal,
or read from the first line of standard input with ``--passcode-stdin``); with no passcode configured they are
refused.
Exit status 0 on success, 2 on bad input or a refused write, with nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from readiness.cli.inputs import inputs_of
from readiness.cli.options import add_scoring_options
from readiness.errors import DataError
from readiness.io import neutralise_cells
from readiness.store import snapshots
from readiness.store import sync as store_sync
from readiness.store.access import Editor, hash_passcode
from readiness.store.errors import AccessError, StoreError
from readiness.store.importer import (
    Source,
    commit,
    export_observations,
    preview_file,
    write_template,
)
from readiness.store.peek import data_hash, seed_status
from readiness.store.store import Store

__all__ = ["register", "run"]


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``db`` command and its actions to ``python -m readiness``'s subparsers."""
    db = subparsers.add_parser(
        "db", help="the data store: init, import, sync, export, history, revert",
        description="The data store (SQLite in READINESS_DATA_DIR, default var/; PostgreSQL when DATABASE_URL is "
        "set). Every change is a revision; nothing is overwritten. Writes need --editor and the editors' passcode "
        "(READINESS_EDITOR_PASSCODE_HASH).")
    db.set_defaults(handler=run)
    db.add_argument("--url", help="SQLAlchemy URL of the store (default: DATABASE_URL, else the SQLite file)")
    act = db.add_subparsers(dest="action", required=True,
                            metavar="{init,import,sync,export,history,revert,template,hash-passcode,snapshot,since}")
    act.add_parser("init", help="create or upgrade the store; seed it from data/ when empty")

    def writer(p: argparse.ArgumentParser) -> None:
        p.add_argument("--editor", help="your name, recorded in every revision (required)")
        p.add_argument("--passcode-stdin", action="store_true",
                       help="read the editors' passcode from the first line of standard input")
        p.add_argument("--reason", help="why (recorded in every revision)")

    imp = act.add_parser("import", help="preview and commit a CSV/XLSX file (long or wide template layout)",
                         description="Preview a file (new, changed, unchanged, rejected values with reasons), then "
                         "commit all of it in one transaction, or nothing when any value is rejected.")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="preview only; write nothing (no passcode needed)")
    imp.add_argument("--source-title", help="source of every value whose row names none: title")
    imp.add_argument("--source-publisher", help="... publisher")
    imp.add_argument("--source-date", help="... date (2024, 2024-05 or 2024-05-31)")
    imp.add_argument("--source-url", default="", help="... URL (optional for a document)")
    writer(imp)
    syn = act.add_parser("sync", help="bring in what changed in data/ since the store was seeded, as revisions",
                         description="Compare data/ (READINESS_SEED_DIR) with the store and write what changed there "
                         "since the store was seeded or last synced, as revisions in one transaction. A record "
                         "edited in the store since is kept, and listed when data/ changed it too.")
    syn.add_argument("--dry-run", action="store_true", help="list the differences only; write nothing")
    writer(syn)
    exp = act.add_parser("export", help="write the current figures with their sources to .csv or .xlsx")
    exp.add_argument("file")
    his = act.add_parser("history", help="every revision of a value (region code and indicator)")
    his.add_argument("code")
    his.add_argument("indicator")
    his.add_argument("--year", type=int)
    rev = act.add_parser("revert", help="undo one revision (itself recorded as a new revision)")
    rev.add_argument("revision", type=int)
    writer(rev)
    tpl = act.add_parser("template", help="write the Excel import template")
    tpl.add_argument("file")
    tpl.add_argument("--year", type=int, help="year to fill in (default: last year)")
    act.add_parser("hash-passcode", help="print the hash of a passcode for READINESS_EDITOR_PASSCODE_HASH "
                   "(reads it twice on a terminal, or once from standard input)")
    snap = act.add_parser("snapshot", help="pin the data as they are now, with the scoring settings, and print the "
                          "snapshot's id (score --as-of ID and brief --snapshot ID reopen it)",
                          description="Save a snapshot: the store's newest revision (no copy of the data), the whole "
                          "scoring settings (the options below; default the dashboard's), the framework and "
                          "domain-rule files in force and the app's version. Writes no data and needs no passcode.")
    add_scoring_options(snap)
    since = act.add_parser("since", help="the values changed since a snapshot (CSV: kind, region, indicator, year, "
                           "old, new, source, editor, time, revision)")
    since.add_argument("snapshot", metavar="ID")
    return db


def _passcode(args: argparse.Namespace) -> str:
    if getattr(args, "passcode_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AccessError("no terminal to ask for the passcode; pass it on standard input with --passcode-stdin")
    return getpass.getpass("Editor passcode / kode akses editor: ")


def _login(store: Store, args: argparse.Namespace) -> Editor:
    if not store.access.enabled:
        store.access.login(args.editor or "-", "")  # raises the "editing is disabled" error
    if not args.editor:
        raise AccessError("give your name with --editor NAME (recorded in every revision)")
    # the command line's boundary is file and database access: whoever can run it with the store's settings can
    # also write to the database directly; the passcode records who wrote, and its attempts count as client "cli"
    return store.access.login(args.editor, _passcode(args), client="cli")


def run(args: argparse.Namespace) -> int:
    """Run one ``db`` action; returns the exit status (errors propagate to :func:`readiness.cli.commands.main`)."""
    if args.action == "hash-passcode":
        if sys.stdin.isatty():
            first = getpass.getpass("New passcode / kode akses baru: ")
            if getpass.getpass("Again / ulangi: ") != first:
                raise AccessError("the two passcodes differ / kedua kode akses berbeda")
        else:
            first = sys.stdin.readline().rstrip("\r\n")
        print(hash_passcode(first))
        return 0
    store = Store(args.url)
    try:
        return _run(store, args)
    except OperationalError as exc:
        raise StoreError(f"cannot use the store: {exc.orig or exc}") from None
    finally:
        store.close()


def _run(store: Store, args: argparse.Namespace) -> int:
    if args.action == "init":
        seeded = store.init()
        where = make_url(store.url).render_as_string(hide_password=True)
        print(f"store ready: {where}; {'seeded from ' + str(store.seed_dir) + '; ' if seeded else ''}"
              f"{store.revision_count()} revisions; data version {store.data_version()}")
        status = seed_status(store.seed_record().get("seed:hash"), data_hash(store.seed_dir))
        if status != "current":
            print(f"{store.seed_dir} has changed since the store was seeded" if status == "changed" else
                  f"the store does not record which {store.seed_dir} it was seeded from",
                  "'python -m readiness db sync --dry-run' lists the differences; "
                  "'python -m readiness db sync --editor NAME' brings them in", sep="; ")
        return 0
    store.init()
    if args.action == "sync":
        return _sync(store, args)
    if args.action == "import":
        editor = None if args.dry_run else _login(store, args)
        source = None
        if any((args.source_title, args.source_publisher, args.source_date)):
            source = Source(args.source_title or "", args.source_publisher or "", args.source_date or "",
                            args.source_url or "")
        preview = preview_file(args.file, store, default_source=source)
        counts = preview.counts
        print(f"{preview.file}: {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
              f"{counts['rejected']} rejected")
        for row in preview.rows:
            for note in row.notes:
                print(f"note: {row.where}: {note}", file=sys.stderr)
        if not preview.ok:
            raise DataError([*preview.problems(limit=200), "nothing was written / tidak ada yang disimpan"])
        if editor is None:
            print("dry run: nothing written")
            return 0
        ids = commit(store, preview, editor=editor, reason=args.reason)
        print(f"committed {len(ids)} revisions" + (f" ({ids[0]}-{ids[-1]})" if ids else "")
              + f"; data version {store.data_version()}")
        return 0
    if args.action == "export":
        path = export_observations(store, args.file)
        print(f"wrote {path}")
        return 0
    if args.action == "template":
        path = write_template(args.file, store, year=args.year)
        print(f"wrote {path}")
        return 0
    if args.action == "history":
        hist = store.history(args.code, args.indicator, args.year)
        if hist.empty:
            raise DataError(f"no revision for {args.code} {args.indicator}"
                            + (f" {args.year}" if args.year else ""))
        cols = ["id", "created_at", "editor", "year", "old", "new", "source_id", "reverts", "reason"]
        # names and reasons are typed by people: neutralised as every export is, so a spreadsheet shows them
        sys.stdout.write(neutralise_cells(hist[cols]).to_csv(index=False, lineterminator="\n"))
        return 0
    if args.action == "snapshot":
        stamp = store.data_stamp()  # the data the spec's default year and study regions come from
        dataset = store.load_dataset(stamp=stamp)
        snap = snapshots.create(store, inputs_of(dataset).spec(args), stamp=stamp)
        print(f"snapshot of revision {snap.revision_id}, {snap.spec.year}, {snap.app_version}", file=sys.stderr)
        print(snap.id)
        return 0
    if args.action == "since":
        changes = snapshots.changes_since(store, snapshots.get(store, args.snapshot))
        sys.stdout.write(changes.to_csv(index=False, lineterminator="\n"))
        return 0
    if args.action == "revert":
        editor = _login(store, args)
        new_id = store.revert(args.revision, editor=editor, reason=args.reason)
        print(f"reverted revision {args.revision} as revision {new_id}")
        return 0
    raise DataError(f"unknown db action {args.action!r}")  # pragma: no cover - argparse restricts the choices


def _sync(store: Store, args: argparse.Namespace) -> int:
    """``db sync``: list what changed in the seed folder, then write it (:mod:`readiness.store.sync`)."""
    plan = store_sync.plan(store)
    if plan.up_to_date:
        print(f"the store holds what {plan.folder} holds; nothing to bring in")
        return 0
    counts = plan.counts
    print(f"{plan.folder}: {counts['added']} added, {counts['changed']} changed, {counts['removed']} removed, "
          f"{counts['kept']} kept (edited in the store; the folder's version is not written)")
    for item in plan.items[:200]:
        print(f"  {item}")
    if len(plan.items) > 200:
        print(f"  ... and {len(plan.items) - 200} more")
    if args.dry_run:
        print("dry run: nothing written")
        return 0
    editor = _login(store, args)
    ids = store_sync.apply(store, plan, editor=editor, reason=args.reason)
    print(f"committed {len(ids)} revisions" + (f" ({ids[0]}-{ids[-1]})" if ids else "")
          + f"; the store now records {plan.folder} as seeded; data version {store.data_version()}")
    return 0

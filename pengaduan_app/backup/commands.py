"""Admin subcommands `backup` and `restore`; cli.py calls `register`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..config import get_settings
from ..errors import Refused
from ..i18n import translate
from ..media.stores import private_store, public_store
from .archive import Stores, Summary, backup, restore


def register(subparsers: argparse._SubParsersAction) -> None:
    save = subparsers.add_parser(
        "backup",
        help="write the database and every photo to one archive",
        description="A consistent copy of the database (SQLite online backup, or pg_dump), the public and "
        "private photos, and a manifest of row counts and checksums, in one tar file.",
    )
    save.add_argument("path", type=Path, help="the archive to write (must not exist yet)")
    save.set_defaults(func=run_backup)
    load = subparsers.add_parser(
        "restore",
        help="replace the database and put the photos back from an archive",
        description="Checks the whole archive first (checksums, database kind, schema revision, row counts) "
        "and refuses a damaged or mismatched one without changing anything.",
    )
    load.add_argument("path", type=Path, help="an archive made by `pengaduan backup`")
    load.set_defaults(func=run_restore)


def stores() -> Stores:
    return Stores(public=public_store(), private=private_store())


def run_backup(args: argparse.Namespace) -> int:
    if args.path.exists():
        return _refused("backup", Refused("backup.error.target_exists", path=str(args.path)))
    return _run("backup", lambda: backup(get_settings().db_url, stores(), args.path), args.path)


def run_restore(args: argparse.Namespace) -> int:
    return _run("restore", lambda: restore(get_settings().db_url, stores(), args.path), args.path)


def _run(name: str, action, path: Path) -> int:
    started = time.perf_counter()
    try:
        summary: Summary = action()
    except Refused as err:
        return _refused(name, err)
    rows = ", ".join(f"{table} {count}" for table, count in summary.counts.items() if count)
    print(f"{name} {path}: schema {summary.revision}; rows: {rows}; photo files: {summary.files}; "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return 0


def _refused(name: str, err: Refused) -> int:
    print(f"{name}: {translate('en', err.code, **err.params)}", file=sys.stderr)
    return 1

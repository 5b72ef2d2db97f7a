"""One backup archive (a tar file): the database copy, every photo, and a manifest of counts and checksums.

`restore` checks everything it can before it writes anything: the archive reads, every file's
checksum matches, the database kind and schema revision are this installation's, and (SQLite) the
copy's row counts are the manifest's. Only then are photos put back and the database replaced.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from alembic.script import ScriptDirectory

from ..errors import Refused
from ..media import PhotoStore
from . import database

FORMAT = "pengaduan-backup"
VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Stores:
    """The photo stores a backup covers, by the folder name they get in the archive."""

    public: PhotoStore
    private: PhotoStore

    def by_folder(self) -> dict[str, PhotoStore]:
        return {"media": self.public, "private": self.private}


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    files: int
    revision: str


@lru_cache(maxsize=1)
def head_revision() -> str:
    """This code's schema revision (the migrations do not change while it runs)."""
    from ..cli import alembic_config  # the CLI owns the alembic configuration

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def backup(db_url: str, stores: Stores, target: Path) -> Summary:
    """Write the archive to `target` (through a temporary file, so a failed run leaves no half archive)."""
    checksums: dict[str, str] = {}
    partial = target.with_name(f".{target.name}.partial")
    try:
        revision, counts = _write_archive(db_url, stores, partial, checksums)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return Summary(counts, len(checksums) - 1, revision)


def _write_archive(db_url: str, stores: Stores, partial: Path, checksums: dict[str, str]) -> tuple[str, dict]:
    """The database copy first, then each photo, the manifest last; fills `checksums` as it goes."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w") as archive:
        copy, counts, revision = database.dump(db_url, Path(work))
        with open(copy, "rb") as handle:
            checksums[copy.name] = _stream_sha256(handle)
        archive.add(copy, arcname=copy.name)
        for folder, store in stores.by_folder().items():
            for name in store.names():
                data = store.read(name)
                checksums[f"{folder}/{name}"] = _sha256(data)
                _add_bytes(archive, f"{folder}/{name}", data)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": database.kind_of(db_url),
            "schema_revision": revision,
            "counts": counts,
            "files": checksums,
        }
        _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return revision, counts


def restore(db_url: str, stores: Stores, source: Path) -> Summary:
    """Check the archive whole, then put its photos back and replace the database; refuses (Refused) first.

    Two passes over the archive (check, then write), so photos never need to fit in memory together.
    """
    manifest = _checked_manifest(source)
    here = database.kind_of(db_url)
    if manifest["database"] != here:
        raise Refused("backup.error.kind_mismatch", archive=manifest["database"], here=here)
    if manifest["schema_revision"] != head_revision():
        raise Refused("backup.error.revision_mismatch", archive=manifest["schema_revision"], here=head_revision())
    copy_name = database.SQLITE_FILE if here == "sqlite" else database.PG_FILE
    folders = stores.by_folder()
    photos = [name for name in manifest["files"] if name != copy_name]
    if copy_name not in manifest["files"]:
        raise Refused("backup.error.damaged", detail=f"{copy_name} missing")
    for member in photos:
        folder, _, name = member.partition("/")
        if folder not in folders or not PhotoStore.is_stored_name(name):
            raise Refused("backup.error.damaged", detail=f"unexpected {member}")
    with tempfile.TemporaryDirectory() as work, tarfile.open(source, "r") as archive:
        copy = Path(work) / copy_name
        with archive.extractfile(copy_name) as data, open(copy, "wb") as out:
            shutil.copyfileobj(data, out)
        if here == "sqlite":
            _check_sqlite_copy(copy, manifest)
        for member in photos:
            folder, _, name = member.partition("/")
            folders[folder].put(name, archive.extractfile(member).read())
        database.restore(db_url, copy)
    counts, revision = database.live_facts(db_url)
    if counts != manifest["counts"]:
        raise Refused("backup.error.counts_after_restore", detail=_difference(manifest["counts"], counts))
    return Summary(counts, len(photos), revision)


def _checked_manifest(source: Path) -> dict:
    """The manifest, once every member is found to match its checksum (and nothing else is there)."""
    try:
        with tarfile.open(source, "r") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if MANIFEST not in members:
                raise Refused("backup.error.not_a_backup", path=str(source))
            manifest = json.loads(archive.extractfile(members.pop(MANIFEST)).read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise Refused("backup.error.not_a_backup", path=str(source))
            if manifest.get("version") != VERSION:
                raise Refused("backup.error.version", version=manifest.get("version"))
            expected: dict[str, str] = manifest["files"]
            if set(members) != set(expected):
                detail = ", ".join(sorted(set(members) ^ set(expected))[:5])
                raise Refused("backup.error.damaged", detail=f"files differ from the manifest: {detail}")
            bad = sorted(name for name, member in members.items() if _member_sha256(archive, member) != expected[name])
    except (OSError, tarfile.TarError, EOFError, json.JSONDecodeError, UnicodeDecodeError, KeyError) as err:
        raise Refused("backup.error.damaged", detail=str(err) or type(err).__name__) from err
    if bad:
        raise Refused("backup.error.damaged", detail=f"checksum mismatch: {', '.join(bad[:5])}")
    return manifest


def _member_sha256(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    with archive.extractfile(member) as data:
        return _stream_sha256(data)


def _stream_sha256(data: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: data.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _check_sqlite_copy(copy: Path, manifest: dict) -> None:
    try:
        counts, revision = database.sqlite_facts(copy)
    except sqlite3.DatabaseError as err:
        raise Refused("backup.error.damaged", detail=f"database copy: {err}") from err
    if counts != manifest["counts"] or revision != manifest["schema_revision"]:
        raise Refused("backup.error.damaged", detail=_difference(manifest["counts"], counts))


def _difference(expected: dict[str, int], found: dict[str, int]) -> str:
    return ", ".join(f"{t}: {expected.get(t)} ≠ {found.get(t)}" for t in sorted(set(expected) | set(found))
                     if expected.get(t) != found.get(t)) or "schema revision"  # fmt: skip


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o644
    archive.addfile(info, io.BytesIO(data))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

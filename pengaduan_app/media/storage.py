"""Content-addressed photo files: names come from the hash of our own output, never from the user."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pengaduan_app.media.processing import ProcessedPhoto

_NAME = re.compile(r"[0-9a-f]{64}(_t)?\.jpg")


@dataclass(frozen=True)
class StoredPhoto:
    filename: str
    thumb_filename: str
    created: bool  # False when the same photo was already stored (e.g. for another report)


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def save(self, photo: ProcessedPhoto) -> StoredPhoto:
        """Write the photo and its thumbnail atomically; storing the same photo again is a no-op."""
        filename, thumb_filename = f"{photo.sha256}.jpg", f"{photo.sha256}_t.jpg"
        files = ((self.path(filename), photo.image), (self.path(thumb_filename), photo.thumbnail))
        self.root.mkdir(parents=True, exist_ok=True)
        missing = [(target, data) for target, data in files if not target.exists()]
        for target, data in missing:
            _write_atomically(target, data)
        if missing:
            _fsync_dir(self.root)
        return StoredPhoto(filename, thumb_filename, created=bool(missing))

    @staticmethod
    def is_stored_name(filename: str) -> bool:
        """Whether a name is one this store could have made (content hash, optional thumbnail mark)."""
        return bool(_NAME.fullmatch(filename))

    def path(self, filename: str) -> Path:
        """Where a stored file lives; refuses any name we could not have made (so safe for serving by name)."""
        if not self.is_stored_name(filename):
            raise ValueError(f"not a stored photo name: {filename!r}")
        return self.root / filename

    def names(self) -> list[str]:
        """Every stored file, sorted (backups walk them); stray files of other names are not ours."""
        if not self.root.is_dir():
            return []
        return sorted(entry.name for entry in self.root.iterdir() if self.is_stored_name(entry.name))

    def read(self, filename: str) -> bytes:
        return self.path(filename).read_bytes()

    def put(self, filename: str, data: bytes) -> None:
        """Store a file under a name we made earlier (a restore); same atomic write as `save`."""
        target = self.path(filename)
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)

    def probe(self) -> None:
        """Write and remove a small file (the health check); raises OSError when the store takes no write."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".probe-")
        os.close(fd)
        Path(name).unlink()

    def delete(self, stored: StoredPhoto) -> None:
        """Undo `save` (e.g. when the DB transaction fails); missing files are fine.

        Files that already existed before that save are kept: they belong to another report.
        """
        if not stored.created:
            return
        for name in (stored.filename, stored.thumb_filename):
            self.path(name).unlink(missing_ok=True)


def _write_atomically(target: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename: readers see the whole file or none."""
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; a web server in front may need to read it
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _fsync_dir(directory: Path) -> None:
    """Make the renames durable before the DB row that points at them is committed (POSIX only)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Content-addressed photo files: names come from the hash of our own output, never from the user.

`PhotoStore` holds the rules (names, save-once, undo); a store only knows how to keep bytes under a
name: `MediaStore` in a local folder (the default), `S3Store` (s3.py) in an S3-compatible bucket.
`stores.py` picks them from the settings.
"""

from __future__ import annotations

import os
import re
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from pengaduan_app.media.processing import ProcessedPhoto

_NAME = re.compile(r"[0-9a-f]{64}(_t)?\.jpg")


@dataclass(frozen=True)
class StoredPhoto:
    filename: str
    thumb_filename: str
    created: bool  # False when the same photo was already stored (e.g. for another report)


class PhotoStore(ABC):
    @staticmethod
    def is_stored_name(filename: str) -> bool:
        """Whether a name is one a store could have made (content hash, optional thumbnail mark)."""
        return bool(_NAME.fullmatch(filename))

    @classmethod
    def check_name(cls, filename: str) -> str:
        """The name, or ValueError for any name we could not have made (so safe for serving by name)."""
        if not cls.is_stored_name(filename):
            raise ValueError(f"not a stored photo name: {filename!r}")
        return filename

    def save(self, photo: ProcessedPhoto) -> StoredPhoto:
        """Store the photo and its thumbnail; storing the same photo again is a no-op."""
        filename, thumb_filename = f"{photo.sha256}.jpg", f"{photo.sha256}_t.jpg"
        files = ((filename, photo.image), (thumb_filename, photo.thumbnail))
        missing = [(name, data) for name, data in files if not self.exists(name)]
        for name, data in missing:
            self.put(name, data)
        if missing:
            self._made_durable()
        return StoredPhoto(filename, thumb_filename, created=bool(missing))

    def delete(self, stored: StoredPhoto) -> None:
        """Undo `save` (e.g. when the DB transaction fails); missing files are fine.

        Files that already existed before that save are kept: they belong to another report.
        """
        if not stored.created:
            return
        for name in (stored.filename, stored.thumb_filename):
            self.remove(name)

    @abstractmethod
    def exists(self, filename: str) -> bool: ...

    @abstractmethod
    def read(self, filename: str) -> bytes:
        """The stored bytes; FileNotFoundError when there is no such file."""

    @abstractmethod
    def put(self, filename: str, data: bytes) -> None:
        """Store bytes under a name (whole or not at all)."""

    @abstractmethod
    def remove(self, filename: str) -> None:
        """Delete a file; a missing one is fine."""

    @abstractmethod
    def names(self) -> list[str]:
        """Every stored file, sorted (backups walk them); stray files of other names are not ours."""

    @abstractmethod
    def probe(self) -> None:
        """Write and remove a small object (the health check); OSError when the store takes no write."""

    @abstractmethod
    def _made_durable(self) -> None:
        """Called after new files were written, before the database row that points at them is committed."""


class MediaStore(PhotoStore):
    """Photos in a local folder (one every worker can reach)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, filename: str) -> Path:
        """Where a stored file lives; refuses any name we could not have made."""
        return self.root / self.check_name(filename)

    def exists(self, filename: str) -> bool:
        return self.path(filename).is_file()

    def read(self, filename: str) -> bytes:
        return self.path(filename).read_bytes()

    def put(self, filename: str, data: bytes) -> None:
        target = self.path(filename)
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)

    def remove(self, filename: str) -> None:
        self.path(filename).unlink(missing_ok=True)

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(entry.name for entry in self.root.iterdir() if self.is_stored_name(entry.name))

    def probe(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".probe-")
        os.close(fd)
        Path(name).unlink()

    def _made_durable(self) -> None:
        _fsync_dir(self.root)


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

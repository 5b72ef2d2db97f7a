"""A report's photos: uploads checked and processed in the domain, then stored as files plus rows, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ..config import Settings
from ..db import after_rollback
from ..media import MediaStore, PhotoError, ProcessedPhoto, StoredPhoto, process_photo
from ..models import Photo, Report
from ..models.types import utcnow


@dataclass(frozen=True)
class UploadedPhoto:
    filename: str
    data: bytes


def checked_photo(data: bytes, settings: Settings) -> ProcessedPhoto:
    """One photo processed under the city's limits; raises PhotoError."""
    return process_photo(
        data,
        max_bytes=settings.max_photo_bytes,
        max_pixels=settings.max_photo_pixels,
        max_side=settings.photo_max_side,
        thumb_side=settings.thumb_max_side,
    )


def process_uploads(photos: list[UploadedPhoto], settings: Settings) -> list[ProcessedPhoto]:
    """Decode, check and resize each upload; PhotoError (naming the file) for the first bad one."""
    processed = []
    for photo in photos:
        try:
            processed.append(checked_photo(photo.data, settings))
        except PhotoError as err:
            raise PhotoError(err.code, **{**err.params, "file": photo.filename[:80]}) from None
    return processed


def attach_photos(
    session: Session,
    report: Report,
    photos: list[ProcessedPhoto],
    kind: str,
    store: MediaStore,
    *,
    at: datetime | None = None,
) -> None:
    """Store each photo's files and its row (`kind` "report" or "after"); the files this call wrote are removed
    again if the caller's transaction does not commit."""
    stored: list[StoredPhoto] = []
    try:
        for position, photo in enumerate(photos):
            files = store.save(photo)
            stored.append(files)
            session.add(
                Photo(
                    report_id=report.id,
                    kind=kind,
                    position=position,
                    sha256=photo.sha256,
                    filename=files.filename,
                    thumb_filename=files.thumb_filename,
                    width=photo.width,
                    height=photo.height,
                    created_at=at or utcnow(),
                )
            )
        session.flush()
    except BaseException:
        _discard(store, stored)
        raise
    after_rollback(session, lambda: _discard(store, stored))


def _discard(store: MediaStore, stored: list[StoredPhoto]) -> None:
    """Remove the files this attempt wrote (files other reports already had stay)."""
    for files in stored:
        store.delete(files)

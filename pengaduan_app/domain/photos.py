"""A report's photos: uploads checked and processed in the domain, then stored as files plus rows, all or nothing;
and the field check (was the after photo taken where the report is?).

The field check is for supervisors, from the photo's own GPS. The position is read from the upload's EXIF by the
photo pipeline before every byte of metadata is stripped (media.processing); only the distance is kept. A photo
without a position says nothing (many phones strip it, and an officer may not have location on): only a
position farther than `after_photo_max_distance_m` marks the report "foto jauh dari lokasi". With several
photos the farthest counts, since one photo from elsewhere is what a supervisor wants to see. Who sees the
mark: the level above the unit that did the work (a camat for his kelurahan's reports), admins and moderators
(domain.permissions.may_see_field_check).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ..config import Settings
from ..db import after_rollback
from ..media import PhotoError, PhotoStore, ProcessedPhoto, StoredPhoto, process_photo
from ..models import Photo, Report
from ..models.types import utcnow
from .duplicates import haversine_m


# Uploads and stored photos.
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
    store: PhotoStore,
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


def _discard(store: PhotoStore, stored: list[StoredPhoto]) -> None:
    """Remove the files this attempt wrote (files other reports already had stay)."""
    for files in stored:
        store.delete(files)


# The field check: was the after photo taken at the place?
def check_after_photos(report: Report, photos: list[ProcessedPhoto], settings: Settings) -> int | None:
    """Store on `report` the farthest photo's distance from its place and whether that is too far (a resolution
    without any positioned photo clears an earlier mark); returns the distance in metres or None."""
    here = (report.latitude, report.longitude)
    distances = [haversine_m(photo.gps, here) for photo in photos if photo.gps is not None]
    farthest = round(max(distances)) if distances else None
    report.after_photo_distance_m = farthest
    report.after_photo_far = farthest is not None and farthest > settings.after_photo_max_distance_m
    return farthest

"""Was the after photo taken where the report is? A check for supervisors, from the photo's own GPS.

The position is read from the upload's EXIF by the photo pipeline before every byte of metadata is stripped
(media.processing); only the distance is kept. A photo without a position says nothing (many phones strip it,
and an officer may not have location on): only a position farther than `after_photo_max_distance_m` marks the
report "foto jauh dari lokasi". With several photos the farthest counts, since one photo from elsewhere is
what a supervisor wants to see. Who sees the mark: the level above the unit that did the work (a camat for
his kelurahan's reports), admins and moderators (domain.permissions.may_see_field_check).
"""

from __future__ import annotations

from ..config import Settings
from ..media import ProcessedPhoto
from ..models import Report
from .duplicates import haversine_m


def check_after_photos(report: Report, photos: list[ProcessedPhoto], settings: Settings) -> int | None:
    """Store on `report` the farthest photo's distance from its place and whether that is too far (a resolution
    without any positioned photo clears an earlier mark); returns the distance in metres or None."""
    here = (report.latitude, report.longitude)
    distances = [haversine_m(photo.gps, here) for photo in photos if photo.gps is not None]
    farthest = round(max(distances)) if distances else None
    report.after_photo_distance_m = farthest
    report.after_photo_far = farthest is not None and farthest > settings.after_photo_max_distance_m
    return farthest

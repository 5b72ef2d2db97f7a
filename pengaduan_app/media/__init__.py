"""Photo intake: decode, limits, strip metadata, resize, store. Plain Python, no Reflex."""

from pengaduan_app.media.errors import PHOTO_ERROR_CODES, PhotoError
from pengaduan_app.media.processing import ProcessedPhoto, process_photo, read_gps, sniff_format
from pengaduan_app.media.storage import MediaStore, PhotoStore, StoredPhoto

__all__ = [
    "PHOTO_ERROR_CODES",
    "MediaStore",
    "PhotoError",
    "PhotoStore",
    "ProcessedPhoto",
    "StoredPhoto",
    "process_photo",
    "read_gps",
    "sniff_format",
]

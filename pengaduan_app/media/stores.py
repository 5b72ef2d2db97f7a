"""The two photo stores the settings describe: public photos, and originals kept for admins.

Local folders by default (`PENGADUAN_DATA_DIR/media` and `/private`); with PENGADUAN_MEDIA_URL=s3://bucket/prefix,
the `media/` and `private/` folders under that prefix of the bucket.
"""

from __future__ import annotations

from ..config import Settings, get_settings
from .storage import MediaStore, PhotoStore


def public_store(settings: Settings | None = None) -> PhotoStore:
    """Photos shown with reports (served by name at /media)."""
    return _store(settings or get_settings(), "media")


def private_store(settings: Settings | None = None) -> PhotoStore:
    """Originals behind redactions: never under /media, only for admins through /staf/asli."""
    return _store(settings or get_settings(), "private")


def _store(settings: Settings, folder: str) -> PhotoStore:
    if not settings.media_url:
        return MediaStore(settings.data_dir / folder)
    from .s3 import S3Location, S3Store  # boto3 loads only where a bucket is used

    location = S3Location.parse(
        settings.media_url,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )
    return S3Store(location, folder)

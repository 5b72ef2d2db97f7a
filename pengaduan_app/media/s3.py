"""Photos in an S3-compatible bucket (AWS S3, MinIO, Ceph) through boto3.

Objects are written private (no ACL is ever set) and only read by the app: every photo reaches a
browser through the app's own routes, so the privacy rules (originals for admins only, confidential
reports) hold exactly as with a local folder. boto3 clients are thread-safe, so one is shared per process.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .storage import PhotoStore

_MISSING = {"404", "NoSuchKey", "NotFound"}


@dataclass(frozen=True)
class S3Location:
    """Where the bucket is and how to reach it (from the PENGADUAN_MEDIA_URL and PENGADUAN_S3_* settings)."""

    bucket: str
    prefix: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None

    @classmethod
    def parse(cls, media_url: str, **connection) -> S3Location:
        """`s3://bucket/some/prefix` → bucket and prefix (without slashes at either end)."""
        parts = urlsplit(media_url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"PENGADUAN_MEDIA_URL must look like s3://bucket/prefix, not {media_url!r}")
        return cls(parts.netloc, parts.path.strip("/"), **connection)


@lru_cache(maxsize=8)
def _client(location: S3Location):
    return boto3.client(
        "s3",
        endpoint_url=location.endpoint_url or None,
        region_name=location.region or None,
        aws_access_key_id=location.access_key_id or None,
        aws_secret_access_key=location.secret_access_key or None,
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
    )


class S3Store(PhotoStore):
    """One folder of the bucket (`media/` for public photos, `private/` for originals) under the prefix."""

    def __init__(self, location: S3Location, folder: str) -> None:
        self.location = location
        self._base = "/".join(part for part in (location.prefix, folder) if part) + "/"

    def _key(self, filename: str) -> str:
        return self._base + self.check_name(filename)

    def exists(self, filename: str) -> bool:
        try:
            _client(self.location).head_object(Bucket=self.location.bucket, Key=self._key(filename))
        except ClientError as err:
            if _code(err) in _MISSING:
                return False
            raise
        return True

    def read(self, filename: str) -> bytes:
        try:
            answer = _client(self.location).get_object(Bucket=self.location.bucket, Key=self._key(filename))
        except ClientError as err:
            if _code(err) in _MISSING:
                raise FileNotFoundError(filename) from err
            raise
        return answer["Body"].read()

    def put(self, filename: str, data: bytes) -> None:
        _client(self.location).put_object(
            Bucket=self.location.bucket, Key=self._key(filename), Body=data, ContentType="image/jpeg"
        )

    def remove(self, filename: str) -> None:
        _client(self.location).delete_object(Bucket=self.location.bucket, Key=self._key(filename))

    def names(self) -> list[str]:
        pages = _client(self.location).get_paginator("list_objects_v2")
        found = []
        for page in pages.paginate(Bucket=self.location.bucket, Prefix=self._base):
            for item in page.get("Contents", []):
                name = item["Key"][len(self._base) :]
                if self.is_stored_name(name):
                    found.append(name)
        return sorted(found)

    def _made_durable(self) -> None:
        """Nothing to do: S3 answers a PUT once the object is stored."""

    def probe(self) -> None:
        key = f"{self._base}.probe-{uuid.uuid4().hex}"
        try:
            client = _client(self.location)
            client.put_object(Bucket=self.location.bucket, Key=key, Body=b"")
            client.delete_object(Bucket=self.location.bucket, Key=key)
        except (BotoCoreError, ClientError) as err:
            raise OSError(f"bucket {self.location.bucket}: {type(err).__name__}") from err


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))

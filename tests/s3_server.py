"""moto's S3 server on a free loopback port, for tests and the e2e server: a real HTTP S3 endpoint."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3

REGION = "us-east-1"
KEYS = {"aws_access_key_id": "pengaduan-test", "aws_secret_access_key": "pengaduan-test-secret"}


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    name: str
    prefix: str

    def environment(self) -> dict[str, str]:
        """The settings that point Pengaduan at this bucket and prefix."""
        return {
            "PENGADUAN_MEDIA_URL": f"s3://{self.name}/{self.prefix}",
            "PENGADUAN_S3_ENDPOINT_URL": self.endpoint,
            "PENGADUAN_S3_REGION": REGION,
            "PENGADUAN_S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
            "PENGADUAN_S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        }

    @classmethod
    def of(cls, environment: dict[str, str]) -> Bucket | None:
        """The bucket an app environment points at, if any."""
        url = environment.get("PENGADUAN_MEDIA_URL", "")
        if not url.startswith("s3://"):
            return None
        name, _, prefix = url.removeprefix("s3://").partition("/")
        return cls(environment["PENGADUAN_S3_ENDPOINT_URL"], name, prefix)

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, **KEYS)

    def keys(self, folder: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.name, Prefix=f"{self.prefix}/{folder}/")
        return sorted(item["Key"].rsplit("/", 1)[1] for item in listed.get("Contents", []))


@contextmanager
def moto_s3() -> Iterator[str]:
    """moto in server mode (threaded, in this process); yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    from tests.e2e.server import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str) -> Bucket:
    """A fresh bucket with a prefix, as a city would configure one."""
    bucket = Bucket(endpoint, f"pengaduan-{uuid.uuid4().hex[:10]}", "kota/foto")
    bucket.client().create_bucket(Bucket=bucket.name)
    return bucket

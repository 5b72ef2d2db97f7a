"""The Starlette app that Reflex mounts, driven through a test client on the app's database (`app_db`)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api


@pytest.fixture
def client(app_db) -> TestClient:
    return TestClient(build_api(), base_url="http://testserver")

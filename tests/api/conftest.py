"""The Starlette app that Reflex mounts, driven through a test client on a fresh SQLite database."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import get_read_engine
from pengaduan_app.domain.categories import ensure_categories
from tests.conftest import migrate


@pytest.fixture
def api_db(tmp_path, monkeypatch) -> Session:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    migrate(url)
    with Session(get_read_engine()) as session:  # the test's own session takes no write lock while idle
        ensure_categories(session)
        session.commit()
        yield session
    get_settings.cache_clear()


@pytest.fixture
def client(api_db) -> TestClient:
    return TestClient(build_api(), base_url="http://testserver")

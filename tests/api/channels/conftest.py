"""Channel webhooks through the app's Starlette routes, on a database with the real kelurahan boundaries,
with the providers played by local servers (tests/channel_fakes.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.db import get_engine, get_read_engine, make_engine
from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.geo.layers import has_boundaries, jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.router import invalidate_router
from tests.channel_fakes import ChannelFakes, FakeProvider, MailSink, running_fakes
from tests.conftest import migrate


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """A migrated database with categories and Jakarta's boundaries, made once and copied for each test."""
    boundaries = get_settings().boundaries_dir
    if not has_boundaries(boundaries):  # they ship with the project: only a run that turns them off lacks them
        pytest.skip(f"{boundaries}: Jakarta boundaries absent")
    path = tmp_path_factory.mktemp("channels") / "template.db"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_categories(session)
        load_areas(session, jakarta_layers(Path(boundaries)))
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def fakes() -> Iterator[ChannelFakes]:
    with running_fakes() as running:
        yield running


@pytest.fixture
def provider(fakes) -> FakeProvider:
    return fakes.provider


@pytest.fixture
def mail_sink(fakes) -> MailSink:
    return fakes.mail_sink


@pytest.fixture
def intake_port(fakes) -> int:
    return fakes.intake_port


@pytest.fixture
def db(template_db, tmp_path, monkeypatch, fakes) -> Iterator[Session]:
    """The app's database with every channel configured against the fakes; the test's read session."""
    path = tmp_path / "channels.db"
    shutil.copy(template_db, path)
    for name, value in {
        "REFLEX_DB_URL": f"sqlite:///{path}",
        "PENGADUAN_DATA_DIR": str(tmp_path / "data"),
        "PENGADUAN_PUBLIC_URL": "https://lapor.example",
        **fakes.settings,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    invalidate_router()
    with Session(get_read_engine(), expire_on_commit=False) as session:
        yield session
    get_engine().dispose()
    invalidate_router()
    get_settings.cache_clear()


@pytest.fixture
def api(db) -> TestClient:
    return TestClient(build_api(), base_url="http://testserver")

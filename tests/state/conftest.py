"""Reflex states driven directly, as a crafted client could: no browser, real database and files."""

from __future__ import annotations

import asyncio
import inspect
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reflex.app import UploadFile
from reflex.state import State
from sqlmodel import Session

from pengaduan_app.config import get_settings
from pengaduan_app.db import get_read_engine
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.state.lang import LangState
from tests.conftest import migrate


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Session:
    """Point the app's settings at a fresh migrated database and data folder."""
    url = f"sqlite:///{tmp_path / 'state.db'}"
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    migrate(url)
    from pengaduan_app.domain.categories import ensure_categories

    with Session(get_read_engine()) as session:  # the test's own session takes no write lock while idle
        ensure_categories(session)
        ensure_fallback_areas(session)
        session.commit()
        yield session
    get_settings.cache_clear()


@pytest.fixture
def root(app_db) -> State:
    return State(_reflex_internal_init=True)


def substate(root: State, cls):
    return root.get_substate(cls.get_full_name().split(".")[1:])


def set_language(root: State, lang: str) -> None:
    substate(root, LangState).lang = lang


async def _drive(state, handler, *args):
    result = handler.fn(state, *args)
    if inspect.isasyncgen(result):
        return [item async for item in result]
    if inspect.iscoroutine(result):
        return await result
    return result


def run(state, handler, *args):
    """Call an event handler the way the server does; returns what it yielded or returned.

    The handler runs on its own event loop in a worker thread, so these tests do not
    depend on (or disturb) any loop another test's tools keep in the main thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _drive(state, handler, *args)).result()


def upload(name: str, data: bytes) -> UploadFile:
    return UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def open_page(root: State, path: str, **query: str) -> None:
    """Give the states the router data of a page load, as the browser sends it."""
    from reflex.istate.data import RouterData

    root.router_data = {"pathname": path, "asPath": path, "query": query, "headers": {}}
    root.router = RouterData.from_router_data(root.router_data)

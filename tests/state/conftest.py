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

from pengaduan_app.state.lang import LangState
from tests.conftest import DATABASES


def pytest_generate_tests(metafunc):
    """Every state test runs on SQLite, and on PostgreSQL when configured."""
    if "app_db_url" in metafunc.fixturenames:
        metafunc.parametrize("app_db_url", DATABASES, indirect=True)


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


CITY_VIEW = [106.6, -6.4, 107.0, -6.0]  # the whole service area, as the map frame first shows it


def open_map(state) -> None:
    """Open the map page as a browser does: the page's on-load, then the frame's first viewport message,
    which reads the list (the on-load reads only the filter options)."""
    from pengaduan_app.state.browse import BrowseState

    run(state, BrowseState.load)
    run(state, BrowseState.receive_message, {"type": "pengaduan:viewport", "bbox": CITY_VIEW, "zoom": 11})


def followed_with_reply(session, root: State, reply: str):
    """This browser (a new visitor id) follows a fresh report that then got a public reply (one unread update);
    returns the city and the report. Committed."""
    from pengaduan_app.domain.handling import add_reply
    from pengaduan_app.domain.notifications import follow
    from pengaduan_app.domain.support import new_visitor_id, visitor_key
    from pengaduan_app.state.visitor import VisitorState
    from tests.builders import build_city, make_report

    city = build_city(session)
    report = make_report(session, city.kel_a1)
    visitor_id = new_visitor_id()
    substate(root, VisitorState).visitor_id = visitor_id
    follow(session, report.tracking_code, visitor_key(visitor_id))
    add_reply(session, city.lurah_a1, report.tracking_code, reply, public=True)
    session.commit()
    return city, report


def upload(name: str, data: bytes) -> UploadFile:
    return UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def open_page(root: State, path: str, **query: str) -> None:
    """Give the states the router data of a page load, as the browser sends it (the connection's headers, and
    so its cookies, stay)."""
    from reflex.istate.data import RouterData

    headers = dict((getattr(root, "router_data", None) or {}).get("headers", {}))
    root.router_data = {"pathname": path, "asPath": path, "query": query, "headers": headers}
    root.router = RouterData.from_router_data(root.router_data)


def set_staff_cookie(root: State, token: str) -> None:
    """The connection's Cookie header carries this staff session token (as after POST /staf/sesi)."""
    from reflex.istate.data import RouterData

    from pengaduan_app.domain.accounts import SESSION_COOKIE

    data = dict(getattr(root, "router_data", None) or {"pathname": "/", "asPath": "/", "query": {}})
    data["headers"] = {**data.get("headers", {}), "cookie": f"{SESSION_COOKIE}={token}"}
    root.router_data = data
    root.router = RouterData.from_router_data(data)

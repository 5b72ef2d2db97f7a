"""Opening any public page is one event (state.page_load): the page's own on-load, then the header bell's count,
read afresh. Called as the server calls it, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

import pengaduan_app.pages  # noqa: F401  (registers every page, and so every public page's on-load)
from pengaduan_app.state.account import BellState
from pengaduan_app.state.browse import BrowseState
from pengaduan_app.state.page_load import PAGE_LOADS, PageLoadState
from pengaduan_app.state.report import ReportState
from tests.e2e.public_pages import registered_pages
from tests.state.conftest import followed_with_reply, open_page, run, substate

PUBLIC_ROUTES = sorted(PAGE_LOADS)


@pytest.fixture
def unread(app_db, root):
    """A browser that follows a report with one update it has not seen; the city and that report."""
    return followed_with_reply(app_db, root, "Petugas sudah ke lokasi.")


def _open(root, route: str, city, report) -> None:
    params = {"code": report.tracking_code} if "[code]" in route else {}
    params |= {"area_id": str(city.kec_a.id)} if "[area_id]" in route else {}
    path = route.replace("[code]", report.tracking_code).replace("[area_id]", str(city.kec_a.id))
    open_page(root, path, **params)
    run(substate(root, PageLoadState), PageLoadState.open, route)


def test_every_public_page_has_one_on_load_event():
    pages = registered_pages()
    assert {"/", "/laporan/[code]", "/lapor", "/akun", "/lacak", "/404"} <= set(PUBLIC_ROUTES)
    for route in PUBLIC_ROUTES:
        on_load = pages[route]["on_load"]
        assert on_load.handler.fn is PageLoadState.open.fn
        assert [(str(name), value._var_value) for name, value in on_load.args] == [("route", route)]


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_opening_a_public_page_counts_the_bell(app_db, root, unread, route):
    _open(root, route, *unread)
    # /akun lists the updates and so marks them read: its bell is empty after opening it.
    assert substate(root, BellState).count == (0 if route == "/akun" else 1)


def test_the_page_s_own_on_load_runs_in_that_event(app_db, root, unread):
    city, report = unread
    _open(root, "/laporan/[code]", city, report)
    shown = substate(root, ReportState)
    assert shown.loaded and shown.found and shown.report.code == report.tracking_code
    _open(root, "/", city, report)
    assert {"Alfa", "Beta"} <= {option.label for option in substate(root, BrowseState).kecamatan_options}


def test_an_unknown_route_from_a_crafted_client_only_counts_the_bell(app_db, root, unread):
    open_page(root, "/")
    for route in ("/staf", "/tidak-ada", 42, None):
        run(substate(root, PageLoadState), PageLoadState.open, route)
        assert substate(root, BellState).count == 1
    assert substate(root, BrowseState).kecamatan_options == []

"""The map page, the report page and /lapor driven as a crafted client could: filters, viewport, support."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.db import get_engine, get_read_engine
from pengaduan_app.domain.notifications import followed_codes
from pengaduan_app.models import Report, Support
from pengaduan_app.state.browse import BrowseState
from pengaduan_app.state.duplicate_panel import DuplicateState
from pengaduan_app.state.report import ReportState
from pengaduan_app.state.submit import SubmitState
from pengaduan_app.state.visitor import VisitorState
from tests.builders import MONAS, add_report
from tests.state.conftest import open_map, open_page, run, substate

FAR = {"latitude": -6.30, "longitude": 106.90}
IN_VIEW = [106.80, -6.20, 106.85, -6.15]  # around Monas
CITY = [106.6, -6.4, 107.0, -6.0]


def _script(event) -> str:
    """The JavaScript of an rx.call_script event."""
    return next(value for name, value in event.args if str(name).strip('"') == "javascript_code")._var_value


def _posted(event) -> dict:
    """The message that an rx.call_script event posts to the map frame."""
    code = _script(event)
    start = code.index("postMessage(") + len("postMessage(")
    return json.JSONDecoder().raw_decode(code[start:])[0]
    return json.dumps(event.args, default=str) if event is not None else ""


def _count(session, report) -> int:
    session.expire_all()
    return session.get(Report, report.id).support_count


@pytest.fixture
def browse(root, app_db) -> BrowseState:
    open_page(root, "/")
    state = substate(root, BrowseState)
    run(state, BrowseState.load)
    return state


def test_first_filters_go_into_the_frame_address_and_bad_ones_are_dropped(root, app_db):
    open_page(root, "/", status="done", kota="12", to="kemarin", category="x" * 80, focus="JKT-2611-00001")
    state = substate(root, BrowseState)
    run(state, BrowseState.load)
    assert state.frame_src == "/peta/frame?status=done&kota=12&focus=JKT-2611-00001"
    assert state.filters["to"] == "" and state.filters["category"] == ""


def test_a_plain_visit_keeps_the_frame_the_page_was_built_with(browse):
    # The frame starts loading with the page's HTML: the same address after the on-load loads it once.
    assert browse.frame_src == BrowseState.get_fields()["frame_src"].default == "/peta/frame"


def test_a_filter_changes_the_list_and_is_posted_to_the_map_not_reloaded(browse, app_db):
    add_report(app_db, category="banjir")
    add_report(app_db, category="sampah")
    open_map(browse)
    assert browse.total == 2
    frame = browse.frame_src
    to_map, to_address = run(browse, BrowseState.set_filter, "category", "banjir")
    assert browse.total == 1 and browse.frame_src == frame
    assert _posted(to_map) == {"type": "pengaduan:filters", "filters": browse.filters}
    assert browse.filters["category"] == "banjir" and browse.active_filters == 1
    # A new history entry, so Back returns to the list without it.
    assert "pushState" in _script(to_address) and '"category": "banjir"' in _script(to_address)


def test_the_address_gives_the_frame_its_view_and_back_gives_the_page_its_filters(root, browse, app_db):
    add_report(app_db, category="banjir")
    add_report(app_db, category="sampah")
    open_page(root, "/", status="done", lat="-6.17500", lng="106.82500", z="14")
    run(browse, BrowseState.load)
    assert browse.frame_src == "/peta/frame?status=done&lat=-6.17500&lng=106.82500&z=14"
    # Back to an address with another filter and view: the list follows, the frame gets both.
    to_map, to_view = run(
        browse,
        BrowseState.receive_message,
        {"type": "pengaduan:address", "query": "?category=banjir&lat=-6.2&lng=106.8&z=12"},
    )
    assert browse.filters["category"] == "banjir" and browse.filters["status"] == "" and browse.total == 1
    assert _posted(to_map) == {"type": "pengaduan:filters", "filters": browse.filters}
    assert _posted(to_view) == {"type": "pengaduan:view", "lat": -6.2, "lng": 106.8, "zoom": 12}
    # A malformed address: its bad parts are dropped, nothing else moves.
    [to_map] = run(
        browse, BrowseState.receive_message, {"type": "pengaduan:address", "query": "?status=kemarin&lat=x&z=99"}
    )
    assert browse.filters["status"] == "" and browse.total == 2
    assert run(browse, BrowseState.receive_message, {"type": "pengaduan:address", "query": 7}) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [("status", "open"), ("from", "2026-02-30"), ("kota", "-3"), ("category", 7), ("evil", "x"), ("to", None)],
)
def test_a_malformed_filter_changes_nothing(browse, app_db, name, value):
    add_report(app_db)
    before = (dict(browse.filters), browse.total, browse.cards)
    assert run(browse, BrowseState.set_filter, name, value) is None
    assert (browse.filters, browse.total, browse.cards) == before


def test_a_date_range_that_no_longer_fits_clears_the_other_end(browse, app_db):
    run(browse, BrowseState.set_filter, "to", "2026-11-10")
    run(browse, BrowseState.set_filter, "from", "2026-11-20")
    assert (browse.filters["from"], browse.filters["to"]) == ("2026-11-20", "")


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """Every SQL statement the app's engines (read and write) run inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    engines = {get_engine(), get_read_engine()}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def test_one_visit_to_the_map_runs_the_list_and_count_queries_once(root, app_db):
    near = add_report(app_db)
    add_report(app_db, **FAR)
    open_page(root, "/", lat="-6.17500", lng="106.82500", z="14")
    state = substate(root, BrowseState)
    view = {"type": "pengaduan:viewport", "bbox": IN_VIEW, "zoom": 14}
    with statements_run() as seen:
        asked = run(state, BrowseState.load)  # the page's on-load; it asks a frame already there for its view
        run(state, BrowseState.receive_message, view)  # the frame's own first message
        run(state, BrowseState.receive_message, view)  # the answer to the on-load's question: the same view
    counts = [s for s in seen if "count(report.id)" in s.lower()]
    lists = [s for s in seen if "from report join category" in s.lower()]
    assert len(counts) == 1 and len(lists) == 1, seen
    assert "getBounds" in _script(asked) and "public-map" in _script(asked)
    assert state.listed and state.total == 1 and [c.code for c in state.cards] == [near.tracking_code]
    assert state.frame_src.endswith("lat=-6.17500&lng=106.82500&z=14")  # the view stays in the address
    # A new view is a new list.
    with statements_run() as seen:
        run(state, BrowseState.receive_message, {**view, "bbox": CITY})
    assert len([s for s in seen if "count(report.id)" in s.lower()]) == 1 and state.total == 2


def test_the_list_shows_the_reports_in_view(browse, app_db):
    near = add_report(app_db)
    add_report(app_db, **FAR)
    run(browse, BrowseState.receive_message, {"type": "pengaduan:viewport", "bbox": IN_VIEW, "zoom": 14})
    assert browse.total == 1 and [c.code for c in browse.cards] == [near.tracking_code]


@pytest.mark.parametrize(
    "bbox",
    [
        None,
        "106.8,-6.2,106.85,-6.15",
        [1, 2, 3],
        [106.85, -6.2, 106.8, -6.15],
        [0, 0, 50, 50],
        ["a", 1, 2, 3],
        [106.8, -6.2, float("nan"), -6.15],
        [True, -6.2, 106.85, -6.15],
    ],
)
def test_a_crafted_viewport_changes_nothing(browse, app_db, bbox):
    add_report(app_db)
    add_report(app_db, **FAR)
    run(browse, BrowseState.load)
    run(browse, BrowseState.receive_message, {"type": "pengaduan:viewport", "bbox": bbox})
    assert browse.viewport == [] and not browse.listed and browse.total == 0


def test_sorting_by_support_and_by_distance(browse, app_db):
    popular = add_report(app_db, support_count=9, **FAR)
    newest = add_report(app_db)
    open_map(browse)
    assert [c.code for c in browse.cards] == [newest.tracking_code, popular.tracking_code]
    run(browse, BrowseState.set_sort, "supported")
    assert [c.code for c in browse.cards] == [popular.tracking_code, newest.tracking_code]
    run(browse, BrowseState.set_sort, "nonsense")
    assert browse.sort == "supported"
    # "Nearest" waits for the browser's location; the visitor stands next to the popular report.
    run(browse, BrowseState.receive_message, {"type": "pengaduan:my-location", "lat": -6.3001, "lng": 106.9})
    assert browse.sort == "nearest"
    assert [c.code for c in browse.cards] == [popular.tracking_code, newest.tracking_code]
    assert browse.cards[0].distance == "10 m dari Anda"
    assert browse.cards[1].distance.endswith("km dari Anda")
    run(browse, BrowseState.receive_message, {"type": "pengaduan:geo-error", "reason": "1"})
    assert "Lokasi Anda tidak dapat dibaca" in browse.sort_error
    run(browse, BrowseState.receive_message, {"type": "pengaduan:my-location", "lat": "x", "lng": 106.9})
    assert browse.near == [-6.3001, 106.9]


def test_support_from_the_map_popup_counts_once_and_withdraws(root, browse, app_db):
    report = add_report(app_db)
    message = {"type": "pengaduan:support", "code": report.tracking_code, "support": True}
    event = run(browse, BrowseState.receive_message, message)
    assert _posted(event) == {
        "type": "pengaduan:support-result",
        "code": report.tracking_code,
        "supported": True,
        "count": "1",
        "message": "Dukungan Anda tercatat.",
    }
    run(browse, BrowseState.receive_message, message)
    assert _count(app_db, report) == 1 and browse.cards[0].support == "1"
    visitor = substate(root, VisitorState).visitor_id
    assert len(visitor) >= 22  # the browser got its id from the server
    assert app_db.exec(select(Support.supporter_key)).one() == f"v:{visitor}"

    event = run(browse, BrowseState.receive_message, {**message, "support": False})
    assert (_posted(event)["supported"], _posted(event)["count"]) == (False, "0")
    assert _count(app_db, report) == 0 and browse.cards[0].support == "0"


@pytest.mark.parametrize(
    ("code", "support"),
    [("confidential", True), ("JKT-0000-99999", True), ("<img src=x>", True), (None, True), ("public", "yes")],
)
def test_support_for_unknown_or_confidential_or_crafted_is_refused(browse, app_db, code, support):
    public = add_report(app_db)
    secret = add_report(app_db, privacy="confidential")
    code = {"confidential": secret.tracking_code, "public": public.tracking_code}.get(code, code)
    event = run(browse, BrowseState.receive_message, {"type": "pengaduan:support", "code": code, "support": support})
    assert _posted(event)["message"] == "Laporan ini tidak ditemukan atau tidak terbuka untuk umum."
    assert _posted(event)["count"] is None
    assert app_db.exec(select(Support)).all() == []
    assert _count(app_db, public) == _count(app_db, secret) == 0


def test_the_limit_per_visitor_is_a_clear_message(browse, app_db, monkeypatch):
    monkeypatch.setenv("PENGADUAN_SUPPORT_LIMIT_PER_VISITOR_HOUR", "1")
    get_settings.cache_clear()
    first, second = add_report(app_db), add_report(app_db)
    run(
        browse, BrowseState.receive_message, {"type": "pengaduan:support", "code": first.tracking_code, "support": True}
    )
    event = run(
        browse,
        BrowseState.receive_message,
        {"type": "pengaduan:support", "code": second.tracking_code, "support": True},
    )
    assert _posted(event)["message"] == "Anda sudah memberi 1 dukungan dalam satu jam terakhir. Coba lagi nanti."
    assert _count(app_db, second) == 0


def test_report_page_support_button_toggles(root, app_db):
    report = add_report(app_db)
    open_page(root, f"/laporan/{report.tracking_code}", code=report.tracking_code)
    state = substate(root, ReportState)
    run(state, ReportState.load)
    assert state.found and not state.supported and state.report.support == "0"
    run(state, ReportState.toggle_support)
    assert state.supported and state.report.support == "1"
    assert state.support_message == "Dukungan Anda tercatat."
    run(state, ReportState.load)  # the same browser opens the page again
    assert state.supported
    run(state, ReportState.toggle_support)
    assert not state.supported and state.report.support == "0" and _count(app_db, report) == 0


def test_report_page_of_a_confidential_report_cannot_be_supported(root, app_db):
    secret = add_report(app_db, privacy="confidential")
    open_page(root, f"/laporan/{secret.tracking_code}", code=secret.tracking_code)
    state = substate(root, ReportState)
    run(state, ReportState.load)
    run(state, ReportState.toggle_support)
    assert not state.found and _count(app_db, secret) == 0


def test_duplicate_suggestions_and_this_is_my_problem_too(root, app_db):
    nearby = add_report(app_db, category="banjir", latitude=MONAS[0] + 0.0005, longitude=MONAS[1])
    add_report(app_db, category="banjir", **FAR)
    add_report(app_db, category="sampah", latitude=MONAS[0], longitude=MONAS[1])
    form = substate(root, SubmitState)
    dup = substate(root, DuplicateState)
    run(form, SubmitState.load)
    run(form, SubmitState.set_category, "banjir")
    assert dup.suggestions == []  # no place yet
    run(form, SubmitState.receive_message, {"type": "pengaduan:location", "lat": MONAS[0], "lng": MONAS[1]})
    assert [s.code for s in dup.suggestions] == [nearby.tracking_code]
    assert dup.suggestions[0].distance == "± 56 m dari lokasi Anda"
    assert "200 m" in dup.intro

    run(dup, DuplicateState.toggle_support, nearby.tracking_code)
    assert dup.suggestions[0].supported is True and dup.suggestions[0].support == "1"
    assert nearby.tracking_code in dup.message and _count(app_db, nearby) == 1
    visitor = substate(root, VisitorState).visitor_id
    assert followed_codes(app_db, [f"v:{visitor}"]) == [nearby.tracking_code]
    run(form, SubmitState.set_category, "sampah")
    run(form, SubmitState.set_category, "banjir")
    assert dup.suggestions[0].supported is True  # remembered for this browser
    run(dup, DuplicateState.toggle_support, "JKT-0000-99999")  # not among the suggestions: ignored
    assert _count(app_db, nearby) == 1
    run(form, SubmitState.start_again)
    assert dup.suggestions == []

"""What public pages put in the state sent to the browser: never a reporter's contact or hidden name."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.confirmation import issue_reporter_key
from pengaduan_app.domain.submission import UploadedPhoto, submit_report
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Area
from pengaduan_app.state.browse import BrowseState
from pengaduan_app.state.performance import PAGE_ROWS, PerformanceState
from pengaduan_app.state.report import ReportState
from tests.builders import add_report, good_draft, jpeg_bytes
from tests.state.conftest import open_map, open_page, run, substate

CONTACT = "rahasia.sekali@contoh.id"


def _file(session, **changes):
    settings = get_settings()
    draft = good_draft(reporter_contact=CONTACT, **changes)
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())]
    report = submit_report(session, draft, photos, settings=settings, store=MediaStore(settings.media_dir))
    session.commit()
    return report


def sent_to_browser(root) -> str:
    """Everything the browser would receive for the whole state tree."""
    return json.dumps(root.dict(), default=str)


def test_report_page_state_has_no_contact_and_no_anonymous_name(root, app_db):
    report = _file(app_db, privacy="anonymous", reporter_name="Nama Tersembunyi")
    open_page(root, f"/laporan/{report.tracking_code}", code=report.tracking_code)
    state = substate(root, ReportState)
    run(state, ReportState.load)
    assert state.found and state.report.title == report.title
    payload = sent_to_browser(root)
    assert CONTACT not in payload
    assert "Nama Tersembunyi" not in payload
    assert state.report.reporter == "Anonim"


def test_confidential_report_page_state_is_empty(root, app_db):
    report = _file(app_db, privacy="confidential", title="Judul rahasia sekali")
    open_page(root, f"/laporan/{report.tracking_code}", code=report.tracking_code)
    state = substate(root, ReportState)
    run(state, ReportState.load)
    assert not state.found
    assert "Judul rahasia sekali" not in sent_to_browser(root)


def _open_report(root, code: str, **query: str) -> ReportState:
    open_page(root, f"/laporan/{code}", code=code, **query)
    state = substate(root, ReportState)
    run(state, ReportState.load)
    return state


def test_a_confidential_report_opens_only_with_its_private_link(root, app_db):
    report = _file(app_db, privacy="confidential", title="Judul rahasia sekali", reporter_name="Nama Pelapor")
    key = issue_reporter_key(app_db, report)
    app_db.commit()
    assert not _open_report(root, report.tracking_code, kunci="salah-" + key).found
    assert "Judul rahasia sekali" not in sent_to_browser(root)

    state = _open_report(root, report.tracking_code, kunci=key)
    assert state.found and state.report.title == "Judul rahasia sekali"
    assert state.report.confidential is True
    payload = sent_to_browser(root)
    assert CONTACT not in payload and "Nama Pelapor" not in payload

    report.hidden = True  # a moderator hid it: its reporter still follows it (issue 14.2), nobody else does
    app_db.add(report)
    app_db.commit()
    assert not _open_report(root, report.tracking_code).found
    assert not _open_report(root, report.tracking_code, kunci="salah-" + key).found
    state = _open_report(root, report.tracking_code, kunci=key)
    assert state.found and state.report.hidden_reason and state.report.private is True


def test_map_list_state_has_no_contact_or_confidential_report(root, app_db):
    _file(app_db)
    _file(app_db, privacy="confidential", title="Judul rahasia sekali")
    open_page(root, "/")
    state = substate(root, BrowseState)
    open_map(state)
    assert state.total == 1
    payload = sent_to_browser(root)
    assert CONTACT not in payload and "Judul rahasia sekali" not in payload


@pytest.mark.parametrize(
    "query",
    [
        {"status": "'; drop table report; --", "kota": "-1", "kecamatan": "abc", "kelurahan": "9" * 40},
        {"category": "x" * 5000},
        {"focus": "<script>alert(1)</script>"},
    ],
)
def test_crafted_filters_are_dropped_not_errors(root, app_db, query):
    _file(app_db)
    open_page(root, "/", **query)
    state = substate(root, BrowseState)
    run(state, BrowseState.load)
    assert state.focus == ""
    assert "<script>" not in state.frame_src


def test_filter_by_area_and_status(root, app_db):
    report = _file(app_db)
    open_page(root, "/")
    state = substate(root, BrowseState)
    run(state, BrowseState.load)
    run(state, BrowseState.set_filter, "kecamatan", str(report.kecamatan_id))
    assert state.total == 1
    run(state, BrowseState.set_filter, "status", "done")
    assert state.total == 0 and state.cards == []
    run(state, BrowseState.set_filter, "not_a_filter", "x")
    run(state, BrowseState.clear_filters)
    assert state.total == 1


def test_the_ranking_goes_out_ten_rows_at_a_time(root, app_db):
    kecamatan = app_db.exec(select(Area).where(Area.level == "kecamatan")).all()
    for area in kecamatan:
        add_report(app_db, kecamatan_id=area.id)
    open_page(root, "/kinerja")
    state = substate(root, PerformanceState)
    run(state, PerformanceState.load)
    assert state.row_count == len(kecamatan) > 2 * PAGE_ROWS
    assert [r.rank for r in state.rows] == [str(i) for i in range(1, PAGE_ROWS + 1)]
    assert state.rows_left == state.row_count - PAGE_ROWS
    run(state, PerformanceState.show_more)
    assert len(state.rows) == 2 * PAGE_ROWS and state.rows[-1].rank == str(2 * PAGE_ROWS)
    run(state, PerformanceState.set_level, "kota")
    assert len(state.rows) == min(state.row_count, PAGE_ROWS)

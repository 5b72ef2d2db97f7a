"""The submission handler refuses bad input even when the browser's checks are bypassed."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from sqlmodel import func, select

from pengaduan_app.config import get_settings
from pengaduan_app.models import Photo, Report
from pengaduan_app.state.submit import SubmitState
from tests.builders import MONAS, jpeg_bytes
from tests.state.conftest import run, set_language, substate, upload


def nothing_stored(session) -> bool:
    media = get_settings().media_dir
    files = list(media.iterdir()) if media.exists() else []
    return session.exec(select(func.count(Report.id))).one() == 0 and not files


def filled(root) -> SubmitState:
    state = substate(root, SubmitState)
    run(state, SubmitState.load)
    run(state, SubmitState.set_category, "banjir")
    run(state, SubmitState.set_text, "title", "Banjir setinggi lutut")
    run(state, SubmitState.set_text, "description", "Air tidak surut sejak semalam, warga terjebak.")
    run(state, SubmitState.receive_message, {"type": "pengaduan:location", "lat": MONAS[0], "lng": MONAS[1]})
    return state


def test_a_good_submission_gives_a_tracking_code_and_clears_the_form(root, app_db):
    state = filled(root)
    assert state.area_label  # the location was routed to an area
    run(state, SubmitState.submit, [upload("banjir.jpg", jpeg_bytes())])
    assert state.errors == {}
    assert state.result_code.startswith("JKT-")
    assert state.title == "" and state.latitude is None
    report = app_db.exec(select(Report)).one()
    assert report.tracking_code == state.result_code
    assert report.channel == "web"


def test_pressing_submit_again_does_not_file_twice(root, app_db):
    state = filled(root)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    first = state.result_code
    # The first answer was lost on the way (the phone shows the form still filled in and "Coba lagi"): the
    # retry gets the same report back, with every field it must clear marked to go out again.
    state.dirty_vars.clear()
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert app_db.exec(select(func.count(Report.id))).one() == 1
    assert state.result_code == first and state.private_link
    assert {"result_code", "private_link", "title", "latitude"} <= state.dirty_vars


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        ([], "photos", "Lampirkan paling sedikit satu foto."),
        ([("x.jpg", b"<html><body>bukan foto</body></html>")], "photos", "bukan foto JPEG"),
        ([("x.svg.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")], "photos", "bukan foto JPEG"),
        ([(f"{i}.jpg", jpeg_bytes(color=(i, 9, 9))) for i in range(4)], "photos", "Paling banyak 3 foto."),
        ([("kosong.jpg", b"")], "photos", "kosong"),
    ],
)
def test_bad_photos_are_refused_with_a_message_and_nothing_stored(root, app_db, files, field, message):
    state = filled(root)
    run(state, SubmitState.submit, [upload(name, data) for name, data in files])
    assert message in state.errors[field]
    assert state.result_code == ""
    assert nothing_stored(app_db)


def test_an_oversized_photo_is_refused(root, app_db, monkeypatch):
    monkeypatch.setenv("PENGADUAN_MAX_PHOTO_BYTES", "2000")
    get_settings.cache_clear()
    state = filled(root)
    run(state, SubmitState.submit, [upload("besar.jpg", jpeg_bytes(800, 800, (1, 200, 3)) * 2)])
    assert "terlalu besar" in state.errors["photos"]
    assert nothing_stored(app_db)


def test_missing_fields_are_each_reported(root, app_db):
    state = substate(root, SubmitState)
    run(state, SubmitState.load)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert set(state.errors) == {"category", "title", "description", "location"}
    assert nothing_stored(app_db)


def test_a_crafted_category_is_refused(root, app_db):
    state = filled(root)
    run(state, SubmitState.set_category, "<script>")
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert "Kategori tidak dikenal" in state.errors["category"]
    assert nothing_stored(app_db)


@pytest.mark.parametrize(
    "message",
    [
        None,
        "pengaduan:location",
        ["lat", "lng"],
        {"type": "pengaduan:location"},
        {"type": "pengaduan:location", "lat": "NaN", "lng": 106.8},
        {"type": "pengaduan:location", "lat": float("inf"), "lng": 106.8},
        {"type": "pengaduan:location", "lat": 1e308, "lng": -1e308},
        {"type": "pengaduan:location", "lat": {"$gt": 1}, "lng": 106.8},
        {"type": "other", "lat": -6.2, "lng": 106.8},
    ],
)
def test_malformed_location_messages_change_nothing(root, app_db, message):
    state = substate(root, SubmitState)
    run(state, SubmitState.receive_message, message)
    assert state.latitude is None and state.longitude is None
    assert "location" not in state.errors


def test_a_location_outside_jakarta_is_refused_at_once(root, app_db):
    state = substate(root, SubmitState)
    run(state, SubmitState.receive_message, {"type": "pengaduan:location", "lat": -6.05, "lng": 106.85})
    assert "di luar wilayah layanan" in state.errors["location"]


def test_unknown_fields_cannot_be_set(root, app_db):
    state = substate(root, SubmitState)
    run(state, SubmitState.set_text, "result_code", "JKT-2611-00001")
    run(state, SubmitState.set_text, "_form_key", "x")
    assert state.result_code == ""


def test_messages_follow_the_language(root, app_db):
    set_language(root, "en")
    state = substate(root, SubmitState)
    run(state, SubmitState.load)
    run(state, SubmitState.submit, [])
    assert state.errors["title"] == "Enter a title."
    assert state.errors["photos"] == "Add at least one photo."
    assert any(c.label == "Flooding" for c in state.categories)


def test_no_half_stored_photo_rows(root, app_db):
    state = filled(root)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes()), upload("b.jpg", b"GIF89a....")])
    assert app_db.exec(select(func.count(Photo.id))).one() == 0
    assert nothing_stored(app_db)


def _files_stored() -> int:
    media = get_settings().media_dir
    return len(list(media.iterdir())) if media.exists() else 0


def _from_address(root, address: str) -> None:
    from reflex.istate.data import RouterData

    root.router_data = {"pathname": "/lapor", "asPath": "/lapor", "query": {}, "headers": {}, "ip": address}
    root.router = RouterData.from_router_data(root.router_data)


def test_over_the_person_limit_the_form_says_when_to_try_again_and_stores_nothing(root, app_db, monkeypatch):
    monkeypatch.setenv("PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR", "1")
    get_settings.cache_clear()
    state = filled(root)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert state.result_code
    run(state, SubmitState.start_again)
    files = _files_stored()
    state = filled(root)
    run(state, SubmitState.submit, [upload("b.jpg", jpeg_bytes(color=(9, 9, 200)))])
    assert list(state.errors) == ["form"]
    message = state.errors["form"]
    assert message.startswith("Laporan belum terkirim: Anda sudah mengirim 1 laporan dalam satu jam terakhir.")
    assert re.search(r"mulai \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB\.", message), message
    assert state.result_code == "" and state.title == "Banjir setinggi lutut"  # the form keeps what was typed
    assert app_db.exec(select(func.count(Report.id))).one() == 1
    assert _files_stored() == files


def test_over_the_address_limit_another_browser_is_told_in_its_language(app_db, monkeypatch):
    from reflex.state import State

    monkeypatch.setenv("PENGADUAN_REPORT_LIMIT_PER_ADDRESS_HOUR", "1")
    get_settings.cache_clear()
    first, second = State(_reflex_internal_init=True), State(_reflex_internal_init=True)
    for browser in (first, second):
        _from_address(browser, "203.0.113.7")
    run(filled(first), SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert substate(first, SubmitState).result_code
    set_language(second, "en")
    state = filled(second)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert state.errors["form"].startswith(
        "Your report was not sent: 1 reports have come from this internet connection in the last hour."
    )
    assert re.search(r"from \d{1,2} \w+ \d{4}, \d{2}:\d{2} WIB, or go to the complaint desk", state.errors["form"])
    assert app_db.exec(select(func.count(Report.id))).one() == 1
    [report] = app_db.exec(select(Report)).all()
    assert report.client_hash and "203.0.113.7" not in (report.client_hash, report.submitter_hash)


def test_after_sending_the_private_link_is_absolute_and_shareable(root, app_db, monkeypatch):
    monkeypatch.setenv("PENGADUAN_PUBLIC_URL", "https://lapor.example.go.id/")
    get_settings.cache_clear()
    state = filled(root)
    run(state, SubmitState.set_text, "reporter_contact", "0812 3456 7890")
    run(state, SubmitState.submit, [upload("banjir.jpg", jpeg_bytes())])
    code = state.result_code
    assert re.fullmatch(rf"https://lapor\.example\.go\.id/laporan/{code}\?kunci=[\w-]+", state.private_link)
    assert state.private_link.endswith(state.private_path) and state.private_path.startswith("/laporan/")
    assert state.whatsapp_link.startswith("https://wa.me/?text=") and code in state.whatsapp_link
    assert state.link_mailed is False  # a phone number, and no SMTP


def test_the_private_link_is_emailed_when_the_reporter_gave_an_email_and_smtp_is_set(root, app_db, monkeypatch):
    from tests.smtp_inbox import running_inbox

    with running_inbox() as (inbox, port):
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        state = filled(root)
        run(state, SubmitState.set_text, "reporter_contact", "siti@contoh.id")
        run(state, SubmitState.submit, [upload("banjir.jpg", jpeg_bytes())])
        assert state.link_mailed is True
        [(recipients, content)] = inbox.wait_for(1)
    body = email.message_from_string(content, policy=email.policy.default).get_content()
    assert recipients == ["siti@contoh.id"]
    assert state.private_link in body and state.result_code in body


def test_the_picker_opens_where_this_browser_last_reported(root, app_db):
    state = filled(root)
    assert state.picker_src == "/peta/pilih"  # nothing filed yet: the city
    run(state, SubmitState.submit, [upload("banjir.jpg", jpeg_bytes())])
    run(state, SubmitState.start_again)
    assert state.picker_src == f"/peta/pilih?start={MONAS[0]:.5f},{MONAS[1]:.5f}"
    run(state, SubmitState.load)
    assert state.picker_src == f"/peta/pilih?start={MONAS[0]:.5f},{MONAS[1]:.5f}"

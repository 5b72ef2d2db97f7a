"""The submission handler refuses bad input even when the browser's checks are bypassed."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from pengaduan_app.config import get_settings
from pengaduan_app.models import Photo, Report
from pengaduan_app.state.submit import SubmitState
from tests.helpers import MONAS, jpeg_bytes
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
    run(
        state, SubmitState.receive_message, {"type": "pengaduan:location", "lat": MONAS[0], "lng": MONAS[1]}
    )
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
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes())])
    assert app_db.exec(select(func.count(Report.id))).one() == 1


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
    assert any(c["name"] == "Flooding" for c in state.categories)


def test_no_half_stored_photo_rows(root, app_db):
    state = filled(root)
    run(state, SubmitState.submit, [upload("a.jpg", jpeg_bytes()), upload("b.jpg", b"GIF89a....")])
    assert app_db.exec(select(func.count(Photo.id))).one() == 0
    assert nothing_stored(app_db)

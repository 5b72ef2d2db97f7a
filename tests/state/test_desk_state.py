"""The kecamatan desk and its receipt driven as a crafted client could: the privacy is chosen with the citizen
(none is refused, by the field, nothing stored), the receipt of the filing tab carries the absolute addresses,
the private link as a QR code, the deadline and the desk's kecamatan; other officers get no receipt; /lacak gives
one answer for every code without a public report."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.accounts import sign_in
from pengaduan_app.domain.confirmation import is_reporter
from pengaduan_app.domain.submission import SubmissionError, file_walk_in
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Report
from pengaduan_app.state.staff_desk import DeskState
from pengaduan_app.state.staff_receipt import ReceiptSlip, ReceiptState, qr_data_uri
from pengaduan_app.state.track import TrackState
from tests.builders import PASSWORD, build_city, good_draft, make_report
from tests.place_fixtures import give_boundaries, inside
from tests.state.conftest import open_page, run, set_staff_cookie, substate


@pytest.fixture
def city(app_db):
    city = build_city(app_db)
    give_boundaries(app_db, city)
    return city


def _sign_in(root, app_db, username: str) -> None:
    set_staff_cookie(root, sign_in(app_db, username, PASSWORD, client="test"))
    app_db.commit()


def _desk(root, *, load: bool = True) -> DeskState:
    open_page(root, "/staf/loket")
    state = substate(root, DeskState)
    if load:
        run(state, DeskState.event_handlers["load"])
    return state


def _fill(state: DeskState) -> None:
    run(state, DeskState.event_handlers["set_category"], "sampah")
    for name, value in {
        "title": "Sampah menumpuk di gang",
        "description": "Warga datang ke loket: sampah belum diangkut seminggu.",
        "reporter_name": "Ibu Siti Aminah",
        "reporter_contact": "0813 2222 3333",
    }.items():
        run(state, DeskState.event_handlers["set_text"], name, value)
    lat, lng = inside(0)
    run(state, DeskState.event_handlers["receive_message"], {"type": "pengaduan:location", "lat": lat, "lng": lng})


def _reports(app_db) -> int:
    app_db.expire_all()
    return app_db.exec(select(func.count(Report.id))).one()


def _submit(state: DeskState) -> list:
    return run(state, DeskState.event_handlers["submit"], [])


def test_no_privacy_is_chosen_for_the_citizen_and_none_is_refused_by_the_field(root, app_db, city):
    _sign_in(root, app_db, "camat.alfa")
    state = _desk(root)
    assert state.privacy == ""
    _fill(state)
    _submit(state)
    message = "Pilih siapa yang boleh melihat laporan ini: tampilkan nama, anonim, atau rahasia."
    assert state.errors == {"privacy": message}
    assert _reports(app_db) == 0


def test_a_crafted_submit_without_the_page_or_with_a_made_up_privacy_stores_nothing(root, app_db, city):
    _sign_in(root, app_db, "camat.alfa")
    state = _desk(root, load=False)  # straight to the handlers, the form never opened
    _fill(state)
    _submit(state)
    assert set(state.errors) == {"privacy"}
    run(state, DeskState.event_handlers["set_privacy"], "semua orang")
    _submit(state)
    assert state.errors["privacy"] == "Pilih salah satu pilihan privasi."
    assert _reports(app_db) == 0


def test_the_domain_refuses_a_walk_in_without_privacy(app_db, city):
    """What the API or the CLI would call: the same rule, whoever builds the draft."""
    settings = get_settings()
    lat, lng = inside(0)
    draft = good_draft(privacy="", latitude=lat, longitude=lng)
    with pytest.raises(SubmissionError) as refused:
        file_walk_in(app_db, city.camat_a, draft, [], settings=settings, store=MediaStore(settings.media_dir))
    assert set(refused.value.errors) == {"privacy"}
    app_db.rollback()
    assert _reports(app_db) == 0


def test_nobody_signed_in_files_nothing(root, app_db, city):
    state = _desk(root)
    _fill(state)
    run(state, DeskState.event_handlers["set_privacy"], "public")
    _submit(state)
    assert state.errors == {"form": "Anda tidak berwenang melakukan tindakan ini."}
    assert _reports(app_db) == 0


def _file_confidential(root, app_db) -> str:
    _sign_in(root, app_db, "camat.alfa")
    state = _desk(root)
    _fill(state)
    run(state, DeskState.event_handlers["set_privacy"], "confidential")
    _submit(state)
    assert state.errors == {}
    app_db.expire_all()
    report = app_db.exec(select(Report)).one()
    assert (report.privacy, report.channel) == ("confidential", "desk")
    return report.tracking_code


def _receipt(root, code: str) -> ReceiptState:
    open_page(root, f"/staf/tanda-terima/{code}", code=code)
    state = substate(root, ReceiptState)
    run(state, ReceiptState.event_handlers["load"])
    return state


def test_the_receipt_carries_the_addresses_the_private_link_as_qr_the_deadline_and_the_desk(root, app_db, city):
    code = _file_confidential(root, app_db)
    receipt = _receipt(root, code).receipt
    base = get_settings().public_base_url
    assert base.startswith("http")
    assert receipt.public_url == f"{base}/laporan/{code}"
    link = receipt.private_link
    assert link.startswith(f"{base}/laporan/{code}?kunci=")
    key = parse_qs(urlsplit(link).query)["kunci"][0]
    assert is_reporter(app_db.exec(select(Report).where(Report.tracking_code == code)).one(), key)
    assert receipt.qr == qr_data_uri(link) and receipt.qr.startswith("data:image/svg+xml")
    assert receipt.desk == "Alfa"
    assert receipt.due.endswith("(3 hari kerja)")  # sampah: three working days
    assert receipt.confidential is True


def test_another_officer_gets_no_receipt_and_a_reprint_no_private_link(root, app_db, city):
    code = _file_confidential(root, app_db)
    _sign_in(root, app_db, "lurah.beta1")  # another kecamatan's officer, same tab
    assert _receipt(root, code).receipt == ReceiptSlip()
    _sign_in(root, app_db, "lurah.alfa1")  # handles it: may print it again, without the key (not his filing)
    receipt = _receipt(root, code).receipt
    assert receipt.code == code and receipt.private_link == "" and receipt.qr == ""
    _sign_in(root, app_db, "camat.alfa")  # the officer who filed it, back in his tab
    assert _receipt(root, code).receipt.private_link != ""


def test_track_answers_alike_for_unknown_confidential_and_hidden_codes(root, app_db, city):
    public = make_report(app_db, city.kel_a1, tracking_code="JKT-2611-111111")
    make_report(app_db, city.kel_a1, tracking_code="JKT-2611-222222", privacy="confidential")
    make_report(app_db, city.kel_a1, tracking_code="JKT-2611-333333", hidden=True)
    state = substate(root, TrackState)
    answers = []
    for code in ("JKT-2611-222222", "JKT-2611-333333", "JKT-2611-444444"):
        assert run(state, TrackState.event_handlers["open_report"], {"code": code.lower()}) is None
        answers.append(state.not_open.replace(code, "<kode>"))
    assert len(set(answers)) == 1 and "tautan pribadi pada tanda terima" in answers[0]
    redirect = run(state, TrackState.event_handlers["open_report"], {"code": public.tracking_code})
    assert f"/laporan/{public.tracking_code}" in str(redirect) and state.not_open == ""

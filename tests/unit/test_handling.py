"""Officers' steps on a report: permission, state machine, timeline, audit."""

import json

import pytest
from sqlmodel import select

from pengaduan_app.domain import status
from pengaduan_app.domain.handling import (
    HandlingError,
    add_reply,
    assign,
    hand_over,
    reject,
    resolve,
    set_priority,
    start_work,
    verify,
)
from pengaduan_app.domain.permissions import PermissionDenied, can_handle
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.public_reports import get_public_report
from pengaduan_app.domain.staff_queue import QueueFilter, officers_for, queue_page
from pengaduan_app.domain.status import TransitionError
from pengaduan_app.media import MediaStore
from pengaduan_app.models import AuditEntry, Photo, Report, StatusChange
from tests.builders import build_city, jpeg_bytes, make_report


@pytest.fixture
def city(session):
    return build_city(session)


def _audit(session, report):
    return [a.action for a in session.exec(select(AuditEntry).where(AuditEntry.report_id == report.id))]


def _steps(session, report):
    return session.exec(select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.id)).all()


def test_who_may_handle_what(session, city):
    a1 = make_report(session, city.kel_a1)
    b1 = make_report(session, city.kel_b1)
    city_wide = make_report(session, city.kel_a1, agency="perhubungan")
    allowed = {
        "admin": {a1.id, b1.id, city_wide.id},
        "camat_a": {a1.id},
        "lurah_a1": {a1.id},
        "lurah_a2": set(),
        "lurah_b1": {b1.id},
        "dishub": {city_wide.id},
    }
    for name, ids in allowed.items():
        identity = getattr(city, name)
        assert {r.id for r in (a1, b1, city_wide) if can_handle(session, identity, r)} == ids, name
        rows, total = queue_page(session, identity, QueueFilter())
        assert {r.tracking_code for r in rows} == {r.tracking_code for r in (a1, b1, city_wide) if r.id in ids}
        assert total == len(ids)
    assert not can_handle(session, None, a1)


def test_the_full_path_with_timeline_and_audit(session, city, settings):
    report = make_report(session, city.kel_a1)
    verify(session, city.lurah_a1, report.tracking_code)
    assign(session, city.camat_a, report.tracking_code, city.lurah_a1.id)
    start_work(session, city.lurah_a1, report.tracking_code, "Menuju lokasi")
    add_reply(session, city.lurah_a1, report.tracking_code, "Sedang kami kerjakan", public=True)
    add_reply(session, city.lurah_a1, report.tracking_code, "Butuh truk besar", public=False)
    set_priority(session, city.camat_a, report.tracking_code, 3)
    after = UploadedPhoto("sesudah.jpg", jpeg_bytes(200, 150, (0, 200, 0)))
    resolve(session, city.lurah_a1, report.tracking_code, "Sudah ditambal", [after], MediaStore(settings.media_dir))

    session.refresh(report)
    assert report.status == status.RESOLVED and report.priority == 3
    assert report.assigned_user_id == city.lurah_a1.id
    assert report.first_response_at is not None and report.resolved_at is not None
    assert [s.action for s in _steps(session, report)] == [
        "verify",
        "assign",
        "start",
        "reply",
        "note",
        "priority",
        "resolve",
    ]
    assert _audit(session, report) == ["verify", "assign", "start", "reply", "note", "priority", "resolve"]
    public = get_public_report(session, report.tracking_code)
    notes = [step.note for step in public.timeline]
    assert "Sedang kami kerjakan" in notes and "Sudah ditambal" in notes
    assert "Butuh truk besar" not in notes and "3" not in notes  # internal note and priority stay inside
    assert [p.kind for p in public.photos] == ["after"]
    assert (settings.media_dir / session.exec(select(Photo.filename)).one()).is_file()


def test_resolving_needs_an_after_photo_and_a_note(session, city, settings):
    report = make_report(session, city.kel_a1, status=status.IN_PROGRESS)
    store = MediaStore(settings.media_dir)
    with pytest.raises(HandlingError) as no_photo:
        resolve(session, city.lurah_a1, report.tracking_code, "Selesai", [], store)
    assert no_photo.value.code == "error.after_photo_required"
    with pytest.raises(HandlingError) as no_note:
        resolve(session, city.lurah_a1, report.tracking_code, "  ", [UploadedPhoto("b.jpg", jpeg_bytes())], store)
    assert no_note.value.code == "error.note_required"
    session.refresh(report)
    assert report.status == status.IN_PROGRESS
    assert _steps(session, report) == [] and not settings.media_dir.exists()


def test_illegal_transitions_are_refused_and_change_nothing(session, city):
    report = make_report(session, city.kel_a1, status=status.RESOLVED)
    for step in (verify, start_work):
        with pytest.raises(TransitionError):
            step(session, city.lurah_a1, report.tracking_code)
    with pytest.raises(TransitionError):
        reject(session, city.lurah_a1, report.tracking_code, "out_of_scope")
    session.refresh(report)
    assert report.status == status.RESOLVED and _steps(session, report) == [] and _audit(session, report) == []


def test_officers_of_other_areas_and_anonymous_callers_are_refused(session, city, settings):
    report = make_report(session, city.kel_a1)
    store = MediaStore(settings.media_dir)
    calls = [
        lambda who: verify(session, who, report.tracking_code),
        lambda who: start_work(session, who, report.tracking_code),
        lambda who: reject(session, who, report.tracking_code, "out_of_scope"),
        lambda who: assign(session, who, report.tracking_code, city.lurah_a1.id),
        lambda who: hand_over(session, who, report.tracking_code, reason="x", area_id=city.kel_b1.id),
        lambda who: set_priority(session, who, report.tracking_code, 2),
        lambda who: add_reply(session, who, report.tracking_code, "halo", public=True),
        lambda who: resolve(session, who, report.tracking_code, "x", [UploadedPhoto("b.jpg", jpeg_bytes())], store),
    ]
    for who in (None, city.lurah_b1, city.lurah_a2, city.dishub):
        for call in calls:
            with pytest.raises(PermissionDenied):
                call(who)
    session.refresh(report)
    assert report.status == status.NEW and report.priority == 1
    assert _steps(session, report) == [] and _audit(session, report) == []


def test_assigning_to_an_officer_who_cannot_handle_it_is_refused(session, city):
    report = make_report(session, city.kel_a1, status=status.VERIFIED)
    with pytest.raises(HandlingError) as caught:
        assign(session, city.camat_a, report.tracking_code, city.lurah_b1.id)
    assert caught.value.code == "error.officer_invalid"
    assert {name for _, name in officers_for(session, city.camat_a)} >= {"Lurah.Alfa1", "Lurah.Alfa2", "Camat.Alfa"}
    assert "Lurah.Beta1" not in {name for _, name in officers_for(session, city.camat_a)}


def test_hand_over_moves_the_report_to_another_unit(session, city):
    report = make_report(session, city.kel_a1)
    hand_over(session, city.lurah_a1, report.tracking_code, reason="Lokasi di wilayah Beta", area_id=city.kel_b1.id)
    session.refresh(report)
    assert report.unit_area_id == city.kel_b1.id
    assert not can_handle(session, city.lurah_a1, report) and can_handle(session, city.lurah_b1, report)
    hand_over(session, city.lurah_b1, report.tracking_code, reason="Kewenangan dinas", agency="perhubungan")
    session.refresh(report)
    assert report.unit_agency == "perhubungan" and can_handle(session, city.dishub, report)
    steps = _steps(session, report)
    assert [s.action for s in steps] == ["handover", "handover"] and all(s.public for s in steps)
    assert "Lokasi di wilayah Beta" in steps[0].note
    with pytest.raises(HandlingError):
        hand_over(session, city.dishub, report.tracking_code, reason="", agency="sda")
    with pytest.raises(HandlingError):
        hand_over(session, city.dishub, report.tracking_code, reason="x", agency="ufo")


def test_reject_needs_a_known_reason_and_a_duplicate_needs_the_original(session, city):
    report = make_report(session, city.kel_a1)
    with pytest.raises(HandlingError):
        reject(session, city.lurah_a1, report.tracking_code, "bosan")
    with pytest.raises(HandlingError) as caught:
        reject(session, city.lurah_a1, report.tracking_code, "duplicate", duplicate_of="JKT-0000-00000")
    assert caught.value.code == "error.duplicate_unknown"
    reject(session, city.lurah_a1, report.tracking_code, "not_enough_info", "Foto tidak jelas")
    session.refresh(report)
    assert report.status == status.REJECTED
    detail = json.loads(session.exec(select(AuditEntry.detail).where(AuditEntry.report_id == report.id)).one())
    assert detail["reason"] == "not_enough_info"


def test_queue_filters_sorts_and_pages(session, city):
    reports = [make_report(session, city.kel_a1, title=f"Laporan {i}", support_count=i) for i in range(7)]
    verify(session, city.lurah_a1, reports[0].tracking_code)
    rows, total = queue_page(session, city.camat_a, QueueFilter(), sort="supported", page=0, page_size=3)
    assert total == 7 and [r.title for r in rows] == ["Laporan 6", "Laporan 5", "Laporan 4"]
    rows, _ = queue_page(session, city.camat_a, QueueFilter(), sort="supported", page=2, page_size=3)
    assert [r.title for r in rows] == ["Laporan 0"]
    rows, total = queue_page(session, city.camat_a, QueueFilter(status=status.VERIFIED))
    assert total == 1 and rows[0].tracking_code == reports[0].tracking_code
    rows, total = queue_page(session, city.camat_a, QueueFilter(area_id=city.kel_a2.id))
    assert total == 0
    session.exec(select(Report)).all()


def test_a_duplicate_links_to_the_original_and_its_supporters_move(session, city):
    from pengaduan_app.models import Support

    original = make_report(session, city.kel_a1)
    duplicate = make_report(session, city.kel_a1)
    for report, key in ((original, "v:both"), (duplicate, "v:both"), (duplicate, "v:only-dup"), (original, "v:orig")):
        session.add(Support(report_id=report.id, supporter_key=key))
    session.commit()
    reject(session, city.lurah_a1, duplicate.tracking_code, "duplicate", duplicate_of=original.tracking_code)
    session.refresh(original)
    session.refresh(duplicate)
    assert duplicate.duplicate_of_id == original.id and duplicate.status == status.REJECTED
    keys = session.exec(select(Support.supporter_key).where(Support.report_id == original.id)).all()
    assert sorted(keys) == ["v:both", "v:only-dup", "v:orig"]
    assert (original.support_count, duplicate.support_count) == (3, 0)


def test_the_public_page_says_when_a_report_is_past_its_deadline(session, city, settings):
    from datetime import timedelta

    from pengaduan_app.models.types import utcnow

    late = make_report(session, city.kel_a1, due_at=utcnow() - timedelta(hours=1))
    on_time = make_report(session, city.kel_a1, due_at=utcnow() + timedelta(days=2))
    finished_late = make_report(session, city.kel_a1, status=status.RESOLVED, due_at=utcnow() - timedelta(days=1))
    assert get_public_report(session, late.tracking_code).overdue
    assert not get_public_report(session, on_time.tracking_code).overdue
    assert not get_public_report(session, finished_late.tracking_code).overdue

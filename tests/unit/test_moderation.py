"""Moderation: flags, hiding reports and replies, redacting text and photos, originals for admins only."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import select

from pengaduan_app.domain.flags import FLAGS_PER_CLIENT_HOUR, flag_report
from pengaduan_app.domain.handling import HandlingError, add_reply
from pengaduan_app.domain.moderation import (
    ModerationError,
    dismiss_flags,
    hide_report,
    hide_step,
    moderation_queue,
    original_for_admin,
    private_store,
    redact_photo,
    redact_text,
    report_moderation,
    unhide_report,
)
from pengaduan_app.domain.permissions import PermissionDenied
from pengaduan_app.domain.public_reports import count_public_reports, get_public_report, list_public_reports
from pengaduan_app.domain.staff_queue import staff_report
from pengaduan_app.media import MediaStore, process_photo
from pengaduan_app.models import AuditEntry, Flag, Photo, Redaction, Report, StatusChange
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, jpeg_bytes, make_report

BOX = (0.25, 0.25, 0.5, 0.5)


@pytest.fixture
def city(session):
    return build_city(session)


@pytest.fixture
def report(session, city):
    return make_report(session, city.kel_a1, title="Sampah menumpuk di gang")


def _audit(session, report) -> list[tuple[str, dict]]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.report_id == report.id).order_by(AuditEntry.id)).all()
    return [(a.action, json.loads(a.detail)) for a in rows]


def _reply(session, city, report, text="Petugas sudah meninjau lokasi.", public=True) -> StatusChange:
    add_reply(session, city.lurah_a1, report.tracking_code, text, public=public)
    return session.exec(
        select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.id.desc())
    ).first()


def _photo(session, report, settings, data: bytes) -> Photo:
    processed = process_photo(data)
    files = MediaStore(settings.media_dir).save(processed)
    photo = Photo(
        report_id=report.id,
        sha256=processed.sha256,
        filename=files.filename,
        thumb_filename=files.thumb_filename,
        width=processed.width,
        height=processed.height,
    )
    session.add(photo)
    session.commit()
    return photo


def _pixel(path, fx: float, fy: float) -> tuple[int, int, int]:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((int(fx * image.width), int(fy * image.height)))


def _snapshot(session) -> dict:
    """Everything moderation may change, to show a refused call changed nothing."""
    session.expire_all()
    return {
        "reports": [(r.title, r.description, r.hidden) for r in session.exec(select(Report).order_by(Report.id))],
        "steps": [(s.note, s.hidden) for s in session.exec(select(StatusChange).order_by(StatusChange.id))],
        "photos": [p.filename for p in session.exec(select(Photo).order_by(Photo.id))],
        "flags": [f.resolved for f in session.exec(select(Flag).order_by(Flag.id))],
        "redactions": len(session.exec(select(Redaction)).all()),
        "audit": len(session.exec(select(AuditEntry)).all()),
    }


# --- flags -----------------------------------------------------------------------------------------------


def test_a_flag_waits_in_the_queue_of_the_moderators(session, city, report):
    flag_report(session, report.tracking_code, "personal_data", "Ada nomor HP orang lain.", "10.0.0.1")
    flag_report(session, report.tracking_code, "spam", "", "10.0.0.2")

    for identity in (city.admin, city.moderator):
        [item] = moderation_queue(session, identity)
        assert item.tracking_code == report.tracking_code
        assert item.flag_count == 2 and item.reasons == {"personal_data": 1, "spam": 1}
        assert item.comments == ("Ada nomor HP orang lain.",)
    for identity in (city.camat_a, city.lurah_a1, city.lurah_b1, city.dishub):
        with pytest.raises(PermissionDenied):
            moderation_queue(session, identity)
    flag = session.exec(select(Flag)).first()
    assert flag.client and "10.0.0.1" not in flag.client  # the address is kept only as a keyed hash
    assert [action for action, _ in _audit(session, report)] == ["flag", "flag"]


def test_dismissing_flags_keeps_the_report_public(session, city, report):
    flag_report(session, report.tracking_code, "offensive", "", "10.0.0.1")
    assert dismiss_flags(session, city.moderator, report.tracking_code) == 1
    assert moderation_queue(session, city.admin) == []
    assert get_public_report(session, report.tracking_code) is not None
    assert _audit(session, report)[-1] == ("dismiss_flags", {"flags_settled": 1})
    with pytest.raises(ModerationError) as refused:
        dismiss_flags(session, city.moderator, report.tracking_code)
    assert refused.value.code == "moderation.error.no_open_flags"
    # Once settled, the same visitor may flag again.
    flag_report(session, report.tracking_code, "offensive", "", "10.0.0.1")


def test_flag_limits_and_checks(session, city, report):
    code = report.tracking_code
    flag_report(session, code, "spam", "", "10.0.0.1")
    refusals = {
        "moderation.error.already_flagged": lambda: flag_report(session, code, "other", "", "10.0.0.1"),
        "moderation.error.flag_reason_invalid": lambda: flag_report(session, code, "boring", "", "10.0.0.9"),
        "moderation.error.flag_comment_too_long": lambda: flag_report(session, code, "spam", "x" * 501, "10.0.0.9"),
        "error.report_unknown": lambda: flag_report(session, "JKT-0000-99999", "spam", "", "10.0.0.9"),
    }
    for expected, call in refusals.items():
        with pytest.raises(ModerationError) as refused:
            call()
        assert refused.value.code == expected
    assert len(session.exec(select(Flag)).all()) == 1


def test_only_reports_the_public_sees_can_be_flagged(session, city):
    confidential = make_report(session, city.kel_a1, privacy="confidential")
    hidden = make_report(session, city.kel_a1, hidden=True)
    for report in (confidential, hidden):
        with pytest.raises(ModerationError) as refused:
            flag_report(session, report.tracking_code, "spam", "", "10.0.0.1")
        assert refused.value.code == "error.report_unknown"


def test_a_client_may_flag_only_so_often_per_hour(session, city):
    reports = [make_report(session, city.kel_a1) for _ in range(FLAGS_PER_CLIENT_HOUR + 1)]
    an_hour_ago = utcnow() - timedelta(minutes=61)
    flag_report(session, reports[-1].tracking_code, "spam", "", "10.0.0.1", now=an_hour_ago)  # no longer counts
    for report in reports[:-1]:
        flag_report(session, report.tracking_code, "spam", "", "10.0.0.1")
    another = make_report(session, city.kel_a1)
    with pytest.raises(ModerationError) as refused:
        flag_report(session, another.tracking_code, "spam", "", "10.0.0.1")
    assert refused.value.code == "moderation.error.flag_limit"
    assert refused.value.params == {"max": FLAGS_PER_CLIENT_HOUR}
    flag_report(session, another.tracking_code, "spam", "", "10.0.0.2")  # another client is not held back


# --- hiding ----------------------------------------------------------------------------------------------


def test_a_hidden_report_vanishes_from_every_public_read_and_comes_back(session, city, report):
    flag_report(session, report.tracking_code, "offensive", "", "10.0.0.1")
    assert count_public_reports(session) == 1

    hide_report(session, city.moderator, report.tracking_code, "Kata-kata kasar")
    assert get_public_report(session, report.tracking_code) is None
    assert list_public_reports(session) == [] and count_public_reports(session) == 0
    [item] = moderation_queue(session, city.moderator)
    assert item.hidden and item.flag_count == 0  # hiding settled the flag
    assert _audit(session, report)[-1] == ("hide_report", {"reason": "Kata-kata kasar", "flags_settled": 1})
    with pytest.raises(ModerationError) as refused:
        hide_report(session, city.moderator, report.tracking_code, "lagi")
    assert refused.value.code == "moderation.error.already_hidden"

    unhide_report(session, city.admin, report.tracking_code, "Sudah disunting")
    assert get_public_report(session, report.tracking_code) is not None
    assert moderation_queue(session, city.admin) == []
    assert _audit(session, report)[-1] == ("unhide_report", {"reason": "Sudah disunting"})


def test_the_queue_lists_flagged_reports_before_hidden_ones(session, city):
    hidden = make_report(session, city.kel_a1, hidden=True)
    older, newer = make_report(session, city.kel_a1), make_report(session, city.kel_a2)
    flag_report(session, older.tracking_code, "spam", "", "10.0.0.1", now=utcnow() - timedelta(minutes=5))
    flag_report(session, newer.tracking_code, "spam", "", "10.0.0.1")
    codes = [item.tracking_code for item in moderation_queue(session, city.moderator)]
    assert codes == [newer.tracking_code, older.tracking_code, hidden.tracking_code]


def test_a_hidden_reply_leaves_the_public_timeline_only(session, city, report):
    reply = _reply(session, city, report, "Nomor HP pelapor: 0812 9999 0000")
    internal = _reply(session, city, report, "Catatan dalam", public=False)
    public_notes = [s.note for s in get_public_report(session, report.tracking_code).timeline]
    assert "Nomor HP pelapor: 0812 9999 0000" in public_notes
    assert [s.id for s in report_moderation(session, city.moderator, report.tracking_code).steps] == [reply.id]

    hide_step(session, city.moderator, reply.id, "Data pribadi")
    notes = [s.note for s in get_public_report(session, report.tracking_code).timeline]
    assert "Nomor HP pelapor: 0812 9999 0000" not in notes
    assert session.get(StatusChange, reply.id).note == "Nomor HP pelapor: 0812 9999 0000"  # staff still see it
    staff_steps = {s.id: s.hidden for s in staff_report(session, city.lurah_a1, report.tracking_code).steps}
    assert staff_steps[reply.id] and not staff_steps[internal.id]  # marked as hidden on the staff timeline
    assert _audit(session, report)[-1] == ("hide_step", {"step_id": reply.id, "reason": "Data pribadi"})
    for step in (reply, internal):
        with pytest.raises(ModerationError) as refused:
            hide_step(session, city.moderator, step.id, "lagi")
        assert refused.value.code == "moderation.error.step_not_hideable"


# --- redacting text --------------------------------------------------------------------------------------


def test_redacted_text_is_replaced_and_the_original_kept_only_in_the_redaction(session, city, report):
    reply = _reply(session, city, report, "Hubungi Pak Budi di 0812 1111 2222")
    redact_text(session, city.moderator, report.tracking_code, "title", "Sampah menumpuk [disunting]", "Nama orang")
    redact_text(session, city.moderator, report.tracking_code, "description", "Uraian [disunting]", "Alamat rumah")
    redaction = redact_text(
        session, city.moderator, report.tracking_code, f"timeline:{reply.id}", "Hubungi [disunting]", "Nomor HP"
    )

    public = get_public_report(session, report.tracking_code)
    assert public.summary.title == "Sampah menumpuk [disunting]"
    assert public.description == "Uraian [disunting]"
    assert "Hubungi [disunting]" in [s.note for s in public.timeline]
    kept = {r.target: r.original for r in session.exec(select(Redaction))}
    assert kept == {
        "title": "Sampah menumpuk di gang",
        "description": "Lubang besar di tengah jalan.",
        f"timeline:{reply.id}": "Hubungi Pak Budi di 0812 1111 2222",
    }
    redact_audit = [detail for action, detail in _audit(session, report) if action == "redact_text"]
    assert redact_audit[-1] == {"target": f"timeline:{reply.id}", "reason": "Nomor HP", "redaction_id": redaction.id}
    assert not any("Sampah menumpuk di gang" in json.dumps(d) for d in redact_audit)
    assert original_for_admin(session, city.admin, redaction.id).redaction.original.startswith("Hubungi Pak Budi")
    assert _audit(session, report)[-1] == ("view_original", {"redaction_id": redaction.id})


@pytest.mark.parametrize(
    ("target", "text", "reason", "code"),
    [
        ("title", "Sampah menumpuk di gang", "alasan", "moderation.error.text_unchanged"),
        ("title", "   ", "alasan", "moderation.error.text_required"),
        ("title", "x" * 121, "alasan", "moderation.error.text_too_long"),
        ("title", "Judul baru", "  ", "moderation.error.reason_required"),
        ("title", "Judul baru", "x" * 201, "moderation.error.reason_too_long"),
        ("reporter_contact", "x", "alasan", "moderation.error.target_invalid"),
        ("timeline:abc", "x", "alasan", "moderation.error.target_invalid"),
        ("timeline:999999", "x", "alasan", "moderation.error.step_unknown"),
    ],
)
def test_a_bad_text_redaction_changes_nothing(session, city, report, target, text, reason, code):
    before = _snapshot(session)
    with pytest.raises(ModerationError) as refused:
        redact_text(session, city.admin, report.tracking_code, target, text, reason)
    assert refused.value.code == code
    session.rollback()
    assert _snapshot(session) == before


def test_a_step_of_another_report_cannot_be_redacted_through_this_one(session, city, report):
    other = make_report(session, city.kel_a1)
    reply = _reply(session, city, other)
    with pytest.raises(ModerationError) as refused:
        redact_text(session, city.moderator, report.tracking_code, f"timeline:{reply.id}", "x", "alasan")
    assert refused.value.code == "moderation.error.step_unknown"


# --- redacting photos ------------------------------------------------------------------------------------


def test_a_redacted_photo_is_painted_and_its_original_leaves_the_public_folder(session, city, report, settings):
    photo = _photo(session, report, settings, jpeg_bytes(400, 300, color=(240, 240, 240)))
    public_dir, original_name, original_thumb = settings.media_dir, photo.filename, photo.thumb_filename
    original_bytes = (public_dir / original_name).read_bytes()

    redaction = redact_photo(session, city.moderator, photo.id, BOX, "Wajah orang", settings=settings)
    session.commit()

    session.refresh(photo)
    assert photo.filename != original_name and (public_dir / photo.filename).is_file()
    assert not (public_dir / original_name).exists() and not (public_dir / original_thumb).exists()
    assert max(_pixel(public_dir / photo.filename, 0.5, 0.5)) < 30  # the box is painted solid
    assert min(_pixel(public_dir / photo.filename, 0.1, 0.1)) > 200  # the rest is untouched
    assert max(_pixel(public_dir / photo.thumb_filename, 0.5, 0.5)) < 30
    assert photo.filename in get_public_report(session, report.tracking_code).photos[0].url

    assert redaction.target == f"photo:{photo.id}" and redaction.original == original_name
    assert original_for_admin(session, city.admin, redaction.id, settings=settings).photo == original_name
    kept = private_store(settings).path(original_name)
    assert kept.read_bytes() == original_bytes and public_dir not in kept.parents
    assert [action for action, _ in _audit(session, report)] == ["redact_photo", "view_original"]
    assert _audit(session, report)[0][1]["reason"] == "Wajah orang"
    assert _audit(session, report)[0][1]["box"] == list(BOX)


def test_a_photo_file_shared_with_another_report_stays_for_that_report(session, city, report, settings):
    other = make_report(session, city.kel_a1)
    data = jpeg_bytes(200, 200, color=(20, 200, 20))
    mine, theirs = _photo(session, report, settings, data), _photo(session, other, settings, data)
    redact_photo(session, city.moderator, mine.id, BOX, "Plat nomor", settings=settings)
    session.commit()
    assert (settings.media_dir / theirs.filename).is_file()
    assert (settings.media_dir / theirs.thumb_filename).is_file()


@pytest.mark.parametrize(
    "box",
    [
        (0.5, 0.5, 0.6, 0.1),
        (-0.1, 0, 0.5, 0.5),
        (0, 0, 0, 0.5),
        (0, 0, float("nan"), 0.5),
        (0, 0, 0.5),
        ("a", 0, 0.5, 0.5),
        (True, 0, 0.5, 0.5),
        None,
    ],
)
def test_a_box_outside_the_photo_is_refused(session, city, report, settings, box):
    photo = _photo(session, report, settings, jpeg_bytes())
    before = _snapshot(session)
    with pytest.raises(ModerationError) as refused:
        redact_photo(session, city.admin, photo.id, box, "alasan", settings=settings)
    assert refused.value.code == "moderation.error.box_invalid"
    assert _snapshot(session) == before
    assert not private_store(settings).root.exists()


@pytest.mark.parametrize("photo_id", [999_999, 2**40, -1, "1", None])
def test_an_unknown_photo_is_refused(session, city, settings, photo_id):
    with pytest.raises(ModerationError) as refused:
        redact_photo(session, city.admin, photo_id, BOX, "alasan", settings=settings)
    assert refused.value.code == "moderation.error.photo_unknown"


# --- permissions -----------------------------------------------------------------------------------------


def _operations(session, city, report, reply, photo, settings):
    code = report.tracking_code
    return {
        "queue": lambda who: moderation_queue(session, who),
        "panel": lambda who: report_moderation(session, who, code),
        "hide": lambda who: hide_report(session, who, code, "alasan"),
        "unhide": lambda who: unhide_report(session, who, code, "alasan"),
        "hide_step": lambda who: hide_step(session, who, reply.id, "alasan"),
        "redact_title": lambda who: redact_text(session, who, code, "title", "Judul lain", "alasan"),
        "redact_step": lambda who: redact_text(session, who, code, f"timeline:{reply.id}", "Catatan lain", "alasan"),
        "redact_photo": lambda who: redact_photo(session, who, photo.id, BOX, "alasan", settings=settings),
        "dismiss": lambda who: dismiss_flags(session, who, code),
    }


@pytest.mark.parametrize("who", ["nobody", "lurah_a1", "camat_a", "lurah_b1", "lurah_a2", "dishub"])
def test_area_officers_even_of_its_own_area_and_anonymous_callers_are_refused_and_nothing_changes(
    session, city, report, settings, who
):
    identity = None if who == "nobody" else getattr(city, who)
    reply = _reply(session, city, report)
    photo = _photo(session, report, settings, jpeg_bytes())
    flag_report(session, report.tracking_code, "spam", "", "10.0.0.1")
    session.commit()
    before = _snapshot(session)
    for operation in _operations(session, city, report, reply, photo, settings).values():
        with pytest.raises(PermissionDenied):
            operation(identity)
        session.rollback()
    assert _snapshot(session) == before
    assert (settings.media_dir / photo.filename).is_file()


def test_an_unknown_report_code_is_told_only_to_staff(session, city):
    with pytest.raises(PermissionDenied):
        hide_report(session, None, "JKT-0000-99999", "alasan")
    with pytest.raises(HandlingError) as refused:
        hide_report(session, city.admin, "JKT-0000-99999", "alasan")
    assert refused.value.code == "error.report_unknown"


def test_originals_are_for_admins_only(session, city, report, settings):
    redaction = redact_text(session, city.moderator, report.tracking_code, "title", "Judul [disunting]", "Nama")
    audit_before = len(session.exec(select(AuditEntry)).all())
    for identity in (None, city.lurah_a1, city.camat_a, city.moderator):
        with pytest.raises(PermissionDenied):
            original_for_admin(session, identity, redaction.id, settings=settings)
    assert len(session.exec(select(AuditEntry)).all()) == audit_before
    for unknown in (redaction.id + 1, 2**40):
        with pytest.raises(ModerationError) as refused:
            original_for_admin(session, city.admin, unknown, settings=settings)
        assert refused.value.code == "moderation.error.redaction_unknown"
    assert report_moderation(session, city.moderator, report.tracking_code).redactions == []
    [line] = report_moderation(session, city.admin, report.tracking_code).redactions
    assert (line.id, line.target, line.reason, line.actor) == (redaction.id, "title", "Nama", "Moderator")


def test_a_missing_original_file_is_reported_not_served(session, city, report, settings):
    photo = _photo(session, report, settings, jpeg_bytes())
    redaction = redact_photo(session, city.admin, photo.id, BOX, "alasan", settings=settings)
    private_store(settings).path(redaction.original).unlink()
    with pytest.raises(ModerationError) as refused:
        original_for_admin(session, city.admin, redaction.id, settings=settings)
    assert refused.value.code == "moderation.error.original_missing"


def test_the_painted_photo_is_a_clean_reencoded_jpeg(session, city, report, settings):
    photo = _photo(session, report, settings, jpeg_bytes(320, 240))
    redact_photo(session, city.admin, photo.id, (0, 0, 1, 1), "Seluruh foto", settings=settings)
    session.refresh(photo)
    with Image.open(io.BytesIO((settings.media_dir / photo.filename).read_bytes())) as image:
        assert image.format == "JPEG" and image.size == (320, 240) and not image.getexif()

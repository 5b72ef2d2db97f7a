"""Moderation handlers called directly, as a crafted client could: refusals change nothing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.handling import add_reply
from pengaduan_app.media import MediaStore, process_photo
from pengaduan_app.models import AuditEntry, Flag, Photo, Redaction, Report, StatusChange
from pengaduan_app.state.flag_form import FlagState
from pengaduan_app.state.moderation_panel import StaffModerationState
from pengaduan_app.state.staff_moderation_queue import ModerationQueueState
from tests.builders import build_city, jpeg_bytes, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_language, set_staff_cookie, substate

FORM = {"reason": "alasan", "target": "title", "text": "Judul lain", "x": "10", "y": "10", "w": "20", "h": "20"}


@pytest.fixture
def city(app_db):
    return build_city(app_db)


@pytest.fixture
def target(app_db, city):
    """A public report of kelurahan Alfa Satu with a public reply, a photo and an open flag."""
    report = make_report(app_db, city.kel_a1, title="Judul asli laporan")
    add_reply(app_db, city.lurah_a1, report.tracking_code, "Balasan publik", public=True)
    processed = process_photo(jpeg_bytes())
    files = MediaStore(get_settings().media_dir).save(processed)
    app_db.add(
        Photo(
            report_id=report.id,
            sha256=processed.sha256,
            filename=files.filename,
            thumb_filename=files.thumb_filename,
            width=processed.width,
            height=processed.height,
        )
    )
    app_db.add(Flag(report_id=report.id, reason="spam", client="someone"))
    app_db.commit()
    return report


def _ids(session, report) -> dict[str, str]:
    step = session.exec(select(StatusChange).where(StatusChange.report_id == report.id, StatusChange.note != "")).one()
    photo = session.exec(select(Photo).where(Photo.report_id == report.id)).one()
    return {"step": str(step.id), "photo": str(photo.id)}


def _snapshot(session) -> dict:
    session.expire_all()
    return {
        "reports": [(r.title, r.description, r.hidden) for r in session.exec(select(Report))],
        "steps": [(s.note, s.hidden) for s in session.exec(select(StatusChange))],
        "photos": [p.filename for p in session.exec(select(Photo))],
        "flags": [f.resolved for f in session.exec(select(Flag))],
        "redactions": len(session.exec(select(Redaction)).all()),
        "audit": len(session.exec(select(AuditEntry)).all()),
    }


def _sign_in(root, session, username: str) -> None:
    set_staff_cookie(root, sign_in_staff(session, username))
    session.commit()


def _panel_calls(form: dict) -> dict:
    """Every handler of the panel that acts, with the payloads it would accept from an officer (hiding takes
    its reason from the form the question was asked from: `ask_hide`)."""
    return {
        "hide": (StaffModerationState.hide,),
        "undo_hide": (StaffModerationState.undo_hide,),
        "unhide": (StaffModerationState.unhide, form),
        "redact_text": (StaffModerationState.redact_text, form),
        "hide_step": (StaffModerationState.hide_step, form),
        "redact_photo": (StaffModerationState.redact_photo, form),
    }


# Handlers that only keep what the officer is typing, or open and close the question; they change nothing else.
FORM_HANDLERS = {
    "setvar",
    "load",
    "set_text_target",
    "set_new_text",
    "set_photo",
    "set_box",
    "ask_hide",
    "cancel_confirm",
    "dismiss_undo",
}
# What an officer of the report's own unit may do instead (tests/state/test_trust_moderation.py).
ASK_HANDLERS = {"ask_moderators"}


def test_every_handler_of_the_moderation_states_is_covered_here():
    assert set(StaffModerationState.event_handlers) == FORM_HANDLERS | ASK_HANDLERS | set(_panel_calls({}))
    # discount, keep and undo_discount (support bursts): tests/state/test_support_bursts_state.py
    bursts = {"discount", "keep", "undo_discount"}
    confirming = {"ask_hide", "undo_hide", "cancel_confirm", "dismiss_undo"}
    assert set(ModerationQueueState.event_handlers) == {
        *{"setvar", "load", "set_reason", "hide", "dismiss"},
        *confirming,
        *bursts,
    }


@pytest.mark.parametrize("who", ["anonymous", "lurah.alfa1", "camat.alfa", "lurah.beta1", "dishub"])
def test_panel_and_queue_handlers_refuse_callers_who_may_not_moderate(root, app_db, city, target, who):
    if who != "anonymous":
        _sign_in(root, app_db, who)
    open_page(root, f"/staf/laporan/{target.tracking_code}", code=target.tracking_code)
    form = {**FORM, **_ids(app_db, target)}
    before = _snapshot(app_db)

    panel = substate(root, StaffModerationState)
    run(panel, StaffModerationState.load)
    assert not panel.allowed and panel.steps == [] and panel.photos == []
    run(panel, StaffModerationState.ask_hide, form)
    assert panel.confirm_question == ""  # nothing named to someone who may not moderate
    for name, (handler, *payload) in _panel_calls(form).items():
        panel.error = ""
        assert run(panel, handler, *payload) is None, name
        assert panel.error == "Anda tidak berwenang melakukan tindakan ini.", name

    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.load)
    assert queue.items == []
    run(queue, ModerationQueueState.set_reason, target.tracking_code, "alasan")
    run(queue, ModerationQueueState.ask_hide, target.tracking_code)
    assert queue.confirm_question == ""  # nothing named to someone who may not moderate
    for name in ("hide", "undo_hide", "dismiss"):  # crafted: straight to the handler, without the question
        queue.error = ""
        run(queue, ModerationQueueState.event_handlers[name], target.tracking_code)
        assert queue.error == "Anda tidak berwenang melakukan tindakan ini.", name
    assert queue.undo_target == ""
    assert _snapshot(app_db) == before


def test_a_moderator_moderates_through_the_panel(root, app_db, city, target):
    _sign_in(root, app_db, "moderator")
    open_page(root, f"/staf/laporan/{target.tracking_code}", code=target.tracking_code)
    set_language(root, "en")
    panel = substate(root, StaffModerationState)
    run(panel, StaffModerationState.load)
    assert panel.allowed and panel.flags == "Spam or advertising ×1"
    assert panel.new_text == "Judul asli laporan" and len(panel.steps) == 1 and panel.photos
    assert panel.redactions == []  # originals are for admins

    assert run(panel, StaffModerationState.redact_text, FORM) is not None  # refreshes the staff page too
    assert panel.message == "Saved." and panel.error == ""
    assert panel.new_text == "Judul lain"
    run(panel, StaffModerationState.ask_hide, {"reason": "Kasar"})
    assert panel.confirm_question == f"Hide report {target.tracking_code} 'Judul lain' from the public?"
    run(panel, StaffModerationState.hide)
    assert panel.hidden
    app_db.expire_all()
    assert app_db.get(Report, target.id).hidden and app_db.get(Report, target.id).title == "Judul lain"

    run(panel, StaffModerationState.redact_photo, {**FORM, "photo": panel.photo_id, "w": "200"})
    assert panel.error.startswith("The area to cover must lie inside the photo")


def test_the_queue_page_hides_a_flagged_report(root, app_db, city, target):
    _sign_in(root, app_db, "moderator")
    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.load)
    [item] = queue.items
    assert item.code == target.tracking_code and item.flags == "1" and item.hidden is False
    run(queue, ModerationQueueState.ask_hide, target.tracking_code)
    assert queue.error == "Tulis alasannya." and queue.confirm_question == ""  # said before, not after, asking
    run(queue, ModerationQueueState.hide, target.tracking_code)  # a crafted hide without a reason
    assert queue.error == "Tulis alasannya." and not _hidden(app_db, target)
    run(queue, ModerationQueueState.set_reason, target.tracking_code, "Spam")
    run(queue, ModerationQueueState.ask_hide, target.tracking_code)
    question = f"Sembunyikan laporan {target.tracking_code} 'Judul asli laporan' dari publik?"
    assert queue.error == "" and queue.confirm_question == question
    run(queue, ModerationQueueState.cancel_confirm)
    assert queue.confirm_question == "" and not _hidden(app_db, target)  # "Tidak" hides nothing
    run(queue, ModerationQueueState.ask_hide, target.tracking_code)
    run(queue, ModerationQueueState.hide, queue.confirm_target)
    assert queue.error == "" and queue.items[0].hidden is True and queue.reasons == {}
    assert queue.confirm_question == "" and queue.undo_target == target.tracking_code
    assert queue.undo_text == f"Laporan {target.tracking_code} disembunyikan dari publik."
    assert _hidden(app_db, target)
    run(queue, ModerationQueueState.ask_hide, target.tracking_code)
    assert queue.confirm_question == ""  # a hidden report is not asked about again

    run(queue, ModerationQueueState.undo_hide, queue.undo_target)  # "Batalkan"
    assert queue.error == "" and queue.undo_target == "" and not _hidden(app_db, target)
    assert queue.message == "Laporan ditampilkan lagi untuk publik." and not any(i.hidden for i in queue.items)
    entries = app_db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()[-2:]
    assert [e.action for e in entries] == ["hide_report", "unhide_report"]
    assert [json.loads(e.detail)["reason"] for e in entries] == ["Spam", "Dibatalkan segera setelah disembunyikan"]


def _hidden(session, report) -> bool:
    session.expire_all()
    return session.get(Report, report.id).hidden


def test_a_visitor_flags_a_report_once(root, app_db, city, target):
    open_page(root, f"/laporan/{target.tracking_code}", code=target.tracking_code)
    state = substate(root, FlagState)
    run(state, FlagState.toggle, target.tracking_code)
    assert state.open_for == target.tracking_code
    run(state, FlagState.submit, target.tracking_code, {"reason": "offensive", "comment": "Kasar"})
    assert state.sent == [target.tracking_code] and state.errors == {}
    run(state, FlagState.submit, target.tracking_code, {"reason": "offensive", "comment": ""})
    assert state.errors == {target.tracking_code: "Anda sudah menandai laporan ini. Petugas akan memeriksanya."}
    run(state, FlagState.submit, "JKT-0000-99999", {"reason": "<script>", "comment": 5})
    assert state.errors["JKT-0000-99999"] == "Pilih alasan."
    flags = app_db.exec(select(Flag).where(Flag.report_id == target.id, Flag.reason == "offensive")).all()
    assert [f.comment for f in flags] == ["Kasar"]


@pytest.mark.parametrize("payload", [None, ["reason"], "reason", {"reason": ["x"], "photo": {"id": 1}, "x": None}])
def test_crafted_payloads_are_refused_not_errors(root, app_db, city, target, payload):
    _sign_in(root, app_db, "admin")
    open_page(root, f"/staf/laporan/{target.tracking_code}", code=target.tracking_code)
    before = _snapshot(app_db)
    panel = substate(root, StaffModerationState)
    run(panel, StaffModerationState.ask_hide, payload)
    for name, (handler, *takes) in _panel_calls({}).items():
        panel.error = ""
        run(panel, handler, *([payload] if takes else []))
        assert panel.error, name
    flag = substate(root, FlagState)
    run(flag, FlagState.submit, target.tracking_code, payload)
    assert flag.errors[target.tracking_code] == "Pilih alasan."
    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.load)
    run(queue, ModerationQueueState.set_reason, "JKT-0000-99999", "x" * 10_000)
    assert queue.reasons == {}
    assert _snapshot(app_db) == before

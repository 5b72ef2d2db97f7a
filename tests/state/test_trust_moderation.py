"""Issue 14.2: an officer cannot bury complaints about their own area. Handlers are called directly, as a crafted
client would; SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from pengaduan_app.domain.confirmation import issue_reporter_key
from pengaduan_app.domain.performance import area_performance
from pengaduan_app.domain.public_reports import get_public_report
from pengaduan_app.models import AuditEntry, Flag, Report
from pengaduan_app.state.moderation_panel import StaffModerationState
from pengaduan_app.state.performance import performance_view
from pengaduan_app.state.report import ReportState
from pengaduan_app.state.staff_moderation_queue import ModerationQueueState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate

REFUSED = "Anda tidak berwenang melakukan tindakan ini."


@pytest.fixture
def city(app_db):
    return build_city(app_db)


@pytest.fixture
def complaint(app_db, city):
    """A public complaint about kelurahan Alfa Satu, with its reporter's private-link key."""
    report = make_report(app_db, city.kel_a1, title="Lurah tidak pernah datang")
    key = issue_reporter_key(app_db, report)
    app_db.commit()
    return report, key


def _as(root, session, username: str, path: str, code: str):
    set_staff_cookie(root, sign_in_staff(session, username))
    session.commit()
    open_page(root, path, code=code)


@pytest.mark.parametrize("officer", ["lurah.alfa1", "camat.alfa"])
def test_the_areas_own_officers_cannot_hide_or_redact_its_complaints(root, app_db, city, complaint, officer):
    report, _ = complaint
    _as(root, app_db, officer, f"/staf/laporan/{report.tracking_code}", report.tracking_code)
    panel = substate(root, StaffModerationState)
    run(panel, StaffModerationState.load)
    assert not panel.allowed and panel.may_flag  # no tools; only the request to the moderators
    form = {"reason": "mengganggu", "target": "title", "text": "Judul lain"}
    run(panel, StaffModerationState.ask_hide, form)  # the question names nothing to them; the step is refused
    for handler, payload in ((StaffModerationState.hide, ()), (StaffModerationState.redact_text, (form,))):
        panel.error = ""
        run(panel, handler, *payload)
        assert panel.error == REFUSED
    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.set_reason, report.tracking_code, "mengganggu")
    run(queue, ModerationQueueState.hide, report.tracking_code)
    assert queue.error == REFUSED
    app_db.expire_all()
    stored = app_db.get(Report, report.id)
    assert (stored.hidden, stored.title) == (False, "Lurah tidak pernah datang")
    assert get_public_report(app_db, report.tracking_code) is not None


def test_an_officer_flags_with_a_reason_and_a_moderator_decides(root, app_db, city, complaint):
    report, key = complaint
    _as(root, app_db, "lurah.alfa1", f"/staf/laporan/{report.tracking_code}", report.tracking_code)
    panel = substate(root, StaffModerationState)
    run(panel, StaffModerationState.load)
    run(panel, StaffModerationState.ask_moderators, {"flag_reason": "personal_data", "reason": ""})
    assert panel.error == "Tulis alasannya." and app_db.exec(select(Flag)).all() == []
    run(panel, StaffModerationState.ask_moderators, {"flag_reason": "personal_data", "reason": "Ada nomor HP"})
    assert panel.error == "" and panel.message == "Terkirim. Moderator akan memeriksanya."
    [flag] = app_db.exec(select(Flag)).all()
    assert (flag.reason, flag.comment, flag.resolved) == ("personal_data", "Ada nomor HP", False)

    # the moderator sees it in the queue and hides the report, with the reason in the audit log
    set_staff_cookie(root, sign_in_staff(app_db, "moderator"))
    app_db.commit()
    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.load)
    assert [item.code for item in queue.items] == [report.tracking_code]
    run(queue, ModerationQueueState.set_reason, report.tracking_code, "Nomor HP pelapor lain")
    run(queue, ModerationQueueState.hide, report.tracking_code)
    assert queue.error == ""
    app_db.expire_all()
    hide = app_db.exec(select(AuditEntry).where(AuditEntry.action == "hide_report")).one()
    assert hide.actor_id == city.moderator.id and json.loads(hide.detail)["reason"] == "Nomor HP pelapor lain"

    # the public no longer sees it; its reporter does, through the private link, with the reason
    assert get_public_report(app_db, report.tracking_code) is None
    open_page(root, f"/laporan/{report.tracking_code}", code=report.tracking_code)
    page = substate(root, ReportState)
    run(page, ReportState.load)
    assert not page.found
    open_page(root, f"/laporan/{report.tracking_code}", code=report.tracking_code, kunci=key)
    run(page, ReportState.load)
    assert page.found and page.report.hidden_reason == "Nomor HP pelapor lain"
    assert page.report.private is True and page.report.title == "Lurah tidak pernah datang"


def test_hiding_does_not_improve_the_areas_figures(app_db, city, complaint):
    report, _ = complaint
    make_report(app_db, city.kel_a1, title="Lain")
    before, lines = area_performance(app_db, "kelurahan")
    [alfa] = [line for line in lines if line.area_id == city.kel_a1.id]
    assert (alfa.received, alfa.hidden) == (2, 0)
    stored = app_db.get(Report, report.id)
    stored.hidden = True
    app_db.add(stored)
    app_db.commit()
    after, lines = area_performance(app_db, "kelurahan")
    [alfa_after] = [line for line in lines if line.area_id == city.kel_a1.id]
    assert (alfa_after.received, alfa_after.hidden) == (2, 1)
    assert alfa_after.fair_score == alfa.fair_score and after.received == before.received
    assert performance_view(alfa_after, "id", 1).hidden == "disembunyikan: 1"

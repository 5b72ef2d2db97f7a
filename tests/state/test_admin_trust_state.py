"""Issue 16.7: revoking a key, disabling an account and hiding a report ask first, naming the thing; disabling
and hiding can be undone at once ("Batalkan"); each step and its undo is audited. The question is only UI:
crafted events straight to the handlers are refused by the domain. The audit log reads as sentences in the
reader's language, with filters from lists; two-factor enrolment and recovery codes through their state."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

from sqlmodel import select

from pengaduan_app.domain import credentials
from pengaduan_app.domain.accounts import SESSION_COOKIE
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.domain.handling import apply_step
from pengaduan_app.models import ApiKey, AuditEntry, Report, StaffUser
from pengaduan_app.models.types import utcnow
from pengaduan_app.state.moderation_panel import StaffModerationState
from pengaduan_app.state.staff_accounts import AccountsState
from pengaduan_app.state.staff_api_keys import ApiKeysState
from pengaduan_app.state.staff_audit import AuditState
from pengaduan_app.state.staff_two_factor import TwoFactorState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_language, set_staff_cookie, substate


def _as(root, app_db, username: str, path: str, cls, **query):
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()
    open_page(root, path, **query)
    state = substate(root, cls)
    run(state, cls.event_handlers["load"])
    return state


def _actions(app_db) -> list[str]:
    app_db.expire_all()
    return app_db.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_revoking_a_key_asks_first_naming_it(root, app_db):
    city = build_city(app_db)
    key = create_api_key(app_db, city.admin, "Dinas Bina Marga")
    app_db.commit()
    state = _as(root, app_db, "admin", "/staf/api", ApiKeysState)
    run(state, ApiKeysState.event_handlers["ask_revoke"], str(key.id))
    assert state.confirm_question == "Cabut kunci API 'Dinas Bina Marga'? " + (
        "Aplikasi yang memakainya tidak bisa mengirim laporan lagi."
    )
    run(state, ApiKeysState.event_handlers["cancel_confirm"])
    assert state.confirm_question == "" and state.keys[0].revoked == ""
    run(state, ApiKeysState.event_handlers["ask_revoke"], state.keys[0].id)
    run(state, ApiKeysState.event_handlers["revoke"], state.confirm_target)
    assert state.confirm_question == "" and state.keys[0].revoked != ""
    assert _actions(app_db)[-1] == "api_key_revoke"


def test_a_crafted_revoke_from_an_officer_is_refused(root, app_db):
    city = build_city(app_db)
    key = create_api_key(app_db, city.admin, "Aplikasi Uji")
    app_db.commit()
    state = _as(root, app_db, "camat.alfa", "/staf/api", ApiKeysState)
    run(state, ApiKeysState.event_handlers["ask_revoke"], str(key.id))
    assert state.confirm_question == ""  # nothing named to someone who may not see the keys
    run(state, ApiKeysState.event_handlers["revoke"], str(key.id))
    app_db.expire_all()
    assert app_db.exec(select(ApiKey.revoked_at)).one() is None and state.error


def test_disabling_an_account_asks_and_can_be_undone(root, app_db):
    city = build_city(app_db)
    state = _as(root, app_db, "admin", "/staf/akun", AccountsState)
    user_id = str(city.lurah_a1.id)
    run(state, AccountsState.event_handlers["ask_disable"], user_id)
    assert state.confirm_question.startswith("Nonaktifkan akun 'lurah.alfa1'?")
    run(state, AccountsState.event_handlers["set_active"], state.confirm_target, False)
    assert state.confirm_question == "" and state.undo_target == user_id
    assert state.undo_text == "Akun 'lurah.alfa1' dinonaktifkan."
    app_db.expire_all()
    assert not app_db.get(StaffUser, city.lurah_a1.id).active
    run(state, AccountsState.event_handlers["set_active"], state.undo_target, True)  # "Batalkan"
    app_db.expire_all()
    assert app_db.get(StaffUser, city.lurah_a1.id).active and state.undo_target == ""
    assert _actions(app_db)[-2:] == ["account_disable", "account_enable"]


def test_a_crafted_disable_from_an_officer_changes_nothing(root, app_db):
    city = build_city(app_db)
    state = _as(root, app_db, "camat.alfa", "/staf/akun", AccountsState)
    run(state, AccountsState.event_handlers["ask_disable"], str(city.lurah_a1.id))
    assert state.confirm_question == ""
    run(state, AccountsState.event_handlers["set_active"], str(city.lurah_a1.id), False)
    app_db.expire_all()
    assert app_db.get(StaffUser, city.lurah_a1.id).active and state.undo_target == ""


def test_hiding_a_report_asks_naming_it_and_can_be_undone(root, app_db):
    city = build_city(app_db)
    report = make_report(app_db, city.kel_a1, title="Lubang di Jalan Alfa")
    state = _as(
        root,
        app_db,
        "moderator",
        f"/staf/laporan/{report.tracking_code}",
        StaffModerationState,
        code=report.tracking_code,
    )
    state_code = report.tracking_code
    run(state, StaffModerationState.event_handlers["ask_hide"], {"reason": "Memuat nomor telepon warga"})
    assert state.confirm_question == f"Sembunyikan laporan {state_code} 'Lubang di Jalan Alfa' dari publik?"
    app_db.expire_all()
    assert not app_db.get(Report, report.id).hidden  # asking hides nothing
    run(state, StaffModerationState.event_handlers["hide"])
    app_db.expire_all()
    assert app_db.get(Report, report.id).hidden and state.undo_target == state_code
    run(state, StaffModerationState.event_handlers["undo_hide"])
    app_db.expire_all()
    assert not app_db.get(Report, report.id).hidden and state.undo_target == ""
    assert _actions(app_db)[-2:] == ["hide_report", "unhide_report"]
    reasons = [json.loads(d)["reason"] for d in app_db.exec(select(AuditEntry.detail).order_by(AuditEntry.id))][-2:]
    assert reasons == ["Memuat nomor telepon warga", "Dibatalkan segera setelah disembunyikan"]


def test_a_crafted_hide_from_the_areas_officer_is_refused(root, app_db):
    city = build_city(app_db)
    report = make_report(app_db, city.kel_a1)
    state = _as(
        root,
        app_db,
        "lurah.alfa1",
        f"/staf/laporan/{report.tracking_code}",
        StaffModerationState,
        code=report.tracking_code,
    )
    run(state, StaffModerationState.event_handlers["ask_hide"], {"reason": "spam"})
    assert state.confirm_question == ""
    run(state, StaffModerationState.event_handlers["hide"])
    app_db.expire_all()
    assert not app_db.get(Report, report.id).hidden and state.undo_target == "" and state.error


def test_the_audit_log_reads_as_sentences_with_links_and_filters(root, app_db):
    city = build_city(app_db)
    report = make_report(app_db, city.kel_a1, status="resolved")
    apply_step(app_db, report, "reopen", officer=city.camat_a, note="Masih tergenang")
    create_api_key(app_db, city.admin, "Dinas Bina Marga")
    app_db.commit()
    state = _as(root, app_db, "admin", "/staf/audit", AuditState)
    shown = {e.what: e for e in state.entries}
    reopen = shown["mengubah status dari Selesai ke Dibuka kembali"]
    assert reopen.actor == "Camat.Alfa" and reopen.username == "camat.alfa"
    assert reopen.href == f"/staf/laporan/{report.tracking_code}" and reopen.extra == "Catatan: Masih tergenang"
    assert reopen.when.endswith("WIB")
    key = shown["membuat kunci API 'Dinas Bina Marga'"]
    assert key.href == "/staf/api" and key.subject == "Kunci API 'Dinas Bina Marga'"
    assert "resolved" not in json.dumps([dataclasses.asdict(e) for e in state.entries])
    labels = {a.value: a.label for a in state.actions}
    assert labels["reopen"] == "Mengubah status dari … ke …" and labels["api_key_revoke"] == "Mencabut kunci API '…'"
    run(state, AuditState.event_handlers["set_filter"], "action", "reopen")
    assert [e.what for e in state.entries] == ["mengubah status dari Selesai ke Dibuka kembali"]
    run(state, AuditState.event_handlers["set_filter"], "action", "")
    run(state, AuditState.event_handlers["set_filter"], "person", str(city.admin.id))
    assert {e.username for e in state.entries} == {"admin"}
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    run(state, AuditState.event_handlers["set_filter"], "since", tomorrow)
    assert state.entries == [] and state.total == 0
    run(state, AuditState.event_handlers["set_filter"], "since", "kemarin")
    assert state.error == "Tanggal tidak valid: pakai format tahun-bulan-hari."
    run(state, AuditState.event_handlers["clear_filters"])
    assert state.error == "" and state.total >= 2
    set_language(root, "en")
    run(state, AuditState.event_handlers["load"])
    assert "changed the status from Resolved to Reopened" in {e.what for e in state.entries}


def test_officers_cannot_read_the_audit_log(root, app_db):
    build_city(app_db)
    state = _as(root, app_db, "camat.alfa", "/staf/audit", AuditState)
    assert not state.allowed and state.entries == [] and state.people == []
    run(state, AuditState.event_handlers["set_filter"], "action", "reopen")
    assert state.entries == []


def _with_cookie(root, header: str) -> None:
    from reflex.istate.data import RouterData

    data = dict(root.router_data)
    data["headers"] = {**data.get("headers", {}), "cookie": header}
    root.router_data = data
    root.router = RouterData.from_router_data(data)


def test_enrolment_shows_the_secret_only_to_the_pending_account_and_only_until_enabled(root, app_db):
    city = build_city(app_db)
    open_page(root, "/staf/dua-langkah")
    state = substate(root, TwoFactorState)
    assert run(state, TwoFactorState.event_handlers["open_enrolment"]) is not None  # nobody: to the sign-in page
    assert state.secret == "" and state.qr == ""
    # an officer enrolling by choice, from their session
    set_staff_cookie(root, sign_in_staff(app_db, "camat.alfa"))
    app_db.commit()
    open_page(root, "/staf/dua-langkah")
    run(state, TwoFactorState.event_handlers["open_enrolment"])
    assert len(state.secret.replace(" ", "")) == 32 and state.qr.startswith("data:image/svg+xml;base64,")
    # a pending state for another step, or a forged one, shows nothing
    admin = app_db.get(StaffUser, city.admin.id)
    _with_cookie(root, f"{credentials.PENDING_COOKIE}={credentials.pending_token(admin, credentials.STEP_CODE)}")
    run(state, TwoFactorState.event_handlers["open_enrolment"])
    assert state.secret == ""
    # the admin, already enabled, is never shown a secret again
    _with_cookie(root, f"{SESSION_COOKIE}={sign_in_staff(app_db, 'admin')}")
    app_db.commit()
    run(state, TwoFactorState.event_handlers["open_enrolment"])
    assert state.enabled and state.secret == "" and state.qr == ""


def test_recovery_codes_are_shown_once_after_enrolling(root, app_db):
    build_city(app_db)
    set_staff_cookie(root, sign_in_staff(app_db, "admin"))
    app_db.commit()
    open_page(root, "/staf/dua-langkah/pemulihan")
    state = substate(root, TwoFactorState)
    run(state, TwoFactorState.event_handlers["open_recovery"])
    assert len(state.codes) == 10
    run(state, TwoFactorState.event_handlers["open_recovery"])
    assert state.codes == [] and state.enabled  # shown once
    run(state, TwoFactorState.event_handlers["new_codes"])
    assert len(state.codes) == 10 and "recovery_codes_new" in _actions(app_db)


def test_an_officer_without_two_factor_gets_no_recovery_codes(root, app_db):
    build_city(app_db)
    set_staff_cookie(root, sign_in_staff(app_db, "camat.alfa"))
    app_db.commit()
    open_page(root, "/staf/dua-langkah/pemulihan")
    state = substate(root, TwoFactorState)
    run(state, TwoFactorState.event_handlers["new_codes"])
    assert state.codes == [] and not state.enabled

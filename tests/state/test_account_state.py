"""Issue 14.4 at the account page's handlers, called as a crafted client would: registering answers alike for a
taken and a new login, sign-in failures say nothing about the account, the verification states and "Kirim ulang";
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from pengaduan_app.domain.citizens import MAILS_PER_HOUR, register
from pengaduan_app.domain.moderation import redact_text
from pengaduan_app.i18n import translate
from pengaduan_app.models import AccountMail, Citizen, StatusChange
from pengaduan_app.models.types import utcnow
from pengaduan_app.state.account import CitizenState
from tests.state.conftest import followed_with_reply, open_page, run, substate

PASSWORD = "kata-sandi-warga"
SEEN = ("signed_in", "error", "notice", "session_token", "display_name", "contact_status", "email_unverified")


@pytest.fixture
def taken(app_db):
    """An e-mail account and a phone account that exist already."""
    register(app_db, login="ada@contoh.id", password=PASSWORD)
    register(app_db, login="0812 1111 2222", password=PASSWORD)
    app_db.commit()


def _visible(root, handler, *args) -> dict:
    """What a fresh browser sees after one event: the account state's every field the page shows."""
    open_page(root, "/akun")
    state = substate(root, CitizenState)
    state.error = state.notice = ""
    run(state, handler, *args)
    return {name: getattr(state, name) for name in SEEN}


def test_registering_answers_alike_for_a_taken_and_a_new_login(app_db, root, taken):
    form = {"name": "Penyerang", "password": "tebakan-penyerang"}
    for existing, new in (("ADA@contoh.id", "baru@contoh.id"), ("+62 812-1111-2222", "0813 3333 4444")):
        answer_taken = _visible(root, CitizenState.register, {**form, "login": existing})
        answer_new = _visible(root, CitizenState.register, {**form, "login": new})
        assert answer_taken == answer_new
        assert answer_new["notice"] and not answer_new["error"] and not answer_new["signed_in"]
    assert app_db.exec(select(func.count(Citizen.id))).one() == 4  # the two new ones only


def test_a_failed_sign_in_reads_the_same_for_an_unknown_login(app_db, root, taken):
    wrong = _visible(root, CitizenState.sign_in, {"login": "ada@contoh.id", "password": "salah-salah-salah"})
    unknown = _visible(root, CitizenState.sign_in, {"login": "siapa@contoh.id", "password": "salah-salah-salah"})
    assert wrong == unknown and wrong["error"] == translate("id", "error.sign_in_failed")


def test_an_unverified_address_signs_in_is_told_and_can_ask_again_a_few_times(app_db, root, taken):
    seen = _visible(root, CitizenState.sign_in, {"login": "ada@contoh.id", "password": PASSWORD})
    assert seen["signed_in"] and seen["email_unverified"]
    assert seen["contact_status"] == translate("id", "account.email_unverified_why", email="ada@contoh.id")
    state = substate(root, CitizenState)
    for _ in range(MAILS_PER_HOUR - 1):  # the sign-up mailed one link already
        run(state, CitizenState.resend_verification)
        assert state.notice == translate("id", "account.resent") and not state.error
    run(state, CitizenState.resend_verification)
    assert state.error.startswith("Sudah terlalu banyak e-mail") and not state.notice
    assert app_db.exec(select(func.count(AccountMail.id))).one() == MAILS_PER_HOUR


def test_resending_without_an_account_does_nothing(app_db, root, taken):
    _visible(root, CitizenState.resend_verification)
    assert app_db.exec(select(func.count(AccountMail.id))).one() == 1  # the sign-up's own


def test_a_verified_address_and_a_phone_are_worded_apart(app_db, root, taken):
    app_db.exec(select(Citizen).where(Citizen.login == "ada@contoh.id")).one().email_verified_at = utcnow()
    app_db.commit()
    seen = _visible(root, CitizenState.sign_in, {"login": "ada@contoh.id", "password": PASSWORD})
    assert not seen["email_unverified"]
    assert seen["contact_status"] == translate("id", "account.email_verified", email="ada@contoh.id")
    phone = _visible(root, CitizenState.sign_in, {"login": "0812 1111 2222", "password": PASSWORD})
    assert not phone["email_unverified"] and phone["contact_status"] == translate("id", "account.phone_unverified")
    assert "tidak diverifikasi" in phone["contact_status"]


@pytest.mark.parametrize(
    ("result", "field", "key"),
    [
        ("ok", "notice", "account.verify_ok"),
        ("used", "notice", "account.verify_used"),
        ("expired", "error", "account.verify_expired"),
        ("unknown", "error", "account.verify_unknown"),
    ],
)
def test_the_link_result_is_worded_on_the_account_page(app_db, root, result, field, key):
    open_page(root, "/akun", verifikasi=result)
    state = substate(root, CitizenState)
    run(state, CitizenState.load)
    assert getattr(state, field) == translate("id", key)


def test_a_follower_s_account_page_shows_a_reply_only_as_the_moderator_left_it(app_db, root):
    """Issue 14.3 on /akun: anyone may follow, so the notification list must not keep what a moderator redacted."""
    city, report = followed_with_reply(app_db, root, "Hubungi Pak Budi di 0812 3456 7890")
    step = app_db.exec(select(StatusChange.id).where(StatusChange.action == "reply")).one()
    redact_text(app_db, city.moderator, report.tracking_code, f"timeline:{step}", "Hubungi [disunting]", "HP")
    app_db.commit()
    open_page(root, "/akun")
    state = substate(root, CitizenState)
    run(state, CitizenState.load)
    assert [n.note for n in state.notifications] == ["Hubungi [disunting]"]
    assert "0812" not in repr(state.get_delta())

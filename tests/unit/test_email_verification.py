"""Issue 14.4: registering says nothing about who has an account, and an e-mail address is proved by a one-time
link (mailed through a real SMTP exchange, aiosmtpd) before any e-mail is sent to it. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_string
from email.policy import default

import pytest
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.citizens import (
    EXPIRED,
    MAILS_PER_HOUR,
    UNKNOWN,
    USED,
    VERIFIED,
    VerificationError,
    citizen_for,
    follow_link,
    register,
    resend_link,
    sign_in_citizen,
)
from pengaduan_app.domain.credentials import CredentialError
from pengaduan_app.models import AccountMail, Citizen
from pengaduan_app.models.types import utcnow
from tests.smtp_inbox import Inbox, running_inbox

PASSWORD = "kata-sandi-warga"
LINK = re.compile(r"/akun/verifikasi\?t=([A-Za-z0-9_\-]+)")


@pytest.fixture
def inbox(monkeypatch) -> Iterator[Inbox]:
    with running_inbox() as (inbox, port):
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        yield inbox
    get_settings.cache_clear()


def _text(content: str) -> str:
    return message_from_string(content, policy=default).get_content()


def _link_in(content: str) -> str:
    found = LINK.search(_text(content))
    assert found, content
    return found.group(1)


def test_a_new_address_is_verified_by_its_mailed_link_once(any_session, inbox):
    citizen = register(any_session, login="Rina@Contoh.ID", password=PASSWORD)
    any_session.commit()
    [(recipients, content)] = inbox.wait_for(1)
    assert recipients == ["rina@contoh.id"]
    token = _link_in(content)
    stored = any_session.exec(select(AccountMail)).one()
    assert stored.token_hash and token not in stored.token_hash  # only its hash is kept
    session_token = sign_in_citizen(any_session, "rina@contoh.id", PASSWORD, client="x")
    assert citizen_for(any_session, session_token).email_verified is False  # signs in before verifying
    assert follow_link(any_session, token) == VERIFIED
    any_session.commit()
    assert citizen_for(any_session, session_token).email_verified is True
    assert any_session.get(Citizen, citizen.id).email_verified_at is not None
    assert follow_link(any_session, token) == USED
    assert follow_link(any_session, token[:-2] + "xx") == UNKNOWN
    assert follow_link(any_session, "") == UNKNOWN


def test_a_link_expires_after_a_day(any_session, inbox):
    register(any_session, login="lama@contoh.id", password=PASSWORD)
    any_session.commit()
    token = _link_in(inbox.wait_for(1)[0][1])
    assert follow_link(any_session, token, now=utcnow() + timedelta(hours=25)) == EXPIRED
    assert any_session.exec(select(Citizen.email_verified_at)).one() is None


def test_registering_a_taken_login_answers_the_same_and_tells_the_owner_by_mail(any_session, inbox):
    owner = register(any_session, login="pemilik@contoh.id", password=PASSWORD)
    register(any_session, login="0812 3456 7890", password=PASSWORD)
    any_session.commit()
    inbox.wait_for(1)
    before = any_session.exec(select(Citizen.id)).all()
    # The attacker's view: the call returns normally (no "already registered" error) for both kinds of login.
    assert register(any_session, login="PEMILIK@contoh.id", password="tebakan-penyerang") is None
    assert register(any_session, login="+62 812-3456-7890", password="tebakan-penyerang") is None
    any_session.commit()
    messages = inbox.wait_for(2)
    assert len(messages) == 2 and messages[1][0] == ["pemilik@contoh.id"]
    assert "sudah punya akun" in _text(messages[1][1]) and not LINK.search(_text(messages[1][1]))
    assert any_session.exec(select(Citizen.id)).all() == before
    assert any_session.get(Citizen, owner.id).password_hash != "tebakan-penyerang"


def test_a_taken_login_counts_against_the_sign_up_limit_like_a_new_one(any_session, monkeypatch):
    monkeypatch.setenv("PENGADUAN_SIGNUP_LIMIT_PER_ADDRESS_HOUR", "2")
    get_settings.cache_clear()
    try:
        register(any_session, login="ada@contoh.id", password=PASSWORD, client="198.51.100.1")
        for _ in range(2):  # probing the taken login from another address spends that address's sign-ups
            assert register(any_session, login="ada@contoh.id", password=PASSWORD, client="203.0.113.9") is None
        with pytest.raises(CredentialError) as refused:
            register(any_session, login="baru@contoh.id", password=PASSWORD, client="203.0.113.9")
        assert refused.value.code == "error.signup_limited"
    finally:
        get_settings.cache_clear()


def test_sign_in_fails_with_one_message_whether_or_not_the_account_exists(any_session):
    register(any_session, login="ada@contoh.id", password=PASSWORD)
    codes = []
    for login in ("ada@contoh.id", "tidak-ada@contoh.id", "0899 0000 1111"):
        with pytest.raises(CredentialError) as refused:
            sign_in_citizen(any_session, login, "salah-salah-salah", client="192.0.2.1")
        codes.append((refused.value.code, refused.value.params))
    assert codes == [("error.sign_in_failed", {})] * 3


def test_resending_is_limited_per_hour_and_phones_are_never_verified(any_session, inbox):
    citizen = register(any_session, login="ulang@contoh.id", password=PASSWORD)
    for _ in range(MAILS_PER_HOUR - 1):
        resend_link(any_session, citizen.id)
    with pytest.raises(VerificationError) as limited:
        resend_link(any_session, citizen.id)
    assert limited.value.code == "account.resend_limited"
    assert resend_link(any_session, citizen.id, now=utcnow() + timedelta(hours=2)) is None
    phone = register(any_session, login="0812 9999 0000", password=PASSWORD)
    with pytest.raises(VerificationError) as nothing:
        resend_link(any_session, phone.id)
    assert nothing.value.code == "account.verify_nothing"
    token = sign_in_citizen(any_session, "0812 9999 0000", PASSWORD, client="x")
    assert citizen_for(any_session, token).email_verified is False

from datetime import timedelta

import pytest
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import (
    AccountError,
    create_staff,
    identity_for,
    set_active,
    set_password,
    sign_in,
    sign_out,
)
from pengaduan_app.domain.credentials import CredentialError
from pengaduan_app.models import SignInAttempt, StaffSession, StaffUser
from pengaduan_app.models.types import utcnow
from tests.builders import PASSWORD, build_city


@pytest.fixture
def city(session):
    return build_city(session)


def _user(session, username):
    return session.exec(select(StaffUser).where(StaffUser.username == username)).one()


def test_passwords_are_stored_as_argon2_hashes(session, city):
    user = _user(session, "camat.alfa")
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_sign_in_gives_a_session_that_resolves_to_the_officer(session, city):
    token = sign_in(session, " Camat.Alfa ", PASSWORD, client="10.0.0.1")
    identity = identity_for(session, token)
    assert identity.username == "camat.alfa" and identity.role == permissions.KECAMATAN
    assert identity.area_ids == {city.kec_a.id}
    # Only a hash of the token is stored.
    assert session.exec(select(StaffSession.token_hash)).all() != [token]


def test_wrong_password_and_unknown_user_give_the_same_message(session, city):
    for username, password in (("camat.alfa", "salah-salah-salah"), ("tidak.ada", PASSWORD)):
        with pytest.raises(CredentialError) as caught:
            sign_in(session, username, password, client="10.0.0.1")
        assert caught.value.code == "error.sign_in_failed"


def test_sign_in_is_throttled_after_repeated_failures(session, city):
    for _ in range(get_settings().sign_in_failures_per_account):
        with pytest.raises(CredentialError):
            sign_in(session, "camat.alfa", "salah-salah-salah", client="10.0.0.1")
    with pytest.raises(CredentialError) as caught:  # that address may not go on guessing, even the right one
        sign_in(session, "camat.alfa", PASSWORD, client="10.0.0.1")
    assert caught.value.code == "error.sign_in_throttled"
    # After the window, the right password works again.
    later = utcnow() + timedelta(minutes=16)
    assert sign_in(session, "camat.alfa", PASSWORD, client="10.0.0.1", now=later)


def test_sessions_expire(session, city):
    token = sign_in(session, "camat.alfa", PASSWORD, client="x")
    assert identity_for(session, token, now=utcnow() + timedelta(hours=11)) is None


def test_sign_out_ends_the_session(session, city):
    token = sign_in(session, "camat.alfa", PASSWORD, client="x")
    sign_out(session, token)
    assert identity_for(session, token) is None


def test_disabling_an_account_ends_its_sessions_and_blocks_sign_in(session, city):
    token = sign_in(session, "camat.alfa", PASSWORD, client="x")
    set_active(session, _user(session, "camat.alfa"), False)
    session.commit()
    assert identity_for(session, token) is None
    with pytest.raises(CredentialError):
        sign_in(session, "camat.alfa", PASSWORD, client="x")


def test_password_change_ends_old_sessions(session, city):
    token = sign_in(session, "camat.alfa", PASSWORD, client="x")
    set_password(session, _user(session, "camat.alfa"), "kata-sandi-baru-123")
    session.commit()
    assert identity_for(session, token) is None
    assert sign_in(session, "camat.alfa", "kata-sandi-baru-123", client="x")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"role": "superuser"}, "error.role_invalid"),
        ({"password": "pendek"}, "error.password_too_short"),
        ({"username": "admin"}, "error.username_taken"),
        ({"username": "  "}, "error.account_fields_required"),
        ({"role": permissions.KECAMATAN, "area_ids": []}, "error.areas_required"),
        ({"role": permissions.AGENCY, "agency": "ufo"}, "error.agency_invalid"),
    ],
)
def test_account_rules(session, city, fields, code):
    values = {"username": "baru", "display_name": "Baru", "password": PASSWORD, "role": permissions.ADMIN} | fields
    with pytest.raises(CredentialError) as caught:  # AccountError, or the password rule's CredentialError
        create_staff(session, **values)
    assert caught.value.code == code


def test_an_officer_must_be_attached_to_areas_of_their_level(session, city):
    with pytest.raises(AccountError) as caught:
        create_staff(
            session,
            username="x",
            display_name="X",
            password=PASSWORD,
            role=permissions.KELURAHAN,
            area_ids=[city.kec_a.id],
        )
    assert caught.value.code == "error.areas_invalid"


def test_garbage_tokens_are_nobody(session, city):
    for token in ("", "x", "a" * 500, "' OR 1=1 --"):
        assert identity_for(session, token) is None


def test_sign_in_limits_come_from_the_settings_and_addresses_are_kept_hashed(session, city, monkeypatch):
    monkeypatch.setenv("PENGADUAN_SIGN_IN_FAILURES_PER_ACCOUNT", "2")
    get_settings.cache_clear()
    try:
        for _ in range(2):
            with pytest.raises(CredentialError):
                sign_in(session, "camat.alfa", "salah-salah-salah", client="198.51.100.23")
        with pytest.raises(CredentialError) as caught:
            sign_in(session, "camat.alfa", PASSWORD, client="198.51.100.23")
        assert caught.value.code == "error.sign_in_throttled"
    finally:
        get_settings.cache_clear()
    stored = session.exec(select(SignInAttempt.client)).all()
    assert len(stored) == 2 and all("198.51.100" not in client for client in stored)

"""Issue 14.5: guessing is stopped without letting anyone lock others out. An attacker spreads wrong passwords for
`admin` over many addresses; the admin still signs in from their own, after at most a short slowdown."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pengaduan_app import cli
from pengaduan_app.config import get_settings
from pengaduan_app.domain.accounts import sign_in, staff_sign_in_delay
from pengaduan_app.domain.credentials import MAX_DELAY_SECONDS, CredentialError
from pengaduan_app.models import SignInAttempt
from tests.builders import PASSWORD, build_city, sign_in_staff


@pytest.fixture
def session(any_session):
    """SQLite, and PostgreSQL when PENGADUAN_TEST_PG_URL is set."""
    return any_session


@pytest.fixture
def city(session):
    return build_city(session)


def _guess(session, username: str, client: str) -> str:
    with pytest.raises(CredentialError) as refused:
        sign_in(session, username, "tebakan-salah-123", client=client)
    return refused.value.code


def test_an_attacker_from_other_addresses_cannot_keep_admin_out(session, city):
    per_pair = get_settings().sign_in_failures_per_account
    attackers = [f"203.0.113.{n}" for n in range(1, 11)]
    for address in attackers:
        codes = [_guess(session, "admin", address) for _ in range(per_pair + 2)]
        # each address gets its few guesses, then is paused for this account
        assert codes == ["error.sign_in_failed"] * per_pair + ["error.sign_in_throttled"] * 2
    assert len(session.exec(select(SignInAttempt)).all()) == per_pair * len(attackers)
    # the account is slowed down for everyone, never locked: the admin's own address gets in
    delay = staff_sign_in_delay(session, "admin")
    assert 0 < delay <= MAX_DELAY_SECONDS
    assert sign_in_staff(session, "admin", client="198.51.100.7")
    # an attacker's paused address stays paused, even with the right password
    with pytest.raises(CredentialError) as refused:
        sign_in_staff(session, "admin", client=attackers[0])
    assert refused.value.code == "error.sign_in_throttled"


def test_one_address_cannot_spray_guesses_over_many_accounts(session, city, monkeypatch):
    monkeypatch.setenv("PENGADUAN_SIGN_IN_FAILURES_PER_ADDRESS", "6")
    get_settings.cache_clear()
    try:
        codes = [_guess(session, name, "203.0.113.99") for name in ("admin", "camat.alfa", "lurah.alfa1") * 3]
        assert codes[:6] == ["error.sign_in_failed"] * 6 and set(codes[6:]) == {"error.sign_in_throttled"}
        assert sign_in(session, "camat.alfa", PASSWORD, client="198.51.100.8")  # other addresses are untouched
    finally:
        get_settings.cache_clear()


def test_no_delay_below_the_limit(session, city):
    _guess(session, "admin", "203.0.113.1")
    assert staff_sign_in_delay(session, "admin") == 0


def test_unlock_forgets_an_accounts_failures_everywhere(session, city, capsys, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", session.get_bind().url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(get_settings().sign_in_failures_per_account):
            _guess(session, "admin", address)
    _guess(session, "camat.alfa", "203.0.113.1")
    session.commit()
    assert cli.main(["unlock", "Admin"]) == 0
    get_settings.cache_clear()
    assert "10 failed sign-ins" in capsys.readouterr().out
    session.expire_all()
    assert staff_sign_in_delay(session, "admin") == 0
    assert sign_in_staff(session, "admin", client="203.0.113.1")
    assert len(session.exec(select(SignInAttempt)).all()) == 1  # camat.alfa's failure is kept

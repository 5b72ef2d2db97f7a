"""Issue 16.7: two-factor sign-in, tried as an attacker would with raw HTTP. The password alone never gives an
admin or moderator a session cookie; codes are good once; recovery codes are single-use; wrong codes count
toward the sign-in limits (and `pengaduan unlock` forgets them); `pengaduan reset-2fa` sends the account back
to enrolment."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlmodel import select

from pengaduan_app import cli
from pengaduan_app.config import get_settings
from pengaduan_app.domain import credentials
from pengaduan_app.domain.accounts import SESSION_COOKIE, identity_for
from pengaduan_app.models import AuditEntry, SignInAttempt, StaffRecoveryCode, StaffUser
from pengaduan_app.models.types import utcnow
from pengaduan_app.state.staff_auth import cookie_of
from tests.builders import PASSWORD, TOTP_SECRET, build_city
from tests.conftest import ON_EVERY_DATABASE

PENDING = credentials.PENDING_COOKIE
pytestmark = ON_EVERY_DATABASE  # the replay guard and the counted failures hold on PostgreSQL too


@pytest.fixture
def city(app_db):
    return build_city(app_db)


def _post(client, path: str, data: dict):
    return client.post(path, data=data, follow_redirects=False)


def _cookies(answer) -> dict[str, str]:
    found = {}
    for header in answer.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name] = rest.split(";")[0]
    return found


def _password(client, username: str = "admin", password: str = PASSWORD):
    answer = _post(client, "/staf/sesi", {"username": username, "password": password, "next": "/staf/audit"})
    cookies = _cookies(answer)
    assert SESSION_COOKIE not in cookies or cookies[SESSION_COOKIE] in ('""', "")
    assert cookies.get(PENDING)  # the client keeps it, as a browser would
    return answer


def _user(app_db, username: str) -> StaffUser:
    app_db.expire_all()
    return app_db.exec(select(StaffUser).where(StaffUser.username == username)).one()


def _next_code(app_db, username: str = "admin") -> str:
    """The authenticator's code for the current step (or the next one when the current was just used)."""
    totp = pyotp.TOTP(TOTP_SECRET)
    user = _user(app_db, username)
    step = max(totp.timecode(utcnow()), (user.totp_last_step or 0) + 1)
    assert step <= totp.timecode(utcnow()) + 1, "three sign-ins within one 30-second step: wait in the test"
    return totp.generate_otp(step)


def _session_of(answer) -> str:
    return _cookies(answer).get(SESSION_COOKIE, "")


def test_the_password_alone_gives_no_session_only_a_pending_state(client, app_db, city):
    answer = _password(client)
    assert answer.status_code == 303 and urlsplit(answer.headers["location"]).path == "/staf/masuk/kode"
    header = next(h for h in answer.headers.get_list("set-cookie") if h.startswith(PENDING))
    assert "HttpOnly" in header and "Max-Age=300" in header
    # the pending cookie is not a session: staff pages see nobody
    assert identity_for(app_db, _cookies(answer)[PENDING]) is None


def test_the_right_code_issues_the_session_and_it_works_once(client, app_db, city):
    _password(client)
    code = _next_code(app_db)
    answer = _post(client, "/staf/sesi/kode", {"code": code, "next": "/staf/audit"})
    assert answer.status_code == 303 and answer.headers["location"] == "/staf/audit"
    token = _session_of(answer)
    assert identity_for(app_db, token).username == "admin"
    assert _cookies(answer)[PENDING] in ('""', "")  # the pending state is cleared
    # replayed: the same code, with a fresh password step, is refused
    _password(client)
    again = _post(client, "/staf/sesi/kode", {"code": code, "next": "/staf/audit"})
    assert "galat=code" in again.headers["location"] and not _session_of(again)


def test_an_old_code_is_refused(client, app_db, city):
    _password(client)
    totp = pyotp.TOTP(TOTP_SECRET)
    old = totp.at(utcnow() - timedelta(minutes=5))
    answer = _post(client, "/staf/sesi/kode", {"code": old})
    assert "galat=code" in answer.headers["location"] and not _session_of(answer)


def test_no_code_step_without_the_password_step(client, app_db, city):
    code = _next_code(app_db)
    answer = _post(client, "/staf/sesi/kode", {"code": code})
    assert urlsplit(answer.headers["location"]).path == "/staf/masuk" and "galat=expired" in answer.headers["location"]
    # a forged pending state (another account id, a made-up signature) is no better
    client.cookies.clear()
    client.cookies.set(PENDING, f"{city.admin.id}.9999999999.code.{'0' * 32}")
    assert "galat=expired" in _post(client, "/staf/sesi/kode", {"code": code}).headers["location"]
    user = _user(app_db, "admin")
    stale = credentials.pending_token(user, credentials.STEP_CODE, now=utcnow().timestamp() - 301)
    client.cookies.clear()
    client.cookies.set(PENDING, stale)
    assert "galat=expired" in _post(client, "/staf/sesi/kode", {"code": code}).headers["location"]


def test_wrong_codes_count_toward_the_sign_in_limits_and_unlock_forgets_them(client, app_db, city, monkeypatch):
    per_pair = get_settings().sign_in_failures_per_account
    _password(client)
    for _ in range(per_pair):
        assert "galat=code" in _post(client, "/staf/sesi/kode", {"code": "000000"}).headers["location"]
    app_db.expire_all()
    assert len(app_db.exec(select(SignInAttempt)).all()) == per_pair
    # over the limit, even the right code waits: guessing is throttled, not unlimited
    throttled = _post(client, "/staf/sesi/kode", {"code": _next_code(app_db)})
    assert "galat=throttled" in throttled.headers["location"] and not _session_of(throttled)
    # a right password does not wipe the code failures (only a right code would)
    _post(client, "/staf/sesi", {"username": "admin", "password": PASSWORD})
    app_db.expire_all()
    assert len(app_db.exec(select(SignInAttempt)).all()) == per_pair
    monkeypatch.setenv("REFLEX_DB_URL", app_db.get_bind().url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert cli.main(["unlock", "admin"]) == 0
    finally:
        get_settings.cache_clear()
    _password(client)
    assert _session_of(_post(client, "/staf/sesi/kode", {"code": _next_code(app_db)}))


def test_a_recovery_code_works_once(client, app_db, city):
    codes = credentials.new_recovery_codes(app_db, _user(app_db, "admin"))
    app_db.commit()
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = app_db.exec(select(StaffRecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)  # only hashes are kept
    _password(client)
    answer = _post(client, "/staf/sesi/kode", {"code": codes[0].upper()})
    assert _session_of(answer)
    client.cookies.clear()
    _password(client)
    again = _post(client, "/staf/sesi/kode", {"code": codes[0]})
    assert "galat=code" in again.headers["location"] and not _session_of(again)
    app_db.expire_all()
    assert app_db.exec(select(AuditEntry).where(AuditEntry.action == "recovery_code_used")).first() is not None


def test_an_admin_without_a_second_factor_must_enrol_before_any_session(client, app_db, city, monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", app_db.get_bind().url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert cli.main(["reset-2fa", "admin"]) == 0  # the phone was lost
    finally:
        get_settings.cache_clear()
    answer = _password(client)
    assert urlsplit(answer.headers["location"]).path == "/staf/dua-langkah"
    # the enrolment-pending state is not good for the code step
    assert "galat=expired" in _post(client, "/staf/sesi/kode", {"code": "123456"}).headers["location"]
    _password(client)
    enrolment = credentials.start_enrolment(app_db, _user(app_db, "admin"))
    app_db.commit()
    secret = enrolment.secret.replace(" ", "")
    assert "otpauth://totp/Pengaduan:admin" in enrolment.uri and secret in enrolment.uri
    wrong = _post(client, "/staf/sesi/daftar", {"code": "000000"})
    assert urlsplit(wrong.headers["location"]).path == "/staf/dua-langkah" and not _session_of(wrong)
    right = _post(client, "/staf/sesi/daftar", {"code": pyotp.TOTP(secret).now(), "next": "/staf/audit"})
    location = urlsplit(right.headers["location"])
    assert location.path == "/staf/dua-langkah/pemulihan" and parse_qs(location.query)["next"] == ["/staf/audit"]
    assert identity_for(app_db, _session_of(right)).username == "admin"
    assert credentials.enabled(_user(app_db, "admin"))
    # once enabled, the secret is never shown again
    with pytest.raises(credentials.TwoFactorError):
        credentials.start_enrolment(app_db, _user(app_db, "admin"))


def test_the_secret_is_stored_encrypted(app_db, city):
    assert TOTP_SECRET not in (_user(app_db, "admin").totp_secret or "")


def test_an_officer_without_two_factor_signs_in_with_the_password(client, app_db, city):
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD})
    assert _session_of(answer) and cookie_of("", PENDING) == ""

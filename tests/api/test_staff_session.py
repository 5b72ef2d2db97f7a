"""Issue 14.6: the staff session lives in an HttpOnly, SameSite=Lax cookie set and cleared by server routes; no
script, state var or socket frame carries it; another site's page cannot post to these routes."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.api.security import content_security_policy
from pengaduan_app.domain.accounts import SESSION_COOKIE
from pengaduan_app.models import StaffSession
from pengaduan_app.state.staff_auth import StaffState, session_token_of
from tests.builders import PASSWORD, build_city


@pytest.fixture
def city(app_db):
    return build_city(app_db)


def _post(client: TestClient, path: str, data: dict | None = None, **headers):
    return client.post(path, data=data or {}, headers=headers, follow_redirects=False)


def test_signing_in_sets_an_httponly_lax_cookie_and_goes_on(client, city):
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD, "next": "/staf/akun"})
    assert answer.status_code == 303 and answer.headers["location"] == "/staf/akun"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # plain http here; https gets Secure (below)
    token = session_token_of(cookie.split(";")[0])
    assert len(token) > 30


def test_over_https_the_cookie_is_secure(app_db, city):
    client = TestClient(build_api(), base_url="https://testserver")
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD})
    assert "Secure" in answer.headers["set-cookie"]


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example", "/staf/masuk"])
def test_a_refused_sign_in_sets_nothing_and_never_leaves_the_site(client, city, next_path):
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": "salah-salah-1", "next": next_path})
    assert answer.status_code == 303 and "set-cookie" not in answer.headers
    assert answer.headers["location"].startswith("/staf/masuk?") and "galat=failed" in answer.headers["location"]
    good = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD, "next": next_path})
    assert good.headers["location"] == "/staf"


def test_another_sites_page_cannot_sign_in_or_out(client, app_db, city):
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD}, origin="http://evil.example")
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    token = session_token_of(
        _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD})
        .headers["set-cookie"]
        .split(";")[0]
    )
    client.cookies.set(SESSION_COOKIE, token)
    assert _post(client, "/staf/keluar", origin="http://evil.example").status_code == 403
    assert len(app_db.exec(select(StaffSession)).all()) == 1


def test_signing_out_ends_the_session_and_clears_the_cookie(client, app_db, city):
    answer = _post(client, "/staf/sesi", {"username": "camat.alfa", "password": PASSWORD}, origin="http://testserver")
    client.cookies.set(SESSION_COOKIE, session_token_of(answer.headers["set-cookie"].split(";")[0]))
    out = _post(client, "/staf/keluar", origin="http://testserver")
    assert out.status_code == 303 and out.headers["location"] == "/staf/masuk"
    assert "Max-Age=0" in out.headers["set-cookie"] and "HttpOnly" in out.headers["set-cookie"]
    app_db.expire_all()
    assert app_db.exec(select(StaffSession)).all() == []


def test_no_state_var_holds_the_token_and_sockets_go_to_this_origin_only():
    assert not any("token" in name for name in StaffState.vars)
    assert "connect-src 'self';" in content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "ws:" not in content_security_policy("") and "wss:" not in content_security_policy("")

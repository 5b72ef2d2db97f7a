"""The API keys page's handlers: admins create (shown once) and revoke; everyone else is refused."""

from __future__ import annotations

from sqlmodel import func, select

from pengaduan_app.domain.api_keys import authenticate
from pengaduan_app.models import ApiKey, AuditEntry
from pengaduan_app.state.staff_api_keys import ApiKeysState
from tests.builders import build_city, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate


def _as(root, app_db, username: str) -> ApiKeysState:
    build_city(app_db)
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()
    open_page(root, "/staf/api")
    return substate(root, ApiKeysState)


def test_an_admin_creates_a_key_seen_once_and_revokes_it(root, app_db):
    state = _as(root, app_db, "admin")
    run(state, ApiKeysState.event_handlers["load"])
    assert state.allowed and state.keys == []
    run(state, ApiKeysState.event_handlers["create"], {"name": "  Aplikasi Qlue  "})
    key = state.new_key
    assert key.startswith("pgd_") and state.error == "" and state.message == "Kunci dibuat."
    [row] = state.keys
    assert row.name == "Aplikasi Qlue" and row.prefix == key[:13] + "…" and row.revoked == ""
    assert key not in str(row) and app_db.exec(select(ApiKey.key_hash)).one() not in str(state.dict())
    assert authenticate(app_db, key) is not None
    app_db.rollback()  # end the read: the handlers' own sessions must not wait for it
    run(state, ApiKeysState.event_handlers["dismiss_key"])
    assert state.new_key == ""
    run(state, ApiKeysState.event_handlers["revoke"], row.id)
    assert state.message.startswith("Kunci dicabut") and state.keys[0].revoked != ""
    app_db.expire_all()
    assert authenticate(app_db, key) is None
    actions = app_db.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["api_key_create", "api_key_revoke"]
    app_db.rollback()
    run(state, ApiKeysState.event_handlers["load"])
    assert state.new_key == ""


def test_names_are_checked(root, app_db):
    state = _as(root, app_db, "admin")
    run(state, ApiKeysState.event_handlers["create"], {"name": "   "})
    assert state.error == "Isi nama aplikasi atau sistem yang akan memakai kunci ini." and state.new_key == ""
    run(state, ApiKeysState.event_handlers["create"], {"name": "x" * 81})
    assert "paling banyak 80" in state.error
    run(state, ApiKeysState.event_handlers["revoke"], "999")
    assert state.error == "Kunci API tidak ditemukan."
    assert app_db.exec(select(func.count(ApiKey.id))).one() == 0


def test_officers_are_refused(root, app_db):
    state = _as(root, app_db, "camat.alfa")
    run(state, ApiKeysState.event_handlers["load"])
    assert not state.allowed and state.keys == []
    run(state, ApiKeysState.event_handlers["create"], {"name": "Kunci penyusup"})
    assert state.new_key == "" and state.error == "Anda tidak berwenang melakukan tindakan ini."
    assert app_db.exec(select(func.count(ApiKey.id))).one() == 0
